export { Scheduler, type SchedulerOptions } from './scheduler.js';
export {
  jobSchemaSchema,
  parseSchedulerConfig,
  schedulerConfigSchema,
  schedulerFunctionName,
  type JobSchema,
  type SchedulerConfig,
  type SchedulerConfigInput,
} from './config.js';
export {
  CONTINUATION_FORMAT,
  CONTROL_KEYS,
  DATE_LIST_KEY,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_JOB_SCHEMA_NAME,
  DEFAULT_S3_PREFIX,
  DEFAULT_SHUTDOWN_PERIOD_SECONDS,
  DEFAULT_WRITE_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
} from './constants.js';
export { ContinuationError, InvalidJob } from './errors.js';
export { SCHEDULER_STATS } from './stat-names.js';
export type {
  ResumePointer,
  ScheduleResult,
  SchedulerContext,
  SchedulerLogger,
  TaskPayload,
} from './types.js';
export { chunkJob } from './chunking/chunk.js';
export { levelKey, plural } from './chunking/chunkable-attrs.js';
export { batchSize, chunkingRequested, flagScope, isFlagSet, type FlagScope } from './chunking/flags.js';
export { needsChunking } from './chunking/needs-chunking.js';
export { batchesOf, isChunkValue, isNullValuedDict, type ChunkValue } from './chunking/values.js';
export { dateRange, dayNumber, isoDate, today, weekday, type IsoDate } from './periods/calendar.js';
export { PERIOD_PATTERNS, periodDates } from './periods/periods.js';
export { jobDateLists } from './periods/job-dates.js';
export { parseEvent, type SchedulerRequest } from './job/parse-event.js';
export { functionName, jobLabourer } from './job/labourer.js';
export { chunkableAttrsFor } from './job/job-schema.js';
export { jobIdOf, MAX_JOB_ID_LENGTH, taskId } from './job/task-id.js';
export { jobTasks, planJob, planTasks, validatePlan, type JobPlan, type PlanContext } from './job/plan.js';
export { jobFairShare, taskConcurrencyKey, type JobFairShare } from './job/fair-share.js';
export {
  continuationKey,
  decodeContinuation,
  encodeContinuation,
  type ContinuationHeader,
  type DecodedContinuation,
} from './continuation/continuation-object.js';
export { ContinuationStore } from './continuation/continuation-store.js';
export { invokeSelf, selfFunction } from './continuation/self-invoke.js';
