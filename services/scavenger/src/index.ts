export {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_LABOURER_CONCURRENCY,
  DEFAULT_TASKS_LIMIT,
  loadScavengerConfig,
  retryPolicySchema,
  scavengerConfigSchema,
  scavengerFunctionName,
  type ScavengerConfig,
  type ScavengerConfigInput,
} from './config.js';
export {
  DeadLetterPublisher,
  deadLetterMessage,
  PUBLISH_BATCH_SIZE,
  publishBatchEntries,
  type DeadLetterMessage,
  type DeadLetterPublisherOptions,
  type PublishOutcome,
} from './dead-letter.js';
export {
  noAttemptsLeftReason,
  Scavenger,
  type ScavengerOptions,
  type ScavengerRunOptions,
} from './scavenger.js';
export { SCAVENGER_STATS } from './stat-names.js';
export type { LabourerScavengeOutcome, ScavengerLogger, ScavengerSummary } from './types.js';
