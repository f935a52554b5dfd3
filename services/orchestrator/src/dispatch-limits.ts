import {
  allowance,
  bucketsFromState,
  bucketsToState,
  effectiveBudget,
  emptyBucket,
  learn,
  learnedFromState,
  learnedToState,
  rateLimits,
  refill,
  spend,
  type BucketState,
  type DispatchState,
  type Labourer,
  type LearnedBudget,
  type RateLimit,
  type Settled,
} from '@sosw/task-manager';

/**
 * What limits a labourer's holder besides its cap: its rate buckets and the budget it learned from
 * throttling (the rules are task-manager's pure functions; this keeps their state between looks, and
 * hands it on through the lease row, `DispatchState`).
 */
export class DispatchLimits {
  readonly #rates: RateLimit[];
  #buckets: BucketState[];
  #learned: LearnedBudget | undefined;
  #ecologyBudget = 0;
  #budget = 0;

  /**
   * @param inherited - what the last holder left (`Lease.inherited`): its buckets only when it let go
   *   cleanly; otherwise the buckets start empty, which can only hold invocations back
   */
  constructor(labourer: Labourer, inherited: DispatchState | undefined, nowMs: number) {
    this.#rates = rateLimits(labourer.rates ?? {});
    this.#buckets =
      bucketsFromState(inherited, this.#rates.length) ?? this.#rates.map(() => emptyBucket(nowMs));
    this.#learned = learnedFromState(inherited);
  }

  /**
   * The budget for this look: the ecology's, or less when a worker met throttling lately (cut at once
   * for a throttle of a task claimed since the last cut, grown back by clean completions).
   *
   * @param running - the tasks counted running after the settle
   */
  budget(ecologyBudget: number, settled: Settled, running: number, nowMs: number): number {
    this.#ecologyBudget = ecologyBudget;
    this.#learned = learn(
      this.#learned,
      { completed: settled.completed, throttledClaimMs: settled.throttledClaimMs },
      // What ran when the throttles were met: the throttled tasks are no longer counted.
      { ecologyBudget, inFlight: running + settled.throttledClaimMs.length, nowMs },
    );
    this.#budget = ecologyBudget === 0 ? 0 : effectiveBudget(ecologyBudget, this.#learned);
    return this.#budget;
  }

  /** Whether the budget is below the ecology's because workers met throttling. */
  get learned(): boolean {
    return this.#learned !== undefined && this.#budget < this.#ecologyBudget;
  }

  /** How many invocations the rate limits allow now (`Infinity` without one). */
  allowance(nowMs: number): number {
    this.#buckets = this.#rates.map((rate, i) => refill(rate, this.#buckets[i] ?? emptyBucket(nowMs), nowMs));
    return allowance(this.#buckets);
  }

  /** Takes `invoked` tokens from every bucket. */
  spend(invoked: number): void {
    this.#buckets = this.#buckets.map((bucket) => spend(bucket, invoked));
  }

  /** What the next holder should go on from, and what `sosw status` shows. */
  state(): DispatchState {
    return {
      ...(this.#rates.length === 0 ? {} : { buckets: bucketsToState(this.#buckets) }),
      ...(this.#learned === undefined ? {} : { learned: learnedToState(this.#learned) }),
      effective_budget: this.#budget,
      budget_reason: this.learned ? 'learned' : 'ecology',
    };
  }
}
