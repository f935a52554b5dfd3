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

/** Everything the checker reads: every row of the four task tables and the worker invocation log. */
export interface SystemSnapshot {
  tasks: readonly TaskRow[];
  retry: readonly RetryTaskRow[];
  closed: readonly ClosedTaskRow[];
  meta: readonly MetaRow[];
  invocations: readonly TaskInvocation[];
}

/** What the scenario knows independently of the tables: which tasks it scheduled, and the rules. */
export interface Expectations {
  /** Every task the scenario scheduled (created directly, or the ids the scheduler derives from the job). */
  taskIds: readonly string[];
  /** `max_attempts` per labourer id. */
  maxAttempts: Readonly<Record<string, number>>;
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
 *   invocation without its `invoked` row, ...).
 */
export type ViolationKind =
  | 'not_closed'
  | 'in_limbo'
  | 'bad_status'
  | 'unknown_task'
  | 'invoked_twice'
  | 'too_many_attempts'
  | 'phantom_completion'
  | 'meta_story';

/** One broken promise, about one task. */
export interface Violation {
  kind: ViolationKind;
  taskId: string;
  /** What is wrong, with the values seen. */
  message: string;
}
