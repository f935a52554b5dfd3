export {
  ChainError,
  FatalError,
  FullBatchFailureError,
  MediaTypeError,
  ReportDeliveryError,
  RetryableError,
  RetryLaterError,
  SkipError,
  ThrottledError,
  UnknownTaskError,
  WorkerError,
  WorkerOptionError,
} from './errors.js';
export {
  DEFAULT_QUEUE_CONCURRENCY,
  DEFAULT_REPORT_BEFORE_TIMEOUT_MS,
  DEFAULT_SCHEDULER_NAME,
  DEFAULT_WORKER_ASSISTANT_NAME,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MEDIA_TYPE_ATTRIBUTE,
  TASK_FIELDS,
  WORKER_ASSISTANT_NAME_ENV,
} from './constants.js';
export type { BaseContext, InputOf, LambdaContextLike, WorkerLogger } from './types.js';
export { classifyError, errorReason, type ErrorOutcome } from './outcome.js';
export {
  WorkerAssistantClient,
  workerAssistantName,
  type ReportAction,
  type WorkerAssistantClientOptions,
  type WorkerAssistantEvent,
} from './report.js';
export { splitTaskEvent, type TaskEvent, type TaskFields } from './task-event.js';
export { claimedAttempt, type ClaimedAttempt } from './attempt.js';
export {
  ASSISTANT_KINDS,
  assistantKind,
  reportFor,
  WORKER_ASSISTANT_KIND_ENV,
  type AssistantKind,
} from './assistant-kind.js';
export {
  remainingMsOf,
  startTimeoutGuard,
  type TimeoutGuard,
  type TimeoutGuardOptions,
} from './timeout-guard.js';
export {
  idempotentRunner,
  isRunInProgress,
  type IdempotencyKey,
  type IdempotencyOptions,
  type IdempotentRunner,
} from './idempotency.js';
export { PayloadReader, type PayloadReaderOptions } from './payload-reader.js';
export { parseInput, readInput } from './worker-input.js';
export {
  defineWorker,
  reportResult,
  type DefineWorkerOptions,
  type SkippedResult,
  type WorkerContext,
  type WorkerFunction,
  type WorkerHandler,
} from './define-worker.js';
export {
  defineQueueWorker,
  type DeadLetterCallback,
  type DefineQueueWorkerOptions,
  type QueueContext,
  type QueueWorkerFunction,
  type QueueWorkerHandler,
} from './queue-worker.js';
export { fullBatchFailure } from './full-batch-failure.js';
export { queueUrlFromArn, receiveCount, recordMessage, type RecordMessage } from './sqs-record.js';
export { settleConcurrent } from './settle-concurrent.js';
export {
  defineRouter,
  route,
  routeInput,
  routeOf,
  type Route,
  type RouteContext,
  type Router,
  type RouterOptions,
  type Routes,
} from './router.js';
export {
  chainMessage,
  encodeChainMessage,
  labourerChainTarget,
  nextHop,
  parseChain,
  sqsChainTarget,
  type ChainEncoding,
  type ChainHop,
  type ChainTarget,
  type LabourerChainTargetOptions,
  type SqsChainTargetOptions,
} from './chain.js';
export { MediaTypes, type MediaTypesOptions } from './media-types.js';
export { triggerSchema, type Trigger, type TriggerInput, type TriggerKind } from './app/sources/index.js';
export {
  scheduleTriggerSchema,
  SCHEDULE_FIELD,
  type ScheduleContext,
  type ScheduleFunction,
  type ScheduleOptions,
  type ScheduleTrigger,
} from './app/sources/schedule.js';
export { queueTriggerSchema, type QueueOptions, type QueueTrigger } from './app/sources/queue.js';
export {
  topicTriggerSchema,
  type TopicContext,
  type TopicFunction,
  type TopicOptions,
  type TopicTrigger,
} from './app/sources/topic.js';
export {
  objectEventSchema,
  objectTriggerSchema,
  type ObjectContext,
  type ObjectDelivery,
  type ObjectFunction,
  type ObjectOptions,
  type ObjectTrigger,
} from './app/sources/object.js';
export {
  streamTriggerSchema,
  type StreamContext,
  type StreamFunction,
  type StreamOptions,
  type StreamTrigger,
} from './app/sources/stream.js';
export {
  eventTriggerSchema,
  type EventContext,
  type EventFunction,
  type EventOptions,
  type EventTrigger,
} from './app/sources/event.js';
export { defineApp, SoswApp, type AppHandler } from './app/define-app.js';
export type { DefineAppOptions, Rejection } from './app/types.js';
export { DuplicateTriggerError, UnclaimedEventError } from './app/errors.js';
export {
  compileEventPattern,
  matchesEventPattern,
  type EventMatcher,
  type EventPattern,
} from './app/event-pattern.js';
export { describeEvent, incomingEvent, type IncomingEvent } from './app/incoming-event.js';
export {
  isS3Records,
  objectNoticeOf,
  s3NotificationOf,
  wantsObject,
  type ObjectNotice,
  type S3Notification,
} from './app/s3-notification.js';
export { processStreamBatch, sequenceNumberOf } from './app/stream-batch.js';
export {
  claimsResource,
  namesOverlap,
  resourceNameOfArn,
  tableNameOfStreamArn,
} from './app/resource-names.js';
export { runWithFlow, type FlowTools } from './app/flow.js';
