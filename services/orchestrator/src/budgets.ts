import type { Clock } from '@sosw/core';
import type { Ecology, EcologyRun } from '@sosw/ecology';
import type { Labourer } from '@sosw/task-manager';
import type { Resource } from './dispatch-groups.js';

/** The ecology's id of a resource: its health is assessed as a labourer's is. */
function resourceHealthId(resource: Resource): string {
  return `resource#${resource.name}`;
}

/** How often a long orchestrator run reads the health metrics again: as often as sosw's one run a minute. */
export const ECOLOGY_REFRESH_MS = 60_000;

/**
 * The labourers' and resources' budgets during one orchestrator run: `max_simultaneous_invocations`
 * (a resource's `max_simultaneous`) scaled by the eco status. The metrics of every labourer and resource
 * are read together (one `GetMetricData`) on the first budget asked
 * for, and again once `ECOLOGY_REFRESH_MS` has passed, never once per refill: a change of health takes
 * effect within a minute, as in sosw.
 *
 * @example
 * const budgets = new Budgets(ecology, labourers, [], systemClock);
 * await budgets.of(labourer); // 7 for a labourer of 10 while Good
 */
export class Budgets {
  readonly #ecology: Ecology;
  readonly #assessed: readonly { id: string; healthMetrics: Labourer['healthMetrics'] }[];
  readonly #clock: Clock;
  #run: { startedAtMs: number; run: EcologyRun } | undefined;

  constructor(
    ecology: Ecology,
    labourers: readonly Labourer[],
    resources: readonly Resource[],
    clock: Clock,
  ) {
    this.#ecology = ecology;
    this.#assessed = [
      ...labourers,
      ...resources.map((resource) => ({
        id: resourceHealthId(resource),
        healthMetrics: resource.healthMetrics,
      })),
    ];
    this.#clock = clock;
  }

  /** How many of the labourer's tasks may run at once now. */
  of(labourer: Labourer): Promise<number> {
    return this.#budget(labourer.id, labourer.maxSimultaneousInvocations);
  }

  /** How many tasks may run at once now across the labourers that use the resource. */
  ofResource(resource: Resource): Promise<number> {
    return this.#budget(resourceHealthId(resource), resource.maxSimultaneous);
  }

  async #budget(id: string, maxSimultaneousInvocations: number): Promise<number> {
    const nowMs = this.#clock.nowMs();
    if (this.#run === undefined || nowMs - this.#run.startedAtMs >= ECOLOGY_REFRESH_MS) {
      this.#run = { startedAtMs: nowMs, run: this.#ecology.startRun(this.#assessed) };
    }
    // With nothing running, the ecology's "how many more" is the whole budget.
    return this.#run.run.budget({ labourerId: id, maxSimultaneousInvocations, running: 0 });
  }
}
