export {
  CONTEXT_KEYS,
  parseSoswSettings,
  soswSettings,
  type ContextReader,
  type SoswSettings,
} from './context.js';
export {
  ESSENTIALS,
  essentialFunctionName,
  essentialStackId,
  labourerFunctionName,
  stackName,
  TABLES_STACK_ID,
  workerFunctionName,
  workerStackId,
  type Essential,
} from './naming.js';
export { InfraContextError, InfraPropsError, MissingBundleError } from './errors.js';
export { BUNDLE_HANDLER, bundleCode, serviceBundle, workerBundle, WORKSPACE_ROOT } from './bundles.js';
export { ESSENTIAL_SPECS, type EssentialSpec } from './essential-specs.js';
export {
  ESSENTIAL_TABLE_ACCESS,
  tableAccessStatements,
  type TableAccess,
  type TableGrant,
} from './table-access.js';
export { EssentialFunction, type EssentialFunctionProps } from './essential-function.js';
export { FunctionAlarms, FunctionLogs, LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from './lambda-basics.js';
export {
  TablesStack,
  tableSchema,
  TTL_ATTRIBUTE,
  TABLES_WITH_TTL,
  type TablesStackProps,
} from './tables-stack.js';
export type { EssentialStackProps } from './essential-stack.js';
export { OrchestratorStack } from './orchestrator-stack.js';
export { ScavengerStack } from './scavenger-stack.js';
export { CONTINUATION_PREFIX, SchedulerStack } from './scheduler-stack.js';
export { WorkerAssistantStack } from './worker-assistant-stack.js';
export {
  Labourer,
  labourerOutputKey,
  SCHEDULER_NAME_ENV,
  WORKER_ASSISTANT_NAME_ENV,
  type LabourerProps,
} from './labourer.js';
export { labourerConfigEntry, labourerConfigPatch, type LabourerConfigInput } from './labourer-config.js';
export {
  DEFAULT_WORKER_MEMORY_MB,
  DEFAULT_WORKER_TIMEOUT,
  WorkerFunction,
  workerLambda,
  type WorkerCodeProps,
  type WorkerFunctionProps,
  type WorkerLambda,
} from './worker-function.js';
export { WorkerStack, type WorkerStackProps } from './worker-stack.js';
export {
  eventPatternOf,
  EventRuleSource,
  ObjectSource,
  parseTriggers,
  QUEUE_NAME_LIMIT,
  QueueSource,
  queueVisibilityTimeout,
  scheduleInput,
  ScheduleSource,
  sourceResourceName,
  StreamSource,
  TOPIC_NAME_LIMIT,
  TopicSource,
  TriggerSources,
  triggerLabel,
  wireTriggers,
  type ScheduleInput,
  type TriggerSourceProps,
  type TriggerSourcesProps,
  type WireTriggersOptions,
} from './triggers/index.js';
export { addSoswStacks, type SoswStacks } from './sosw-app.js';
export { workerDeployArgs } from './deploy-args.js';
export {
  APP_FILE,
  LABOURER_FILE,
  loadAppTriggers,
  parseLabourerJson,
  workerDeclarations,
  type LabourerDeclaration,
  type WorkerDeclaration,
} from './worker-declarations.js';
