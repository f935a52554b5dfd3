/** The worker-assistant's own counters, reported with the task manager's (`TASK_STATS`) and DynamoDB's. */
export const WORKER_ASSISTANT_STATS = {
  /** Events refused before any read or write: not JSON, an unknown action, a bad field. */
  eventsInvalid: 'events_invalid',
  /** `mark_task_as_dead` reports that buried their task. */
  tasksBuried: 'tasks_buried_by_worker',
} as const;
