export {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_REFILL_INTERVAL_MS,
  DEFAULT_SCHEDULE_PERIOD_SECONDS,
  DEFAULT_STOP_BEFORE_TIMEOUT_SECONDS,
  ecologyConfigOf,
  loadOrchestratorConfig,
  orchestratorConfigSchema,
  orchestratorFunctionName,
  type OrchestratorConfig,
  type OrchestratorConfigInput,
} from './config.js';
export { Orchestrator, type OrchestratorOptions, type OrchestratorRunOptions } from './orchestrator.js';
export { ORCHESTRATOR_STATS } from './stat-names.js';
export { dispatchRequestSchema, triggerOf, type Trigger } from './trigger.js';
export type { LabourerOutcome, LeaseOutcome, OrchestratorLogger, OrchestratorSummary } from './types.js';
