import { FixedClock } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import { cached, QueueHistory, REDRIVE_TOKEN_TTL_MS, RedriveTokens } from '../../src/dashboard/index.js';

describe('cached', () => {
  it('reads once for all callers within its time to live, and again after it', async () => {
    const clock = new FixedClock(0);
    let reads = 0;
    const value = cached(3_000, () => Promise.resolve(++reads), clock);
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1]);
    clock.advance(2_999);
    expect(await value.get()).toBe(1);
    clock.advance(1);
    expect(await value.get()).toBe(2);
    value.invalidate();
    expect(await value.get()).toBe(3);
  });

  it('keeps no failure: the next caller reads again', async () => {
    let reads = 0;
    const value = cached(60_000, () =>
      ++reads === 1 ? Promise.reject(new Error('down')) : Promise.resolve(reads),
    );
    await expect(value.get()).rejects.toThrow('down');
    expect(await value.get()).toBe(2);
  });
});

describe('QueueHistory', () => {
  const sample = (alpha: number, beta: number) =>
    new Map([
      ['alpha', alpha],
      ['beta', beta],
    ]);

  it('gives the queue over time per labourer or summed, skipping samples closer than its interval', () => {
    const history = new QueueHistory(10, 1_000);
    history.record(1_000, sample(3, 1));
    history.record(1_500, sample(9, 9)); // too soon after the last one: dropped
    history.record(2_000, sample(2, 0));
    expect(history.series('alpha')).toEqual([
      { x: 1_000, y: 3 },
      { x: 2_000, y: 2 },
    ]);
    expect(history.series(undefined, 1_500)).toEqual([{ x: 2_000, y: 2 }]);
    expect(history.series('gone')).toEqual([
      { x: 1_000, y: 0 },
      { x: 2_000, y: 0 },
    ]);
    expect(history.since).toBe(1_000);
  });

  it('keeps the newest `capacity` samples, oldest first', () => {
    const history = new QueueHistory(3, 0);
    for (let i = 1; i <= 5; i++) history.record(i, sample(i, 0));
    expect(history.series('alpha').map((point) => point.y)).toEqual([3, 4, 5]);
    expect(history.since).toBe(3);
    expect(() => new QueueHistory(0, 0)).toThrow('capacity');
  });
});

describe('RedriveTokens', () => {
  const request = { labourer: 'alpha', since: 1_000 };

  it('accepts a token once, for the request it was issued for', () => {
    const tokens = new RedriveTokens(new FixedClock(0));
    const token = tokens.issue(request);
    expect(tokens.consume(token, { ...request, since: 999 })).toBe(false);
    // A wrong request spends the token too: the confirmation page must be opened again.
    expect(tokens.consume(token, request)).toBe(false);
    const again = tokens.issue(request);
    expect(tokens.consume(again, request)).toBe(true);
    expect(tokens.consume(again, request)).toBe(false);
    expect(tokens.consume('made-up', request)).toBe(false);
  });

  it('lets a token expire', () => {
    const clock = new FixedClock(0);
    const tokens = new RedriveTokens(clock);
    const token = tokens.issue(request);
    clock.advance(REDRIVE_TOKEN_TTL_MS);
    expect(tokens.consume(token, request)).toBe(false);
  });
});
