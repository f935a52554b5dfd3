import { describe, expect, it } from 'vitest';
import { retryUnprocessed } from '../src/retry-unprocessed.js';

const policy = { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 25 };

/** A sender that processes `perCall` requests each time and leaves the rest. */
function sender(perCall: number) {
  const calls: number[][] = [];
  const send = (pending: readonly number[]) => {
    calls.push([...pending]);
    return Promise.resolve(pending.slice(perCall));
  };
  return { calls, send };
}

/** A sleep that only notes how long it was asked to wait. */
const recordTo =
  (waits: number[]) =>
  (ms: number): Promise<void> => {
    waits.push(ms);
    return Promise.resolve();
  };

describe('retryUnprocessed', () => {
  it('sends once when everything is processed, without waiting', async () => {
    const { calls, send } = sender(10);
    const waits: number[] = [];
    const left = await retryUnprocessed([1, 2, 3], send, policy, {
      sleep: recordTo(waits),
    });
    expect(left).toEqual([]);
    expect(calls).toEqual([[1, 2, 3]]);
    expect(waits).toEqual([]);
  });

  it('resends only what was left, after a backoff with full jitter, until done', async () => {
    const { calls, send } = sender(2);
    const waits: number[] = [];
    const retries: [number, number][] = [];
    const left = await retryUnprocessed([1, 2, 3, 4, 5], send, policy, {
      sleep: recordTo(waits),
      random: () => 0.5,
      onRetry: (retry, pending) => retries.push([retry, pending]),
    });
    expect(left).toEqual([]);
    expect(calls).toEqual([[1, 2, 3, 4, 5], [3, 4, 5], [5]]);
    expect(waits).toEqual([5, 10]); // half of 10, half of 20
    expect(retries).toEqual([
      [0, 3],
      [1, 1],
    ]);
  });

  it('gives up after maxRetries retries and returns what is still unprocessed', async () => {
    const { calls, send } = sender(1);
    const waits: number[] = [];
    const left = await retryUnprocessed([1, 2, 3, 4, 5, 6], send, policy, {
      sleep: recordTo(waits),
      random: () => 0.999,
    });
    expect(calls).toHaveLength(1 + policy.maxRetries);
    expect(left).toEqual([5, 6]);
    expect(waits).toEqual([9, 19, 24]); // ceilings 10, 20, then capped at 25
  });

  it('with maxRetries 0 sends once and returns the leftovers', async () => {
    const { calls, send } = sender(1);
    expect(await retryUnprocessed([1, 2], send, { ...policy, maxRetries: 0 })).toEqual([2]);
    expect(calls).toHaveLength(1);
  });

  it('waits for real by default', async () => {
    const { send } = sender(1);
    const started = performance.now();
    await retryUnprocessed(
      [1, 2],
      send,
      { maxRetries: 1, baseDelayMs: 40, maxDelayMs: 40 },
      { random: () => 0.99 },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('lets a send error through, without retrying', async () => {
    let calls = 0;
    const failure = new Error('ValidationException');
    await expect(
      retryUnprocessed(
        [1],
        () => {
          calls++;
          return Promise.reject(failure);
        },
        policy,
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });
});
