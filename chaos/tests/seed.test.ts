import { describe, expect, it } from 'vitest';
import { between, scenarioSeeds, seededStreams, workerFate } from '../src/index.js';

describe('scenarioSeeds', () => {
  it('replays the one seed in CHAOS_SEED', () => {
    expect(scenarioSeeds(3, { CHAOS_SEED: '123456' })).toEqual([123456]);
  });

  it('draws `count` different seeds when none is given', () => {
    const seeds = scenarioSeeds(3, {});
    expect(seeds).toHaveLength(3);
    expect(new Set(seeds).size).toBe(3);
    for (const seed of seeds) expect(Number.isSafeInteger(seed) && seed >= 0).toBe(true);
  });

  it('refuses a CHAOS_SEED that is not a whole number, naming the variable', () => {
    expect(() => scenarioSeeds(1, { CHAOS_SEED: 'abc' })).toThrow(/CHAOS_SEED must be a whole number/);
    expect(() => scenarioSeeds(1, { CHAOS_SEED: '-4' })).toThrow(/CHAOS_SEED/);
  });
});

describe('seededStreams', () => {
  it('gives the same numbers for the same seed, stream by stream', () => {
    const a = seededStreams(9);
    const b = seededStreams(9);
    b.workers(); // drawing from one stream does not shift another
    expect([a.kills(), a.kills()]).toEqual([b.kills(), b.kills()]);
  });

  it('between stays within its bounds, both included', () => {
    const random = seededStreams(1).kills;
    const seen = new Set(Array.from({ length: 500 }, () => between(random, 3, 5)));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });
});

describe('workerFate', () => {
  const behaviour = { seed: 42, failShare: 0.1, hangShare: 0.01 };

  it('is the same for the same seed, task and attempt, whatever the order of draws', () => {
    const fates = Array.from({ length: 50 }, (_, n) => workerFate(behaviour, `t-${n}`, 1));
    const again = Array.from({ length: 50 }, (_, n) => workerFate(behaviour, `t-${49 - n}`, 1)).reverse();
    expect(again).toEqual(fates);
  });

  it('fails and hangs about the shares asked for', () => {
    const counts = { complete: 0, fail: 0, hang: 0 };
    for (let n = 0; n < 20_000; n++) counts[workerFate(behaviour, `task-${n}`, 1 + (n % 3))] += 1;
    expect(counts.fail / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.hang / 20_000).toBeCloseTo(0.01, 1);
    expect(counts.hang).toBeGreaterThan(0);
  });
});
