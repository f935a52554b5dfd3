/** The orchestrator's own counters, reported with the task manager's (`TASK_STATS`) and DynamoDB's. */
export const ORCHESTRATOR_STATS = {
  /** Labourers whose step ran to its end (whatever it invoked). */
  labourersProcessed: 'labourers_processed',
  /** Labourers whose step threw: logged, and the other labourers went on. */
  labourersFailed: 'labourers_failed',
} as const;
