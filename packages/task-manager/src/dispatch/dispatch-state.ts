import type { BucketState } from './rate-bucket.js';
import type { LearnedBudget } from './learned-budget.js';

/**
 * What a labourer's dispatcher knows beyond the tasks, kept on its lease row (`state`) so that the next
 * holder goes on from it and `sosw status` can show it: the rate buckets, the learned budget, and the
 * budget the holder worked with last, with why.
 */
export interface DispatchState {
  /** The rate buckets, one per rate (`rateLimits`' order), as of `at_ms`. */
  buckets?: { tokens: number; at_ms: number }[] | undefined;
  /** The learned budget in effect (see `learned-budget.ts`); absent: none. */
  learned?: { limit: number; cut_at_ms: number } | undefined;
  /** The budget the holder dispatched with at its last look. */
  effective_budget?: number | undefined;
  /** Why that budget: `ecology` or `learned` (a worker met throttling). */
  budget_reason?: BudgetReason | undefined;
}

/** Why a labourer's effective budget is what it is. */
export type BudgetReason = 'ecology' | 'learned';

/** The buckets as a state row keeps them. */
export function bucketsToState(buckets: readonly BucketState[]): DispatchState['buckets'] {
  return buckets.map((bucket) => ({ tokens: bucket.tokens, at_ms: bucket.atMs }));
}

/** The buckets a state row kept, if it kept one per rate; otherwise `undefined`. */
export function bucketsFromState(state: DispatchState | undefined, rates: number): BucketState[] | undefined {
  const kept = state?.buckets;
  if (kept?.length !== rates) return undefined;
  return kept.map((bucket) => ({ tokens: bucket.tokens, atMs: bucket.at_ms }));
}

/** The learned budget as a state row keeps it. */
export function learnedToState(learned: LearnedBudget | undefined): DispatchState['learned'] {
  return learned === undefined ? undefined : { limit: learned.limit, cut_at_ms: learned.cutAtMs };
}

/** The learned budget a state row kept. */
export function learnedFromState(state: DispatchState | undefined): LearnedBudget | undefined {
  const kept = state?.learned;
  return kept === undefined ? undefined : { limit: kept.limit, cutAtMs: kept.cut_at_ms };
}
