import type { Clock } from '@sosw/core';
import type { Ecology, EcologyRun } from '@sosw/ecology';
import type { Labourer } from '@sosw/task-manager';

/** How often a long orchestrator run reads the health metrics again: as often as sosw's one run a minute. */
export const ECOLOGY_REFRESH_MS = 60_000;

/**
 * The labourers' budgets during one orchestrator run: `max_simultaneous_invocations` scaled by the eco
 * status. The metrics of every labourer are read together (one `GetMetricData`) on the first budget asked
 * for, and again once `ECOLOGY_REFRESH_MS` has passed, never once per refill: a change of health takes
 * effect within a minute, as in sosw.
 *
 * @example
 * const budgets = new Budgets(ecology, labourers, systemClock);
 * await budgets.of(labourer); // 7 for a labourer of 10 while Good
 */
export class Budgets {
  readonly #ecology: Ecology;
  readonly #labourers: readonly Labourer[];
  readonly #clock: Clock;
  #run: { startedAtMs: number; run: EcologyRun } | undefined;

  constructor(ecology: Ecology, labourers: readonly Labourer[], clock: Clock) {
    this.#ecology = ecology;
    this.#labourers = labourers;
    this.#clock = clock;
  }

  /** How many of the labourer's tasks may run at once now. */
  async of(labourer: Labourer): Promise<number> {
    const nowMs = this.#clock.nowMs();
    if (this.#run === undefined || nowMs - this.#run.startedAtMs >= ECOLOGY_REFRESH_MS) {
      this.#run = { startedAtMs: nowMs, run: this.#ecology.startRun(this.#labourers) };
    }
    // With nothing running, the ecology's "how many more" is the whole budget.
    return this.#run.run.budget({
      labourerId: labourer.id,
      maxSimultaneousInvocations: labourer.maxSimultaneousInvocations,
      running: 0,
    });
  }
}
