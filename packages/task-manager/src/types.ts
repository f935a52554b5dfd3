/**
 * The rows of the sosw tables, with the attribute names of Python sosw (DESIGN §3), so both can share
 * one set of tables. Times are epoch seconds: whole ones, except `created_at`, which Python sosw writes
 * as `time.time()` (fractional) and which is accepted either way.
 */

/** Extra attributes a worker reports with its completion or failure: `stat_<name>` and `result_<name>`. */
export type ReportedAttributes = {
  [attribute: `stat_${string}`]: unknown;
} & {
  [attribute: `result_${string}`]: unknown;
};

/** A row of `sosw_tasks`: a task waiting, running, expired or completed (see `taskState`). */
export type TaskRow = ReportedAttributes & {
  task_id: string;
  labourer_id: string;
  /** When the task was created: epoch seconds (fractional in rows written by Python sosw). */
  created_at: number;
  /** The task's state in one number (see greenfield.ts). */
  greenfield: number;
  /** How many times the task was invoked (claimed). */
  attempts: number;
  /** The worker's input: a JSON string of an object. */
  payload: string;
  /** Set when the worker reported completion. */
  completed_at?: number;
  /** How many times the worker reported a failure (`markFailed`). */
  failed_attempts?: number;
  /**
   * Ours: how many times in a row Lambda refused to take this task's invoke for now (throttling, a fault,
   * a labourer-wide problem), each time rolled back. Cleared when an invoke is taken or when the count
   * fails the attempt (see `settleRefusedClaim`). Absent on tasks never refused; Python sosw ignores it.
   */
  invoke_refusals?: number;
  /**
   * Ours: the task's concurrency key (an account, a tenant): the labourer's queue shares its turns fairly
   * among keys (see `fair-share.ts`). Absent: the labourer's unkeyed flow, as every task of Python sosw.
   */
  concurrency_key?: string;
  /**
   * Ours: the task's priority, a whole number from 1 to `MAX_PRIORITY`; higher goes first. Absent is 0
   * (never written), as on every task of Python sosw.
   */
  priority?: number;
  /**
   * Ours: how many throttled reports in a row the task has had (`markThrottled`: the worker met HTTP 429,
   * a `ThrottlingException`...). Each gives the attempt back, except the one that makes
   * `THROTTLES_BEFORE_ATTEMPT` in a row, which spends it and starts the count again at 0. A completion
   * removes it. Absent on tasks never throttled; Python sosw ignores it.
   */
  throttles?: number;
  /**
   * Ours: when the last throttled report was taken, in epoch seconds (fractional). With a greenfield other
   * than the claim's, how an orchestrator tells that a claim it made ended in a throttle. Python sosw
   * ignores it.
   */
  throttled_at?: number;
  /**
   * The `marked_as_completed` meta row of a completion, kept on the task until the scavenger writes it to the meta
   * table, just before it archives the task (see `markCompleted`). Absent on rows completed by Python
   * sosw, which writes its `marked_as_completed` row to the meta table at once.
   */
  completion?: CompletionRecord;
};

/** What a `marked_as_completed` meta row holds besides the task's id and labourer: when, and who reported it. */
export interface CompletionRecord {
  /** The meta row's timestamp (`MetaTimestamps`): its key in the meta table, with `task_id`. */
  created_at: number;
  author: string;
  invocation_id?: string;
}

/** A row of `sosw_closed_tasks`: a task archived as completed (`<labourer>_1`) or buried as dead (`<labourer>_0`). */
export type ClosedTaskRow = TaskRow & {
  labourer_id_task_status: string;
  closed_at: number;
};

/** A row of `sosw_retry_tasks`: an expired task waiting for `desired_launch_time` to go back to the queue. */
export type RetryTaskRow = TaskRow & {
  desired_launch_time: number;
};

/**
 * What happened to a task, one meta row per event. The names are Python sosw's where it has one: its
 * worker-assistant writes `marked_as_completed` and `marked_as_failed`, and so does ours. `completed` and
 * `failed` are what Python sosw's workers write of themselves, and what our worker-assistant wrote before
 * it took Python's names: a reader of old rows, or of a mixed fleet's, meets both.
 */
export type MetaAction =
  | 'created'
  | 'invoked'
  | 'invoke_failed'
  | 'marked_as_completed'
  | 'marked_as_failed'
  | 'completed'
  | 'failed'
  | 'completion_rejected'
  | 'throttled'
  | 'scheduled_for_retry'
  | 'ready_for_retry'
  | 'archived'
  | 'archived_dead';

/** A row of `sosw_tasks_meta`: one event of a task's life. Key: `task_id` + `created_at`. */
export type MetaRow = {
  task_id: string;
  /** Epoch seconds with a sub-second fraction, unique per task (see `MetaTimestamps`). */
  created_at: number;
  action: MetaAction;
  labourer_id: string;
  /** The function that wrote the row (`AWS_LAMBDA_FUNCTION_NAME` by default). */
  author: string;
  /** The Lambda request id of the invocation that wrote the row, when known. */
  invocation_id?: string;
  /** Anything that explains the event: a reason, a delay, the error of a failed invoke. */
  details?: Record<string, unknown>;
};

/** The names of the task tables (the `config` table is not the task manager's business). */
export interface TaskTables {
  tasks: string;
  closed: string;
  retry: string;
  meta: string;
  /** Ours: the labourers' dispatch leases (see `LabourerLeases`). */
  dispatch: string;
}

/**
 * Where the task manager reports what it handled but could not do: `console` fits, and so do a
 * Powertools `Logger` and the logger of `@sosw/core`.
 */
export interface TaskManagerLogger {
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What a transition (archive, move to retry, bury, back to the queue) did with the tasks it was given. */
export interface TransitionResult {
  /** Task ids moved, each in one transaction with its meta row. */
  done: string[];
  /**
   * Task ids left alone because they were not as read any more (another scavenger moved them first, the
   * worker completed the task meanwhile...): a condition failed, nothing was written for them.
   */
  skipped: string[];
  /** Task ids DynamoDB refused for another reason (logged); they stay where they are for the next run. */
  failed: string[];
}
