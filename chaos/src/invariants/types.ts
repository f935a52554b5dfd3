import type { ClosedTaskRow, MetaRow, RetryTaskRow, TaskRow } from '@sosw/task-manager';

/** One run of a worker Lambda, as the local Lambda endpoint recorded it: which task and which attempt. */
export interface TaskInvocation {
  /** The worker function's name (the labourer's `arn` in these scenarios). */
  functionName: string;
  task_id: string;
  labourer_id: string;
  /** The attempt the orchestrator claimed for this invocation (`attempts` after the claim). */
  attempts: number;
  /** The local endpoint's `requestId`, to find it in the log. */
  requestId: string;
}

/**
 * One look at a labourer's running tasks while the scenario ran (`RunningSampler`): how many rows of the
 * tasks table were running (`greenfield > expired(now)`, no `completed_at`) at `atMs`.
 */
export interface RunningSample {
  labourerId: string;
  /** Epoch ms of the look. */
  atMs: number;
  running: number;
  /** The running tasks' ids: kept only when `running` is over the budget, as evidence. */
  taskIds?: readonly string[];
  /** Running tasks by `concurrency_key`, for tasks that have one. */
  byKey?: Readonly<Record<string, number>>;
}

/**
 * Everything the checker reads: every row of the four task tables and the worker invocation log, read
 * once the system has settled, and the running counts sampled while it ran.
 */
export interface SystemSnapshot {
  tasks: readonly TaskRow[];
  retry: readonly RetryTaskRow[];
  closed: readonly ClosedTaskRow[];
  meta: readonly MetaRow[];
  invocations: readonly TaskInvocation[];
  runningSamples: readonly RunningSample[];
}

/** What the scenario knows independently of the tables: which tasks it scheduled, and the rules. */
export interface Expectations {
  /** Every task the scenario scheduled (created directly, or the ids the scheduler derives from the job). */
  taskIds: readonly string[];
  /** `max_attempts` per labourer id. */
  maxAttempts: Readonly<Record<string, number>>;
  /**
   * The budget per labourer id: how many of its tasks may run at once. The chaos labourers have no
   * health metrics, so it is their whole `max_simultaneous_invocations`. A labourer not named here is not
   * checked.
   */
  budgets: Readonly<Record<string, number>>;
  /** `max_simultaneous_per_key` per labourer id, for labourers that have one. */
  perKeyCaps?: Readonly<Record<string, number>>;
  /**
   * Require an `invoked` meta row for every worker invocation. The orchestrator writes those rows in one
   * batch at the end of its run (task-manager README, "Claiming and invoking"), so a run killed with
   * SIGKILL loses them by design: scenarios that kill the orchestrator pass `false`, and the checker then
   * only requires that there are no more `invoked` rows than attempts.
   */
  invokedMetaForEveryInvocation: boolean;
}

/**
 * What went wrong:
 * - `not_closed`: a scheduled task has no closed row (lost, or still in the tasks or retry table);
 * - `in_limbo`: a task is still in the tasks or retry table (also when it is closed: then it is in two places);
 * - `bad_status`: a closed row whose `labourer_id_task_status` is not `<labourer>_1` or `<labourer>_0`;
 * - `unknown_task`: a closed row or an invocation of a task nobody scheduled;
 * - `invoked_twice`: a worker ran twice for the same task and attempt;
 * - `too_many_attempts`: `attempts` over the labourer's `max_attempts`, or an invocation of an attempt the
 *   closed row does not count;
 * - `phantom_completion`: closed as completed although no worker ever ran for it;
 * - `meta_story`: the meta rows do not tell the task's life (no `created` row, not exactly one closing
 *   row, closing row not last or not matching the status, a completion without its `completed` row, an
 *   invocation without its `invoked` row, ...);
 * - `cap_exceeded`: a sample saw more of a labourer's tasks running at once than its budget (its
 *   `taskId` is then the labourer's id: the sample is about all its tasks).
 * - `key_cap_exceeded`: a sample saw more tasks of one `concurrency_key` running at once than the
 *   labourer's `max_simultaneous_per_key` (`taskId`: the labourer's id).
 */
export type ViolationKind =
  | 'not_closed'
  | 'in_limbo'
  | 'bad_status'
  | 'unknown_task'
  | 'invoked_twice'
  | 'too_many_attempts'
  | 'phantom_completion'
  | 'meta_story'
  | 'cap_exceeded'
  | 'key_cap_exceeded';

/** One broken promise, about one task (or, for `cap_exceeded`, one labourer). */
export interface Violation {
  kind: ViolationKind;
  /** The task's id; for `cap_exceeded`, the labourer's. */
  taskId: string;
  /** What is wrong, with the values seen. */
  message: string;
}
