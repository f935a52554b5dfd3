import { setTimeout as sleepMs } from 'node:timers/promises';
import { backoffDelay, type RetryPolicy } from './backoff.js';

/** How `retryUnprocessed` waits and draws its jitter; tests replace them. */
export interface RetryEnvironment {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry with its number (from 0) and what it will resend. */
  onRetry?: (retry: number, pending: number) => void;
}

/**
 * Sends `pending`, then resends whatever the answer left unprocessed, after a backoff with full jitter,
 * until nothing is left or `policy.maxRetries` retries are spent. Returns what is still unprocessed then
 * (empty when everything went through). Errors from `send` are not retried here: throttling and
 * transient faults are the SDK's retry strategy's job.
 *
 * @param send sends some requests and resolves to the ones DynamoDB did not process
 *
 * @example
 * const left = await retryUnprocessed(chunk, (part) => writeOnce(part), DEFAULT_RETRY_POLICY);
 * if (left.length > 0) throw new UnprocessedItemsError(left, DEFAULT_RETRY_POLICY.maxRetries);
 */
export async function retryUnprocessed<T>(
  pending: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly T[]>,
  policy: RetryPolicy,
  { sleep = (ms) => sleepMs(ms), random = Math.random, onRetry }: RetryEnvironment = {},
): Promise<T[]> {
  let left = await send(pending);
  for (let retry = 0; retry < policy.maxRetries && left.length > 0; retry++) {
    await sleep(backoffDelay(retry, policy, random));
    onRetry?.(retry, left.length);
    left = await send(left);
  }
  return [...left];
}
