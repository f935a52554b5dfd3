/**
 * Where the scavenger logs. A Powertools `Logger` (what `createHandler` gives) fits, and so does `console`.
 */
export interface ScavengerLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What one run did for one labourer: numbers of tasks. */
export interface LabourerScavengeOutcome {
  /** Completed tasks moved to the closed table (`<labourer>_1`). */
  archived: number;
  /** Expired tasks with attempts left, moved to the retry table with a delay. */
  moved_to_retry: number;
  /** Expired tasks without attempts left, closed as dead (`<labourer>_0`). */
  buried: number;
  /** Due retries brought back to the front of the queue. */
  retried: number;
  /** Tasks left alone because they changed meanwhile (another scavenger, a late completion). */
  skipped: number;
  /** Tasks DynamoDB refused for another reason (logged); they stay for the next run. */
  failed: number;
  /** Buried tasks announced on the dead-letter topic. */
  dead_letters_published: number;
  /** Buried tasks whose announcement failed (logged); they stay buried. */
  dead_letters_failed: number;
  /** Why the labourer's pass stopped, when it threw (`Name: message`); the other labourers went on. */
  error?: string;
}

/** What one scavenger run did: labourer id -> outcome, in config order. */
export type ScavengerSummary = Record<string, LabourerScavengeOutcome>;
