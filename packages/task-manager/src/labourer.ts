import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { HealthMetrics } from '@sosw/ecology';
import type { Timing } from './greenfield.js';
import {
  maxAttemptsOverride,
  type DispatchMode,
  type LabourerConfig,
  type TaskConfig,
} from './labourer-config.js';
import type { TaskManagerLogger } from './types.js';
import type { RateConfig } from './dispatch/rate-bucket.js';

/**
 * What `duration` becomes when the config does not give one and the Lambda's timeout cannot be read:
 * Lambda's own maximum timeout, so a task is never expired while its worker may still be running.
 */
export const FALLBACK_DURATION_SECONDS = 900;

/**
 * A labourer, resolved from config: a worker Lambda and the rules its tasks follow. Fits where the
 * ecology wants a labourer (`id`, `healthMetrics`) and where a run window wants a `Timing`.
 */
export interface Labourer extends Timing {
  /** The key under `task_config.labourers`, and the `labourer_id` of its tasks. */
  readonly id: string;
  /** The worker Lambda: the only function the orchestrator invokes for this labourer. */
  readonly arn: string;
  /** Invocations running at once, at most, before the ecology scales it down. */
  readonly maxSimultaneousInvocations: number;
  /** Attempts before an expired task is buried instead of retried. */
  readonly maxAttempts: number;
  readonly healthMetrics: HealthMetrics;
  /** Continuous refill under a lease (the default), or sosw's once-per-scheduled-run (`per_minute`). */
  readonly dispatch: DispatchMode;
  /** Tasks of one `concurrency_key` running at once, at most; `undefined`: no per-key cap. */
  readonly perKeyCap?: number | undefined;
  /** Invocations a second and a minute, at most (see `rateLimits`); none: no rate limit. */
  readonly rates?: RateConfig | undefined;
  /** The shared resources its tasks use (`task_config.resources`); none: only its own cap. */
  readonly resources?: readonly string[] | undefined;
}

/** How `resolveLabourers` reads Lambda timeouts and reports what it could not read. */
export interface ResolveLabourersOptions {
  /** Reads the worker Lambdas' timeouts. Default: `new LambdaClient({})`, made only when needed. */
  lambda?: LambdaClient;
  /** Warned when a timeout cannot be read (then `FALLBACK_DURATION_SECONDS`). Default `console`. */
  logger?: Pick<TaskManagerLogger, 'warn'>;
}

/**
 * A labourer from its parsed config, once its duration is known. `maxAttempts` is, first found:
 * `task_config.max_attempts_<id>` (sosw's override), the labourer's own `max_attempts`,
 * `task_config.max_attempts` (default 3).
 *
 * @example
 * const taskConfig = parseTaskConfig({ max_attempts_w: 5, labourers: { w: { arn: 'arn:w' } } });
 * toLabourer('w', taskConfig.labourers.w!, taskConfig, 60).maxAttempts; // 5
 */
export function toLabourer(
  id: string,
  config: LabourerConfig,
  taskConfig: TaskConfig,
  duration: number,
): Labourer {
  return {
    id,
    arn: config.arn,
    maxSimultaneousInvocations: config.max_simultaneous_invocations,
    maxAttempts: maxAttemptsOverride(taskConfig, id) ?? config.max_attempts ?? taskConfig.max_attempts,
    duration,
    cooldown: config.cooldown,
    healthMetrics: config.health_metrics,
    dispatch: config.dispatch,
    perKeyCap: config.max_simultaneous_per_key,
    rates:
      config.max_invocations_per_second === undefined && config.max_invocations_per_minute === undefined
        ? undefined
        : { perSecond: config.max_invocations_per_second, perMinute: config.max_invocations_per_minute },
    resources: config.resources,
  };
}

/**
 * The labourers of a parsed `task_config`, in config order. A labourer without `duration` gets its
 * Lambda's configured timeout, read with one `GetFunctionConfiguration` per such labourer (in parallel),
 * or `FALLBACK_DURATION_SECONDS` (900) with a warning when it cannot be read. Call it once per run: a
 * timeout changed in AWS is seen on the next run.
 *
 * @example
 * const taskConfig = parseTaskConfig(config.task_config);
 * const labourers = await resolveLabourers(taskConfig, { lambda: new LambdaClient({}), logger });
 * labourers[0]; // { id: 'worker', arn: '...', duration: 120, cooldown: 300, maxAttempts: 3, ... }
 */
export async function resolveLabourers(
  taskConfig: TaskConfig,
  options: ResolveLabourersOptions = {},
): Promise<Labourer[]> {
  const logger = options.logger ?? console;
  let lambda = options.lambda;
  const timeoutOf = async (id: string, arn: string): Promise<number> => {
    lambda ??= new LambdaClient({});
    try {
      const { Timeout } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
      if (Timeout !== undefined && Timeout > 0) return Timeout;
      logger.warn('labourer duration: the Lambda configuration has no Timeout; using the fallback', {
        labourer_id: id,
        arn,
        duration: FALLBACK_DURATION_SECONDS,
      });
    } catch (error) {
      logger.warn('labourer duration: cannot read the Lambda timeout; using the fallback', {
        labourer_id: id,
        arn,
        duration: FALLBACK_DURATION_SECONDS,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    return FALLBACK_DURATION_SECONDS;
  };
  return Promise.all(
    Object.entries(taskConfig.labourers).map(async ([id, config]) =>
      toLabourer(id, config, taskConfig, config.duration ?? (await timeoutOf(id, config.arn))),
    ),
  );
}
