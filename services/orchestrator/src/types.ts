/**
 * Where the orchestrator logs. A Powertools `Logger` (what `createHandler` gives) fits, and so does
 * `console`.
 */
export interface OrchestratorLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/**
 * What became of the labourer's dispatch lease in this run:
 * - `taken`: this run held it and dispatched;
 * - `held_elsewhere`: another orchestrator run dispatches the labourer;
 * - `woke_holder`: a dispatch request found a holder and told it there is new work;
 * - `not_needed`: nothing was queued, or the labourer is `per_minute` and this was a dispatch request.
 */
export type LeaseOutcome = 'taken' | 'held_elsewhere' | 'woke_holder' | 'not_needed';

/** What one run did for one labourer. */
export interface LabourerOutcome {
  /**
   * How many of the labourer's tasks may run at once, at this run's last look: its
   * `max_simultaneous_invocations` scaled by the eco status, cut while its workers meet throttling
   * (`budget_reason`). 0 when this run did not dispatch it.
   */
  budget: number;
  /** Its tasks running at this run's last look, this run's invocations included. */
  running: number;
  /** Tasks claimed and accepted by Lambda. */
  invoked: number;
  /** Tasks another orchestrator claimed first. */
  skipped: number;
  /** Tasks whose invoke failed (their claims rolled back) or whose claim failed. */
  failed: number;
  lease: LeaseOutcome;
  /** `learned` when the budget was below the ecology's because workers met throttling lately. */
  budget_reason?: 'learned';
  /** Why the labourer's step stopped, when it threw (`Name: message`); the other labourers went on. */
  error?: string;
}

/** What one orchestrator run did: labourer id -> outcome, in config order. */
export type OrchestratorSummary = Record<string, LabourerOutcome>;
