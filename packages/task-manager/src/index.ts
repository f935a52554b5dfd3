export {
  EMPTY_QUEUE_GREENFIELD,
  expiredNowGreenfield,
  GREENFIELD_STEP,
  greenfieldsBehind,
  greenfieldsInFront,
  INVOKED_OFFSET_SECONDS,
  runWindow,
  taskState,
  type RunWindow,
  type TaskState,
  type Timing,
} from './greenfield.js';
export { DEFAULT_RETRY_POLICY, retryDelaySeconds, type RetryPolicy } from './retry-delay.js';
export {
  DEFAULT_COOLDOWN_SECONDS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_SIMULTANEOUS_INVOCATIONS,
  DISPATCH_MODES,
  type DispatchMode,
  labourerConfigSchema,
  MAX_ATTEMPTS_OVERRIDE_PREFIX,
  maxAttemptsOverride,
  parseTaskConfig,
  resourceConfigSchema,
  taskConfigSchema,
  type ResourceConfig,
  type LabourerConfig,
  type LabourerConfigInput,
  type TaskConfig,
  type TaskConfigInput,
} from './labourer-config.js';
export {
  FALLBACK_DURATION_SECONDS,
  resolveLabourers,
  toLabourer,
  type Labourer,
  type ResolveLabourersOptions,
} from './labourer.js';
export { taskTableNames } from './table-names.js';
export {
  CLAIM_MARGIN_MS,
  LEASE_RENEW_AFTER_MS,
  LEASE_TTL_MS,
  leaseIsLive,
  mayClaim,
  renewDue,
  shouldAwaitHandover,
  TAKEOVER_GRACE_MS,
  type LeaseTimes,
} from './dispatch/lease-rules.js';
export {
  LabourerLeases,
  leaseScope,
  type AcquireResult,
  type Lease,
  type LeaseRow,
  type ReleaseOutcome,
} from './dispatch/lease.js';
export {
  RunningLedger,
  stillRunning,
  type RunningEvidence,
  type Settled,
} from './dispatch/running-ledger.js';
export {
  admit,
  keyOf,
  lookahead,
  UNKEYED,
  type AdmissionLimits,
  type Candidate,
} from './dispatch/admission.js';
export {
  allowance,
  emptyBucket,
  rateLimits,
  refill,
  spend,
  type BucketState,
  type RateConfig,
  type RateLimit,
} from './dispatch/rate-bucket.js';
export {
  bucketsFromState,
  bucketsToState,
  learnedFromState,
  learnedToState,
  type BudgetReason,
  type DispatchState,
} from './dispatch/dispatch-state.js';
export {
  DECREASE_FACTOR,
  effectiveBudget,
  learn,
  type EndedClaims,
  type LearnedBudget,
} from './dispatch/learned-budget.js';
export {
  DEFAULT_ORCHESTRATOR_NAME,
  DISPATCH_ACTION,
  ORCHESTRATOR_NAME_ENV,
  orchestratorName,
  type DispatchRequest,
} from './dispatch/dispatch-request.js';
export { TaskManager, type TaskManagerOptions } from './task-manager.js';
export type { CreateTasksOptions, CreateTasksResult, NewTask } from './create-tasks.js';
export {
  BAND_ZERO_CLEARANCE_SECONDS,
  bandCeiling,
  fairGreenfields,
  flowTails,
  keyWeight,
  MAX_CONCURRENCY_KEY_LENGTH,
  MAX_KEY_WEIGHT,
  MAX_PRIORITY,
  PRIORITY_BAND,
  priorityBand,
  priorityOfGreenfield,
  type BandQueue,
  type ConcurrencyKey,
  type PriorityBand,
} from './fair-share.js';
export { flowScope, type FlowRow } from './flow-state.js';
export { closedStatusKey, type ClosedStatus, type LabourerRef, type TaskRecord } from './queue.js';
export {
  DEFAULT_INVOKE_CONCURRENCY,
  type ClaimAndInvokeOptions,
  type ClaimAndInvokeResult,
  type ClaimedTask,
} from './claim.js';
export {
  invokeOutputRefusal,
  invokeRefusalOf,
  type InvokeRefusal,
  type InvokeRefusalKind,
} from './invoke-refusal.js';
export { DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE, type RefusedClaimOutcome } from './refused-claim.js';
export {
  DEFAULT_RETRY_TO_QUEUE_LIMIT,
  type RetryOrBuryResult,
  type ScavengeOptions,
  type ScavengeResult,
} from './transitions.js';
export { attemptTests, isOtherAttempt, type ReportedAttempt } from './attempt.js';
export { THROTTLES_BEFORE_ATTEMPT, type ThrottleReport, type ThrottleResult } from './throttle.js';
export {
  reportedAttributes,
  reportRejection,
  type CompletionResult,
  type DeathReport,
  type DeathResult,
  type FailureReport,
  type FailureResult,
  type ReportRejection,
  type WorkerReport,
} from './completion.js';
export { averageDurationOf, DEFAULT_DURATION_SAMPLE, type ClosedTaskTimes } from './average-duration.js';
export {
  invocationPayload,
  INVOCATION_FIELDS,
  MAX_PAYLOAD_BYTES,
  payloadString,
  taskPayload,
} from './payload.js';
export { completedRowOf, MetaTimestamps, metaRow, type MetaAuthor } from './meta.js';
export { TASK_STATS } from './stat-names.js';
export { groupItems, type TransactionLimits } from './transaction-groups.js';
export {
  CreateTasksIncompleteError,
  InvalidTaskError,
  LabourerMismatchError,
  TaskConfigError,
  TaskManagerError,
} from './errors.js';
export type {
  ClosedTaskRow,
  CompletionRecord,
  MetaAction,
  MetaRow,
  ReportedAttributes,
  RetryTaskRow,
  TaskManagerLogger,
  TaskRow,
  TaskTables,
  TransitionResult,
} from './types.js';
