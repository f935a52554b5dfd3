import { loadConfig, type LoadConfigOptions } from '@sosw/core';
import { DEFAULT_RETRY_TO_QUEUE_LIMIT, taskConfigSchema, type RetryPolicy } from '@sosw/task-manager';
import * as z from 'zod';

/** The function name (and so the config row `<name>_config`) when `AWS_LAMBDA_FUNCTION_NAME` is not set. */
export const DEFAULT_FUNCTION_NAME = 'sosw_scavenger';

/** Labourers scavenged at once in one run. */
export const DEFAULT_LABOURER_CONCURRENCY = 4;

/** Completed and expired tasks handled per labourer per run. */
export const DEFAULT_TASKS_LIMIT = 500;

const positiveInt = z.number().int().min(1);

/**
 * `retry_policy`: how long an expired task waits before it goes back to the queue.
 * - `{"kind": "linear"}` (default): sosw's `duration * attempts`;
 * - `{"kind": "exponential", "base_seconds": 60, "cap_seconds": 3600}`: a random delay between 0 and
 *   `min(cap, base * 2^(attempts - 1))` ("full jitter").
 */
export const retryPolicySchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('linear') }),
      z
        .strictObject({
          kind: z.literal('exponential'),
          base_seconds: z.number().positive(),
          cap_seconds: z.number().positive(),
        })
        .refine((policy) => policy.cap_seconds >= policy.base_seconds, {
          path: ['cap_seconds'],
          error: 'must be at least base_seconds',
        }),
    ],
    { error: 'expected kind "linear" or "exponential"' },
  )
  .transform((policy): RetryPolicy =>
    policy.kind === 'linear'
      ? { kind: 'linear' }
      : { kind: 'exponential', baseSeconds: policy.base_seconds, capSeconds: policy.cap_seconds },
  );

/**
 * The scavenger's config: its own row `<function name>_config` over `sosw_essential_config`.
 *
 * - `task_config`: task-manager's schema (labourers, `max_attempts`, table names).
 * - `retry_policy` (linear): see `retryPolicySchema`.
 * - `retry_tasks_limit` (500): due retries brought back to the queue per labourer per run.
 * - `tasks_limit` (500): completed tasks archived, and expired tasks retried or buried, per labourer per run.
 * - `dead_letter_topic_arn`: an SNS topic told of every buried task; none by default.
 * - `labourer_concurrency` (4): labourers scavenged at once.
 *
 * Unknown top-level keys are tolerated: sosw rows carry many (`init_clients`, `sns_config`, ...).
 */
export const scavengerConfigSchema = z.looseObject({
  task_config: taskConfigSchema.prefault({}),
  retry_policy: retryPolicySchema.prefault({ kind: 'linear' }),
  retry_tasks_limit: positiveInt.default(DEFAULT_RETRY_TO_QUEUE_LIMIT),
  tasks_limit: positiveInt.default(DEFAULT_TASKS_LIMIT),
  dead_letter_topic_arn: z.string().startsWith('arn:').optional(),
  labourer_concurrency: positiveInt.default(DEFAULT_LABOURER_CONCURRENCY),
});

/** The scavenger's config as written in the config rows. */
export type ScavengerConfigInput = z.input<typeof scavengerConfigSchema>;
/** The scavenger's config after parsing, defaults applied. */
export type ScavengerConfig = z.output<typeof scavengerConfigSchema>;

/**
 * The scavenger's function name: `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_scavenger`.
 *
 * @example
 * scavengerFunctionName({}); // 'sosw_scavenger'
 */
export function scavengerFunctionName(
  variables: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return variables.AWS_LAMBDA_FUNCTION_NAME ?? DEFAULT_FUNCTION_NAME;
}

/**
 * Loads and checks the scavenger's config from the config table (see `loadConfig` of `@sosw/core`).
 *
 * @throws ConfigError naming each bad field
 *
 * @example
 * const config = await loadScavengerConfig({ overrides: { retry_tasks_limit: 100 } });
 */
export function loadScavengerConfig(
  options: Partial<Omit<LoadConfigOptions<typeof scavengerConfigSchema>, 'schema'>> = {},
): Promise<ScavengerConfig> {
  return loadConfig({
    ...options,
    functionName: options.functionName ?? scavengerFunctionName(options.variables),
    schema: scavengerConfigSchema,
  });
}
