import { loadConfig, type LoadConfigOptions } from '@sosw/core';
import { taskConfigSchema, THROTTLES_BEFORE_ATTEMPT } from '@sosw/task-manager';
import * as z from 'zod';

/** The function name (and so the config row `<name>_config`) when `AWS_LAMBDA_FUNCTION_NAME` is not set. */
export const DEFAULT_FUNCTION_NAME = 'sosw_worker_assistant';

/** How long a labourer's timing (its duration from the Lambda's timeout) is kept before it is read again. */
export const DEFAULT_LABOURER_REFRESH_SECONDS = 300;

/**
 * The worker-assistant's config: its own row `<function name>_config` over `sosw_essential_config`.
 *
 * - `task_config`: task-manager's schema; the labourers' `duration` and `cooldown` place a failed task
 *   where the scavenger sees it as expired, and the table names say where tasks are.
 * - `labourer_refresh_seconds` (300): how long a labourer's duration read from its Lambda timeout is kept.
 * - `throttles_before_attempt` (5): throttled reports in a row after which a throttle spends the attempt.
 *
 * Unknown top-level keys are tolerated: sosw rows carry many (`dynamo_db_config`, `init_clients`, ...).
 */
export const workerAssistantConfigSchema = z.looseObject({
  task_config: taskConfigSchema.prefault({}),
  labourer_refresh_seconds: z.number().int().min(0).default(DEFAULT_LABOURER_REFRESH_SECONDS),
  throttles_before_attempt: z.number().int().min(1).default(THROTTLES_BEFORE_ATTEMPT),
});

/** The worker-assistant's config as written in the config rows. */
export type WorkerAssistantConfigInput = z.input<typeof workerAssistantConfigSchema>;
/** The worker-assistant's config after parsing, defaults applied. */
export type WorkerAssistantConfig = z.output<typeof workerAssistantConfigSchema>;

/**
 * The worker-assistant's function name: `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_worker_assistant`.
 *
 * @example
 * workerAssistantFunctionName({}); // 'sosw_worker_assistant'
 */
export function workerAssistantFunctionName(
  variables: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return variables.AWS_LAMBDA_FUNCTION_NAME ?? DEFAULT_FUNCTION_NAME;
}

/**
 * Loads and checks the worker-assistant's config from the config table (see `loadConfig` of `@sosw/core`).
 *
 * @throws ConfigError naming each bad field
 *
 * @example
 * const config = await loadWorkerAssistantConfig();
 */
export function loadWorkerAssistantConfig(
  options: Partial<Omit<LoadConfigOptions<typeof workerAssistantConfigSchema>, 'schema'>> = {},
): Promise<WorkerAssistantConfig> {
  return loadConfig({
    ...options,
    functionName: options.functionName ?? workerAssistantFunctionName(options.variables),
    schema: workerAssistantConfigSchema,
  });
}
