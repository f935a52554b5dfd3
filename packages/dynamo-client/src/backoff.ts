/** How long and how often a batch retries the items DynamoDB left unprocessed. */
export interface RetryPolicy {
  /** Retries after the first request before giving up. Default 8. */
  maxRetries: number;
  /** The delay ceiling of the first retry, in ms; it doubles with every retry. Default 50. */
  baseDelayMs: number;
  /** The highest delay ceiling, in ms. Default 5000. */
  maxDelayMs: number;
}

/** The defaults: 8 retries, from up to 50 ms, doubling, to at most 5 s (about 13 s of waiting at worst). */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
};

/**
 * The wait before retry number `retry` (0 for the first retry): exponential backoff with full jitter,
 * a uniformly random time between 0 and `min(maxDelayMs, baseDelayMs * 2^retry)`. Jitter spreads the
 * retries of parallel writers apart instead of having them collide again; see
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ and DynamoDB's advice for
 * `UnprocessedItems`: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations
 *
 * @param random a number in [0, 1); `Math.random` unless a test fixes it
 *
 * @example
 * backoffDelay(3, { baseDelayMs: 50, maxDelayMs: 5_000 }, () => 0.5); // 200 (half of 50 * 2^3)
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  // 2^retry overflows to Infinity for large retries; min() with the cap keeps it finite.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
