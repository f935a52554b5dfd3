/**
 * Rate limits as token buckets (pure rules; the dispatcher keeps the state). A labourer's
 * `max_invocations_per_second` and `max_invocations_per_minute` are each a bucket that fills at that rate
 * and holds one second's worth (at least 1): over any span of `t` seconds a labourer is invoked at most
 * `rate × t` times plus one second's worth. Tasks over the limit stay queued; nothing is dropped.
 *
 * Why one second's worth: the holder looks for free slots every half second or so, so a bucket that held
 * less would waste the rate between two looks; one that held a minute's worth would let a whole minute's
 * invocations go in one burst, which is what a downstream's rate limit is there to prevent.
 */

/** One rate: `perMs` tokens a millisecond, `capacity` at most. */
export interface RateLimit {
  readonly perMs: number;
  readonly capacity: number;
}

/** A bucket's state: the tokens it held at `atMs`. */
export interface BucketState {
  readonly tokens: number;
  readonly atMs: number;
}

/** A labourer's rates, as its config gives them. */
export interface RateConfig {
  perSecond?: number | undefined;
  perMinute?: number | undefined;
}

/**
 * The buckets of a labourer's rates: none when it has no rate limit.
 *
 * @example
 * rateLimits({ perMinute: 120 }); // [{ perMs: 0.002, capacity: 2 }]
 * rateLimits({ perSecond: 0.5 }); // [{ perMs: 0.0005, capacity: 1 }]
 */
export function rateLimits({ perSecond, perMinute }: RateConfig): RateLimit[] {
  const perSecondRates = [perSecond, perMinute === undefined ? undefined : perMinute / 60];
  return perSecondRates
    .filter((rate): rate is number => rate !== undefined)
    .map((rate) => ({ perMs: rate / 1000, capacity: Math.max(1, rate) }));
}

/**
 * A bucket with nothing in it at `nowMs`: where a new holder starts when it cannot know what its
 * predecessor spent (it died): safe, since an emptied bucket never lets more through than a full one.
 */
export function emptyBucket(nowMs: number): BucketState {
  return { tokens: 0, atMs: nowMs };
}

/**
 * The bucket at `nowMs`: filled at the rate since its state was taken, up to its capacity.
 *
 * @example
 * refill({ perMs: 0.002, capacity: 2 }, { tokens: 0, atMs: 0 }, 500); // { tokens: 1, atMs: 500 }
 */
export function refill(limit: RateLimit, state: BucketState, nowMs: number): BucketState {
  const elapsed = Math.max(0, nowMs - state.atMs);
  return { tokens: Math.min(limit.capacity, state.tokens + elapsed * limit.perMs), atMs: nowMs };
}

/** How many whole invocations the buckets allow now (`Infinity` without a rate limit). */
export function allowance(buckets: readonly BucketState[]): number {
  return buckets.reduce((least, bucket) => Math.min(least, Math.floor(bucket.tokens)), Infinity);
}

/** The bucket after `count` invocations were sent. */
export function spend(state: BucketState, count: number): BucketState {
  return { tokens: state.tokens - count, atMs: state.atMs };
}
