/** A task's payload as the scheduler builds it: the worker's input, a JSON object. */
export type TaskPayload = Record<string, unknown>;

/**
 * Where a continuation is and where in it to go on: what a run short of time sends to the next
 * invocation as `{ resume: ResumePointer }`.
 */
export interface ResumePointer {
  /** The bucket of the continuation object. */
  bucket: string;
  /** The continuation object's key. */
  key: string;
  /** The index (within the whole job) of the first task not yet written. */
  position: number;
  /** The job the tasks belong to; their ids are `<job_id>-<index>`. */
  job_id: string;
}

/** What one invocation of the scheduler returns. */
export interface ScheduleResult {
  /** The caller's `job_id`, or the request id of the invocation that received the job. */
  job_id: string;
  /** Tasks this invocation wrote (tasks that already existed are not counted). */
  tasks_created: number;
  /** Set when this invocation resumed a continuation: where it started. */
  resumed_from?: ResumePointer;
  /** Set when this invocation ran short of time: where the next invocation goes on. */
  continued_in?: ResumePointer;
}

/** The part of a Lambda context the scheduler uses. */
export interface SchedulerContext {
  /** The invocation's request id: the job id when the job gives none (kept by Lambda across its retries). */
  awsRequestId: string;
  /** The ARN this invocation was called with (alias or version included): who to re-invoke. */
  invokedFunctionArn?: string;
  /** Used to re-invoke when there is no `invokedFunctionArn`. */
  functionName?: string;
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis(): number;
}

/** Where the scheduler logs (a Powertools `Logger` fits). */
export interface SchedulerLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}
