/**
 * A budget that learns from throttling (AIMD, pure rules; the dispatcher keeps the state). When a worker
 * meets throttling downstream it throws the worker SDK's `ThrottledError`: its task goes back to the queue
 * and the labourer's effective budget is cut at once, multiplied by `DECREASE_FACTOR`. Each clean
 * completion then adds `1 / limit`, so the limit grows by about one task per `limit` completions (one
 * "round" of its running tasks), as TCP's congestion window does, until it is back at the ecology's
 * budget: then nothing is learned any more, and the budget follows the ecology alone.
 *
 * One cut per round: a throttle of a task claimed before the last cut says nothing new (it ran when the
 * limit was still the old one), so only tasks claimed after the cut can cut again. A cut starts from the
 * tasks that were in flight (running, and those just throttled), not from an unused ceiling; and it goes
 * no higher than the tasks the downstream took (in flight, less the throttled) plus one, so one cut
 * undoes a large overshoot (20 sent where 4 fit) instead of several rounds of throttling.
 */

/** What the limit is multiplied by at a throttle. 0.7 (not TCP's 0.5): the limit stays closer to what the downstream takes, at the cost of more probing. */
export const DECREASE_FACTOR = 0.7;

/** The learned limit, when one is in effect. */
export interface LearnedBudget {
  /** Tasks running at once, at most (fractional: completions add fractions of a task). */
  readonly limit: number;
  /** Epoch ms of the last cut: a throttle of a task claimed before it does not cut again. */
  readonly cutAtMs: number;
}

/** What ended since the last look, as far as learning goes. */
export interface EndedClaims {
  /** Completions. */
  completed: number;
  /** Epoch ms at which each throttled task was claimed. */
  throttledClaimMs: readonly number[];
}

/**
 * The effective budget: the ecology's, or the learned limit when one is in effect (never above the ecology's).
 *
 * @example
 * effectiveBudget(40, undefined); // 40
 * effectiveBudget(40, { limit: 11.6, cutAtMs: 0 }); // 11
 */
export function effectiveBudget(ecologyBudget: number, learned: LearnedBudget | undefined): number {
  if (learned === undefined) return ecologyBudget;
  return Math.min(ecologyBudget, Math.max(1, Math.floor(learned.limit)));
}

/**
 * The learned limit after what ended since the last look.
 *
 * @param inFlight - the tasks running when the throttles were seen, the throttled ones included
 * @example
 * learn(undefined, { completed: 0, throttledClaimMs: [100_000] }, { ecologyBudget: 40, inFlight: 20, nowMs: 101_000 });
 * // { limit: 14, cutAtMs: 101000 }
 * learn(undefined, { completed: 0, throttledClaimMs: Array(16).fill(100_000) }, { ecologyBudget: 40, inFlight: 20, nowMs: 101_000 });
 * // { limit: 5, cutAtMs: 101000 }
 */
export function learn(
  learned: LearnedBudget | undefined,
  ended: EndedClaims,
  { ecologyBudget, inFlight, nowMs }: { ecologyBudget: number; inFlight: number; nowMs: number },
): LearnedBudget | undefined {
  const cutAtMs = learned?.cutAtMs ?? -Infinity;
  const news = ended.throttledClaimMs.some((claimedAt) => claimedAt > cutAtMs);
  if (news) {
    const before = Math.min(learned?.limit ?? ecologyBudget, Math.max(inFlight, 1));
    const taken = inFlight - ended.throttledClaimMs.length;
    return { limit: Math.max(1, Math.min(before * DECREASE_FACTOR, taken + 1)), cutAtMs: nowMs };
  }
  if (learned === undefined || ended.completed === 0) return learned;
  const limit = learned.limit + ended.completed / Math.max(1, learned.limit);
  // Back at the ecology's budget: nothing left to learn.
  return limit >= ecologyBudget ? undefined : { ...learned, limit };
}
