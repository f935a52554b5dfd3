/**
 * The counters the task manager adds to the `Stats` it was given, so a service reports them with its own.
 * Names follow Python sosw where it has one (`concurrent_task_invocations_skipped`, `closed_dead_tasks`).
 */
export const TASK_STATS = {
  created: 'tasks_created',
  /** createTasks: a caller-given task id that exists already (in the tasks, retry or closed table). */
  createSkipped: 'tasks_create_skipped',
  invoked: 'tasks_invoked',
  /** A claim lost to another orchestrator: the task was not queued any more. Not an error. */
  claimSkipped: 'concurrent_task_invocations_skipped',
  invokeFailed: 'tasks_invoke_failed',
  /** Invokes whose answer was lost on the network: left claimed, neither resent nor rolled back. */
  invokeAnswerLost: 'tasks_invoke_answer_lost',
  /**
   * Invokes Lambda refused for good (the payload is too large, the body cannot be parsed): the task is
   * buried at once (`closed_dead_tasks`) instead of being rolled back to be refused again.
   */
  invokeRefusedForGood: 'tasks_invoke_refused_for_good',
  /**
   * Tasks whose invoke Lambda refused for now `invokeRefusalsBeforeFailure` times in a row: the attempt
   * counts as failed (expired now), so the scavenger retries the task or buries it by `max_attempts`.
   */
  invokeRefusalsExhausted: 'tasks_invoke_refusals_exhausted',
  /** A failed invoke whose claim could not be rolled back (someone else changed the task meanwhile). */
  rollbackSkipped: 'tasks_invoke_rollback_skipped',
  /** Meta rows lost because their write after the change failed (the tasks are fine; see `MetaRowWriter`). */
  metaRowsLost: 'tasks_meta_rows_lost',
  archived: 'tasks_archived',
  archiveSkipped: 'tasks_archive_skipped',
  movedToRetry: 'tasks_moved_to_retry',
  moveToRetrySkipped: 'tasks_move_to_retry_skipped',
  retried: 'tasks_retried',
  retrySkipped: 'tasks_retry_skipped',
  buried: 'closed_dead_tasks',
  burySkipped: 'tasks_bury_skipped',
  /** Tasks a transition could not write for a reason other than a condition (see the log). */
  transitionFailed: 'tasks_transition_failed',
  /** Transactions sent again after a `TransactionConflict` with another writer. */
  transactionConflictRetries: 'tasks_transaction_conflict_retries',
  /** createTasks placed keyed tasks fairly: flow rows (`sosw_dispatch`) written with their newest task. */
  flowsRecorded: 'fair_share_flows_recorded',
  /** Flow rows left as they were: another writer had recorded a newer task (raise only). */
  flowRecordSkipped: 'fair_share_flow_records_skipped',
  /** Flow rows DynamoDB refused to write (logged): the flow's next batch may interleave with this one. */
  flowRecordFailed: 'fair_share_flow_records_failed',
  completed: 'tasks_completed',
  failed: 'tasks_failed',
  /** Throttled reports that put their task back in the queue with the attempt given back. */
  throttled: 'tasks_throttled',
  /** Throttled reports that made `throttlesBeforeAttempt` in a row: the attempt spent, expired now. */
  throttledAttemptSpent: 'tasks_throttled_attempt_spent',
  /** Dispatch requests sent to the orchestrator (tasks created, retries queued). */
  dispatchRequested: 'dispatch_requests_sent',
  /** Dispatch requests Lambda refused: the tasks wait for the next scheduled orchestrator run. */
  dispatchRequestFailed: 'dispatch_requests_failed',
  /** markCompleted / markFailed refused: unknown task, already completed, or not invoked. */
  reportRejected: 'tasks_report_rejected',
} as const;
