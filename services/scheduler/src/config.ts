import { ConfigError, formatIssues, toValidationIssues } from '@sosw/core';
import { taskConfigSchema } from '@sosw/task-manager';
import * as z from 'zod';
import {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_S3_PREFIX,
  DEFAULT_SHUTDOWN_PERIOD_SECONDS,
  DEFAULT_WRITE_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
} from './constants.js';

const attrName = z.string().min(1);

/**
 * A chunkable attribute as config writes it: a name (`"store"`) or sosw's pair (`["store", {}]`, whose
 * second element is ignored).
 */
const chunkableAttrSchema = z
  .union([attrName, z.tuple([attrName, z.record(z.string(), z.unknown())])])
  .transform((entry) => (typeof entry === 'string' ? entry : entry[0]));

/**
 * A job schema: `chunkable_attrs`, the chunkable attributes outermost first, in the singular. A name
 * ending in `s` is refused (the job's plural key is the name plus `s`), as in sosw; so is a name given twice.
 */
export const jobSchemaSchema = z.looseObject({
  chunkable_attrs: z
    .array(chunkableAttrSchema)
    .default([])
    .superRefine(
      (attrs, ctx) => {
        attrs.forEach((attr, index) => {
          if (attr.endsWith('s')) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              input: attr,
              message: `"${attr}" must be singular ("${attr.replace(/s+$/, '')}"): jobs may use the singular or the plural key`,
            });
          } else if (attrs.indexOf(attr) !== index) {
            ctx.addIssue({ code: 'custom', path: [index], input: attr, message: `"${attr}" is given twice` });
          }
        });
      },
      // zod runs a refinement after a non-aborting issue too, handing it the raw input: a pair whose name
      // is bad (`["", {}]`) would arrive here untransformed. The names are only checked once all are names.
      { when: (payload) => payload.issues.length === 0 },
    ),
});

/** A job schema after parsing: the chunkable attributes as plain names. */
export type JobSchema = z.output<typeof jobSchemaSchema>;

/**
 * The scheduler's config: its row `<function name>_config` over `sosw_essential_config`.
 *
 * - `task_config`: task-manager's (labourers, table names); a job's labourer must be one of these.
 * - `job_schema`: the default job schema (`{chunkable_attrs: [...]}`).
 * - `job_schema_variants`: name -> job schema, picked per job by `job_schema_name`; `default` (if given)
 *   is used when a job names none.
 * - `shutdown_period` (60): seconds of remaining time under which the rest goes to S3.
 * - `s3_bucket` (required; sosw's `queue_bucket` is read when it is missing): where continuations go,
 *   under `s3_prefix` (`sosw/scheduler`).
 * - `write_batch_size` (500): tasks per `createTasks` call, and how often the time is checked.
 * - `write_concurrency` (16): transactions in flight at once while a batch is written (25 tasks each).
 *
 * Unknown top-level keys are tolerated: sosw rows carry many (`init_clients`, `rows_to_process`, ...).
 */
export const schedulerConfigSchema = z
  .looseObject({
    task_config: taskConfigSchema.prefault({}),
    job_schema: jobSchemaSchema.prefault({}),
    job_schema_variants: z.record(z.string().min(1), jobSchemaSchema).default({}),
    shutdown_period: z.number().min(0).default(DEFAULT_SHUTDOWN_PERIOD_SECONDS),
    s3_bucket: z.string().min(1).optional(),
    queue_bucket: z.string().min(1).optional(),
    s3_prefix: z.string().default(DEFAULT_S3_PREFIX),
    write_batch_size: z.number().int().min(1).max(10_000).default(DEFAULT_WRITE_BATCH_SIZE),
    write_concurrency: z.number().int().min(1).max(64).default(DEFAULT_WRITE_CONCURRENCY),
  })
  .superRefine((config, ctx) => {
    if (config.s3_bucket === undefined && config.queue_bucket === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['s3_bucket'],
        input: undefined,
        message: 'missing: the bucket where a job that runs out of time leaves the tasks not yet written',
      });
    }
  })
  .transform(({ queue_bucket, s3_bucket, ...config }) => ({
    ...config,
    s3_bucket: (s3_bucket ?? queue_bucket) as string,
  }));

/** The scheduler's config as written in the config rows. */
export type SchedulerConfigInput = z.input<typeof schedulerConfigSchema>;
/** The scheduler's config after parsing, defaults applied. */
export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;

/**
 * Parses a scheduler config given in code (tests, local runs); `loadConfig` does the same for the rows.
 *
 * @throws ConfigError listing each bad field: `job_schema.chunkable_attrs[0]: "stores" must be singular ...`
 *
 * @example
 * const config = parseSchedulerConfig({
 *   s3_bucket: 'my-bucket',
 *   task_config: { labourers: { worker: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:worker' } } },
 *   job_schema: { chunkable_attrs: ['section', 'store'] },
 * });
 */
export function parseSchedulerConfig(input: unknown): SchedulerConfig {
  const result = schedulerConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error.issues);
  throw new ConfigError(`scheduler config is invalid: ${formatIssues(issues)}`, issues, {
    cause: result.error,
  });
}

/**
 * The scheduler's function name: `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_scheduler`.
 *
 * @example
 * schedulerFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'dev_sosw_scheduler' }); // 'dev_sosw_scheduler'
 */
export function schedulerFunctionName(
  variables: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return variables.AWS_LAMBDA_FUNCTION_NAME ?? DEFAULT_FUNCTION_NAME;
}
