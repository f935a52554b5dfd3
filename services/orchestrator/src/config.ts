import { loadConfig, type LoadConfigOptions } from '@sosw/core';
import { ecologyConfigOf } from '@sosw/ecology';
import {
  DEFAULT_INVOKE_CONCURRENCY,
  DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE,
  taskConfigSchema,
} from '@sosw/task-manager';
import * as z from 'zod';

/** The function name (and so the config row `<name>_config`) when `AWS_LAMBDA_FUNCTION_NAME` is not set. */
export const DEFAULT_FUNCTION_NAME = 'sosw_orchestrator';

/** How long a dispatching run waits between two looks for freed slots: half of the 1 s a refill may take. */
export const DEFAULT_REFILL_INTERVAL_MS = 500;

/** How often the schedule rule runs the orchestrator (the infra's rule: every minute). */
export const DEFAULT_SCHEDULE_PERIOD_SECONDS = 60;

/** How long before its Lambda timeout a run stops dispatching, to flush meta rows and let go of leases. */
export const DEFAULT_STOP_BEFORE_TIMEOUT_SECONDS = 10;

const positiveInt = z.number().int().min(1);
const section = z.record(z.string(), z.unknown());

/**
 * The orchestrator's config: its own row `<function name>_config` over `sosw_essential_config`.
 *
 * - `task_config`: task-manager's schema (labourers, `max_attempts`, table names), usually in the
 *   essential row.
 * - `ecology_config`: `@sosw/ecology`'s document (`status_when_no_data`, `budget_coefficients`); checked
 *   when the orchestrator is built.
 * - `invocation_number_coefficient`: sosw's name for the budget coefficients (`{"2": 0.5}`), kept so an
 *   existing sosw row works; `ecology_config.budget_coefficients` wins where both give a status.
 * - `invoke_concurrency` (32): claims and invokes in flight at once, per labourer.
 * - `invoke_refusals_before_failure` (5): the refusal for now (throttling, 5xx, a deleted function) of a
 *   task's invoke that is this many in a row fails the attempt; the ones before it are rolled back. An
 *   invoke refused for good (payload too large) buries the task at once. See task-manager's
 *   `settleRefusedClaim`.
 * - `refill_interval_ms` (500): how long a dispatching run waits between two looks for freed slots.
 * - `schedule_period_seconds` (60): how often the schedule runs the orchestrator; a run that finds a
 *   labourer's lease held by a run whose time ends within it waits to take over.
 * - `stop_before_timeout_seconds` (10): a run stops dispatching this long before its Lambda timeout.
 *
 * Unknown top-level keys are tolerated: sosw rows carry many (`init_clients`, ...).
 */
export const orchestratorConfigSchema = z.looseObject({
  task_config: taskConfigSchema.prefault({}),
  ecology_config: section.optional(),
  invocation_number_coefficient: section.optional(),
  invoke_concurrency: positiveInt.default(DEFAULT_INVOKE_CONCURRENCY),
  invoke_refusals_before_failure: positiveInt.default(DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE),
  refill_interval_ms: positiveInt.max(10_000).default(DEFAULT_REFILL_INTERVAL_MS),
  schedule_period_seconds: positiveInt.default(DEFAULT_SCHEDULE_PERIOD_SECONDS),
  stop_before_timeout_seconds: z.number().int().min(0).default(DEFAULT_STOP_BEFORE_TIMEOUT_SECONDS),
});

/** The orchestrator's config as written in the config rows. */
export type OrchestratorConfigInput = z.input<typeof orchestratorConfigSchema>;
/** The orchestrator's config after parsing, defaults applied. */
export type OrchestratorConfig = z.output<typeof orchestratorConfigSchema>;

/**
 * The orchestrator's function name: `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_orchestrator`.
 *
 * @example
 * orchestratorFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'dev_sosw_orchestrator' }); // 'dev_sosw_orchestrator'
 */
export function orchestratorFunctionName(
  variables: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return variables.AWS_LAMBDA_FUNCTION_NAME ?? DEFAULT_FUNCTION_NAME;
}

/**
 * Loads and checks the orchestrator's config from the config table (see `loadConfig` of `@sosw/core`).
 *
 * @throws ConfigError naming each bad field
 *
 * @example
 * const config = await loadOrchestratorConfig({ overrides: { invoke_concurrency: 8 } });
 */
export function loadOrchestratorConfig(
  options: Partial<Omit<LoadConfigOptions<typeof orchestratorConfigSchema>, 'schema'>> = {},
): Promise<OrchestratorConfig> {
  return loadConfig({
    ...options,
    functionName: options.functionName ?? orchestratorFunctionName(options.variables),
    schema: orchestratorConfigSchema,
  });
}

/** The ecology config of an orchestrator config: see `ecologyConfigOf` of `@sosw/ecology`, where it lives. */
export { ecologyConfigOf };
