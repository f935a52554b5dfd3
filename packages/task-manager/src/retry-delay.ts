/**
 * How long an expired or failed task waits in the retry table before it goes back to the queue.
 *
 * - `linear` (sosw's rule, the default): `duration * attempts`, so a slow worker that keeps timing out backs
 *   off by one more run length each time.
 * - `exponential`: "full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"): a random delay
 *   between 0 and `min(cap, base * 2^(attempts - 1))`, which spreads a burst of failures over time.
 */
export type RetryPolicy =
  { kind: 'linear' } | { kind: 'exponential'; baseSeconds: number; capSeconds: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { kind: 'linear' };

/**
 * Seconds to wait before the next attempt of a task that has made `attempts` attempts (at least 1).
 *
 * @example
 * retryDelaySeconds({ kind: 'linear' }, { attempts: 2, duration: 900 }); // 1800
 * retryDelaySeconds({ kind: 'exponential', baseSeconds: 60, capSeconds: 3600 }, { attempts: 3, duration: 900 }, () => 0.5);
 * // 120: half of min(3600, 60 * 2^2)
 */
export function retryDelaySeconds(
  policy: RetryPolicy,
  task: { attempts: number; duration: number },
  random: () => number = Math.random,
): number {
  const attempts = Math.max(1, task.attempts);
  if (policy.kind === 'linear') return task.duration * attempts;
  const ceiling = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** (attempts - 1));
  return Math.floor(random() * ceiling);
}
