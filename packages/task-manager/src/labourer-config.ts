import { formatIssues, formatPath, toValidationIssues } from '@sosw/core';
import { healthMetricsSchema } from '@sosw/ecology';
import { z } from 'zod';
import { TaskConfigError } from './errors.js';
import { MAX_KEY_WEIGHT } from './fair-share.js';

/** Attempts a task gets when neither the labourer nor `task_config` says otherwise (sosw's default). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Seconds after a labourer's `duration` before an unfinished task counts as expired (sosw's default). */
export const DEFAULT_COOLDOWN_SECONDS = 300;

/** Invocations of a labourer running at once when its config does not say. */
export const DEFAULT_MAX_SIMULTANEOUS_INVOCATIONS = 1;

/**
 * How the orchestrator dispatches a labourer's tasks:
 * - `continuous` (ours, the default): one orchestrator at a time holds the labourer's lease and refills a
 *   slot within a second or so of it freeing, for as long as there is queued work;
 * - `per_minute` (sosw's model): each scheduled orchestrator run invokes what the budget allows, once.
 */
export const DISPATCH_MODES = ['continuous', 'per_minute'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];

/** sosw's per-labourer override of `max_attempts`: `max_attempts_<labourer id>` at `task_config` level. */
export const MAX_ATTEMPTS_OVERRIDE_PREFIX = 'max_attempts_';

const tableNameSchema = z.string().min(1);

/**
 * One labourer under `task_config.labourers.<id>`, in sosw's shape (snake_case). Strict: an unknown field
 * is an error naming it, so a typo (`max_simultanious_invocations`) cannot silently fall back to a default.
 *
 * - `arn`: the worker Lambda; the orchestrator invokes this and nothing else.
 * - `max_simultaneous_invocations` (default 1), before the ecology scales it.
 * - `max_attempts`: optional here; see `resolveLabourers` for the order of precedence (default 3).
 * - `duration`: seconds an invocation may run; default: the Lambda's configured timeout.
 * - `cooldown` (default 300): seconds after `duration` before an unfinished task expires.
 * - `health_metrics` (default none): see `@sosw/ecology`.
 * - `dispatch` (default `continuous`): see `DISPATCH_MODES`.
 * - `max_simultaneous_per_key` (default none): tasks of one `concurrency_key` running at once, at most
 *   (tasks without a key count as one key). Held by the dispatch lease's holder, like the labourer's cap.
 * - `max_invocations_per_second`, `max_invocations_per_minute` (default none): rate limits; tasks over
 *   them wait in the queue (see `dispatch/rate-bucket.ts` for the exact bound).
 * - `resources` (default none): names of `task_config.resources` this labourer's tasks use; the tasks
 *   running across every labourer that uses a resource never exceed the resource's budget.
 * - `key_weights` (default none): concurrency key -> weight in (0, 1000], 1 if missing (`fair-share.ts`).
 */
export const labourerConfigSchema = z.strictObject({
  arn: z.string().min(1),
  max_simultaneous_invocations: z.number().int().min(0).default(DEFAULT_MAX_SIMULTANEOUS_INVOCATIONS),
  max_attempts: z.number().int().min(1).optional(),
  duration: z.number().int().positive().optional(),
  cooldown: z.number().int().min(0).default(DEFAULT_COOLDOWN_SECONDS),
  health_metrics: healthMetricsSchema.default({}),
  dispatch: z.enum(DISPATCH_MODES).default('continuous'),
  max_simultaneous_per_key: z.number().int().min(1).optional(),
  max_invocations_per_second: z.number().positive().optional(),
  max_invocations_per_minute: z.number().positive().optional(),
  resources: z.array(z.string().min(1)).optional(),
  key_weights: z.record(z.string().min(1), z.number().positive().max(MAX_KEY_WEIGHT)).optional(),
});

/**
 * A downstream system several labourers share (a database, an API), under `task_config.resources.<name>`:
 * `max_simultaneous` tasks running at once across all of them, at most, scaled by the ecology of its own
 * `health_metrics` as a labourer's budget is. Strict, as a labourer is.
 */
export const resourceConfigSchema = z.strictObject({
  max_simultaneous: z.number().int().min(0),
  health_metrics: healthMetricsSchema.default({}),
});

/** A resource's config after parsing. */
export type ResourceConfig = z.output<typeof resourceConfigSchema>;

/** A labourer as written in the config document. */
export type LabourerConfigInput = z.input<typeof labourerConfigSchema>;
/** A labourer's config after parsing (defaults applied, health metrics parsed). */
export type LabourerConfig = z.output<typeof labourerConfigSchema>;

/**
 * The `task_config` section of a sosw service's config. Known keys are checked; other keys at this level
 * are kept and ignored, because existing sosw config rows carry many (`greenfield_task_step`,
 * `init_clients`, ...). Inside a labourer, unknown keys are errors.
 *
 * - `labourers`: labourer id -> labourer (default none).
 * - `resources`: resource name -> resource (default none), shared by the labourers that name it.
 * - `max_attempts` (default 3) and `max_attempts_<id>`: sosw's attempts, overall and per labourer.
 * - Table names, under sosw's keys, each overriding the prefixed default name when present (an exact
 *   name, no prefix added): `dynamo_db_config.table_name` (tasks), `sosw_closed_tasks_table`,
 *   `sosw_retry_tasks_table`, and `meta_handler_config.dynamo_db_config.table_name` (meta: sosw's
 *   `MetaHandler` reads it from `meta_handler_config` at the top of a service's config; pass that here).
 *
 * @example
 * const serviceSchema = z.object({ task_config: taskConfigSchema });
 * // task_config.labourers.worker.max_attempts: expected number, got string
 */
export const taskConfigSchema = z
  .looseObject({
    labourers: z.record(z.string().min(1), labourerConfigSchema).default({}),
    resources: z.record(z.string().min(1), resourceConfigSchema).default({}),
    max_attempts: z.number().int().min(1).default(DEFAULT_MAX_ATTEMPTS),
    dynamo_db_config: z.looseObject({ table_name: tableNameSchema.optional() }).optional(),
    sosw_closed_tasks_table: tableNameSchema.optional(),
    sosw_retry_tasks_table: tableNameSchema.optional(),
    meta_handler_config: z
      .looseObject({
        dynamo_db_config: z.looseObject({ table_name: tableNameSchema.optional() }).optional(),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const declared = Object.keys(config.resources);
    for (const [id, labourer] of Object.entries(config.labourers)) {
      for (const [index, name] of (labourer.resources ?? []).entries()) {
        if (declared.includes(name)) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['labourers', id, 'resources', index],
          input: name,
          message: `names no resource of task_config.resources (declared: ${declared.length === 0 ? 'none' : declared.join(', ')})`,
        });
      }
    }
    for (const [key, value] of Object.entries(config)) {
      if (!key.startsWith(MAX_ATTEMPTS_OVERRIDE_PREFIX)) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value,
          message: `must be a whole number of attempts, at least 1 (it overrides max_attempts of labourer "${key.slice(MAX_ATTEMPTS_OVERRIDE_PREFIX.length)}")`,
        });
      }
    }
  });

/** `task_config` as written in the config document. */
export type TaskConfigInput = z.input<typeof taskConfigSchema>;
/** `task_config` after parsing. */
export type TaskConfig = z.output<typeof taskConfigSchema>;

/**
 * Parses the `task_config` section, or throws a `TaskConfigError` naming every bad field by its path
 * under `path` (default `task_config`).
 *
 * @example
 * const taskConfig = parseTaskConfig({ labourers: { worker: { arn: 'arn:aws:lambda:...:function:worker' } } });
 * taskConfig.labourers.worker?.cooldown; // 300
 * parseTaskConfig({ labourers: { worker: { arn: 'a', colour: 'red' } } });
 * // TaskConfigError: task_config is invalid: task_config.labourers.worker.colour: unknown field
 */
export function parseTaskConfig(input: unknown, path = 'task_config'): TaskConfig {
  const result = taskConfigSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const root = path === '' ? [] : path.split('.');
  const issues = toValidationIssues(
    result.error.issues.map((issue) => ({ ...issue, path: [...root, ...issue.path] })),
  );
  throw new TaskConfigError(`${formatPath(root)} is invalid: ${formatIssues(issues)}`, issues, {
    cause: result.error,
  });
}

/**
 * The `max_attempts_<id>` override of a labourer, if the config has one.
 *
 * @example
 * maxAttemptsOverride(parseTaskConfig({ max_attempts_worker: 5 }), 'worker'); // 5
 */
export function maxAttemptsOverride(taskConfig: TaskConfig, labourerId: string): number | undefined {
  const value = taskConfig[`${MAX_ATTEMPTS_OVERRIDE_PREFIX}${labourerId}`];
  return typeof value === 'number' ? value : undefined;
}
