export {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_LABOURER_CONCURRENCY,
  ecologyConfigOf,
  loadOrchestratorConfig,
  orchestratorConfigSchema,
  orchestratorFunctionName,
  type OrchestratorConfig,
  type OrchestratorConfigInput,
} from './config.js';
export { Orchestrator, type OrchestratorOptions, type OrchestratorRunOptions } from './orchestrator.js';
export { ORCHESTRATOR_STATS } from './stat-names.js';
export type { LabourerOutcome, OrchestratorLogger, OrchestratorSummary } from './types.js';
