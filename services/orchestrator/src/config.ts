import { loadConfig, type LoadConfigOptions } from '@sosw/core';
import { ecologyConfigOf } from '@sosw/ecology';
import { DEFAULT_INVOKE_CONCURRENCY, taskConfigSchema } from '@sosw/task-manager';
import * as z from 'zod';

/** The function name (and so the config row `<name>_config`) when `AWS_LAMBDA_FUNCTION_NAME` is not set. */
export const DEFAULT_FUNCTION_NAME = 'sosw_orchestrator';

/** Labourers worked on at once in one run: each is a few queries and up to `invoke_concurrency` invokes. */
export const DEFAULT_LABOURER_CONCURRENCY = 4;

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
 * - `labourer_concurrency` (4): labourers worked on at once.
 *
 * Unknown top-level keys are tolerated: sosw rows carry many (`init_clients`, ...).
 */
export const orchestratorConfigSchema = z.looseObject({
  task_config: taskConfigSchema.prefault({}),
  ecology_config: section.optional(),
  invocation_number_coefficient: section.optional(),
  invoke_concurrency: positiveInt.default(DEFAULT_INVOKE_CONCURRENCY),
  labourer_concurrency: positiveInt.default(DEFAULT_LABOURER_CONCURRENCY),
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
