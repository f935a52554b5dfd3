import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../src/concurrency.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapConcurrent', () => {
  it('keeps at most `limit` items in flight and returns results in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return `${index}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(most).toBe(3);
  });

  it('runs one at a time with limit 1', async () => {
    const order: string[] = [];
    await mapConcurrent(['a', 'b'], 1, async (item) => {
      order.push(`start ${item}`);
      await tick();
      order.push(`end ${item}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('starts nothing new after a failure, then throws it', async () => {
    const started: number[] = [];
    const failure = new Error('boom');
    await expect(
      mapConcurrent([0, 1, 2, 3, 4], 2, async (n) => {
        started.push(n);
        await tick();
        if (n === 0) throw failure;
      }),
    ).rejects.toBe(failure);
    expect(started).toEqual([0, 1]);
  });

  it('handles no items, and refuses a bad limit', async () => {
    expect(await mapConcurrent([], 4, () => Promise.resolve(1))).toEqual([]);
    await expect(mapConcurrent([1], 0, () => Promise.resolve(1))).rejects.toThrow(/positive integer, got 0/);
  });
});
