/** The scavenger's own counters, reported with the task manager's (`TASK_STATS`) and DynamoDB's. */
export const SCAVENGER_STATS = {
  /** Labourers whose pass ran to its end. */
  labourersProcessed: 'labourers_processed',
  /** Labourers whose pass threw: logged, and the other labourers went on. */
  labourersFailed: 'labourers_failed',
  /** Buried tasks announced on the dead-letter topic. */
  deadLettersPublished: 'dead_letters_published',
  /** Buried tasks whose announcement failed (SNS refused or could not be reached). */
  deadLettersFailed: 'dead_letters_failed',
} as const;
