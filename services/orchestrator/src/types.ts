/**
 * Where the orchestrator logs. A Powertools `Logger` (what `createHandler` gives) fits, and so does
 * `console`.
 */
export interface OrchestratorLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What one run did for one labourer. */
export interface LabourerOutcome {
  /** Invocations the labourer was allowed in this run (ecology status and running tasks considered). */
  budget: number;
  /** Tasks claimed and accepted by Lambda. */
  invoked: number;
  /** Tasks another orchestrator claimed first. */
  skipped: number;
  /** Tasks whose invoke failed (their claims rolled back) or whose claim failed. */
  failed: number;
  /** Why the labourer's step stopped, when it threw (`Name: message`); the other labourers went on. */
  error?: string;
}

/** What one orchestrator run did: labourer id -> outcome, in config order. */
export type OrchestratorSummary = Record<string, LabourerOutcome>;
