/** The scheduler's own counters, beside task-manager's `tasks_created` and `tasks_create_skipped`. */
export const SCHEDULER_STATS = {
  /** Jobs received (fresh, not resumed). */
  jobs: 'scheduler_jobs',
  /** `createTasks` calls made. */
  batches: 'scheduler_batches',
  /** Continuations saved to S3 and handed to a new invocation. */
  continuations: 'scheduler_continuations',
  /** Invocations that resumed a continuation. */
  resumed: 'scheduler_resumed',
} as const;
