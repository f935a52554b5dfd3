import { describe, expect, it } from 'vitest';
import {
  ApiUnavailableError,
  figuresOf,
  RateLimitedError,
  seededRandom,
  SimulatedStatsApi,
  StatsApiError,
  UnknownStoreError,
} from '../src/index.js';

const noWait = () => Promise.resolve();

/** What each of `n` calls did: 'ok' or the error's name. */
async function outcomes(api: SimulatedStatsApi, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let index = 0; index < n; index += 1) {
    seen.push(
      await api.dailyStats(`store_${index}`, '2024-05-01').then(
        () => 'ok',
        (error: unknown) => (error as Error).name,
      ),
    );
  }
  return seen;
}

describe('SimulatedStatsApi', () => {
  it('answers the same figures for a store and day every time, and different ones for another day', async () => {
    const api = new SimulatedStatsApi({ random: () => 0.5, sleep: noWait });

    const first = await api.dailyStats('store_1', '2024-05-01');

    expect(await api.dailyStats('store_1', '2024-05-01')).toEqual(first);
    expect(first).toEqual(figuresOf('store_1', '2024-05-01'));
    expect(first).toMatchObject({ store: 'store_1', date: '2024-05-01' });
    expect(first.orders).toBeLessThanOrEqual(first.visits);
    expect(await api.dailyStats('store_1', '2024-05-02')).not.toEqual(first);
    expect(api.calls).toBe(3);
  });

  it('with the same seed, fails the same calls the same way', async () => {
    const options = { rateLimitRate: 0.2, failureRate: 0.2, sleep: noWait };

    const a = await outcomes(new SimulatedStatsApi({ ...options, random: seededRandom(7) }), 50);
    const b = await outcomes(new SimulatedStatsApi({ ...options, random: seededRandom(7) }), 50);

    expect(a).toEqual(b);
    expect(a).toContain('ok');
    expect(a).toContain('RateLimitedError');
    expect(a).toContain('ApiUnavailableError');
  });

  it('rate limits a call whose roll is under rateLimitRate, with Retry-After; a 503 just above it', async () => {
    const rolls = [0.5, 0.04, 0.5, 0.06, 0.5, 0.2];
    const api = new SimulatedStatsApi({
      random: () => rolls.shift() ?? 0.5,
      rateLimitRate: 0.05,
      failureRate: 0.05,
      retryAfterSeconds: 12,
      sleep: noWait,
    });

    const limited = await api.dailyStats('s', '2024-05-01').catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ retryAfterSeconds: 12 });
    await expect(api.dailyStats('s', '2024-05-01')).rejects.toBeInstanceOf(ApiUnavailableError);
    await expect(api.dailyStats('s', '2024-05-01')).resolves.toMatchObject({ store: 's' });
  });

  it('does not know stores whose id starts with closed_, or those knowsStore refuses', async () => {
    const api = new SimulatedStatsApi({ random: () => 0.5, sleep: noWait });
    await expect(api.dailyStats('closed_1', '2024-05-01')).rejects.toThrow(
      new UnknownStoreError('closed_1').message,
    );
    const picky = new SimulatedStatsApi({ random: () => 0.5, sleep: noWait, knowsStore: (s) => s === 'a' });
    await expect(picky.dailyStats('b', '2024-05-01')).rejects.toBeInstanceOf(UnknownStoreError);
    await expect(picky.dailyStats('a', '2024-05-01')).resolves.toMatchObject({ store: 'a' });
  });

  it('waits a latency between min and max, drawn from random', async () => {
    const waits: number[] = [];
    // latency, roll, latency, roll
    const draws = [0, 0.5, 1 - Number.EPSILON, 0.5];
    const api = new SimulatedStatsApi({
      random: () => draws.shift() ?? 0.5,
      latencyMs: { min: 10, max: 50 },
      rateLimitRate: 0,
      failureRate: 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });

    await api.dailyStats('a', '2024-05-01');
    await api.dailyStats('a', '2024-05-01');

    expect(waits[0]).toBe(10);
    expect(waits[1]).toBeCloseTo(50);
  });

  it('refuses a rate outside 0..1 or a latency with min > max, naming the option', () => {
    expect(() => new SimulatedStatsApi({ rateLimitRate: 1.5 })).toThrow(
      new StatsApiError('SimulatedStatsApi rateLimitRate must be from 0 to 1, got 1.5'),
    );
    expect(() => new SimulatedStatsApi({ failureRate: -0.1 })).toThrow(/failureRate/);
    expect(() => new SimulatedStatsApi({ latencyMs: { min: 5, max: 1 } })).toThrow(/latencyMs/);
  });
});

describe('seededRandom', () => {
  it('gives numbers in [0, 1), the same sequence for a seed, another for another seed', () => {
    const a = seededRandom(1);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws.every((n) => n >= 0 && n < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(990);
    const again = seededRandom(1);
    expect(Array.from({ length: 1000 }, () => again())).toEqual(draws);
    expect(seededRandom(2)()).not.toBe(draws[0]);
  });
});
