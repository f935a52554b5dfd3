import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, keyOf, lookahead, MAX_LOOKAHEAD, UNKEYED } from '../src/dispatch/admission.js';
import {
  DECREASE_FACTOR,
  effectiveBudget,
  learn,
  type LearnedBudget,
} from '../src/dispatch/learned-budget.js';
import {
  allowance,
  emptyBucket,
  rateLimits,
  refill,
  spend,
  type BucketState,
} from '../src/dispatch/rate-bucket.js';

describe('rate buckets', () => {
  it('hold one second’s worth, at least one', () => {
    expect(rateLimits({ perMinute: 120 })).toEqual([{ perMs: 0.002, capacity: 2 }]);
    expect(rateLimits({ perSecond: 0.5, perMinute: 600 })).toEqual([
      { perMs: 0.0005, capacity: 1 },
      { perMs: 0.01, capacity: 10 },
    ]);
    expect(rateLimits({})).toEqual([]);
    expect(allowance([])).toBe(Infinity);
  });

  it('let through at most rate × span + one second’s worth in any span, whenever the holder looks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 200, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 60 }),
        (perSecond, gaps) => {
          const [limit] = rateLimits({ perSecond });
          let bucket: BucketState = emptyBucket(0);
          const sent: { atMs: number; count: number }[] = [];
          let nowMs = 0;
          for (const gap of gaps) {
            nowMs += gap;
            bucket = refill(limit!, bucket, nowMs);
            const count = allowance([bucket]);
            bucket = spend(bucket, count);
            sent.push({ atMs: nowMs, count });
          }
          for (const from of sent) {
            for (const to of sent) {
              if (to.atMs < from.atMs) continue;
              const total = sent
                .filter((look) => look.atMs >= from.atMs && look.atMs <= to.atMs)
                .reduce((sum, look) => sum + look.count, 0);
              // Counted from the look before `from`: the tokens spent at `from` filled since then.
              const before = sent.filter((look) => look.atMs < from.atMs).at(-1)?.atMs ?? 0;
              expect(total).toBeLessThanOrEqual(
                perSecond * ((to.atMs - before) / 1000) + limit!.capacity + 1e-9,
              );
            }
          }
        },
      ),
    );
  });
});

describe('the learned budget', () => {
  const ended = (completed: number, throttledClaimMs: number[] = []) => ({ completed, throttledClaimMs });

  it('is the ecology’s until a throttle, then cut at once, from what was in flight and what the downstream took', () => {
    expect(learn(undefined, ended(50), { ecologyBudget: 40, inFlight: 40, nowMs: 1 })).toBeUndefined();
    expect(learn(undefined, ended(0, [5]), { ecologyBudget: 40, inFlight: 20, nowMs: 10 })).toEqual({
      limit: 20 * DECREASE_FACTOR,
      cutAtMs: 10,
    });
    // 16 of 20 throttled: the downstream took 4.
    expect(
      learn(undefined, ended(0, Array<number>(16).fill(5)), { ecologyBudget: 40, inFlight: 20, nowMs: 10 }),
    ).toEqual({
      limit: 5,
      cutAtMs: 10,
    });
  });

  it('cuts once per round: a throttle of a task claimed before the last cut does not cut again', () => {
    const cut: LearnedBudget = { limit: 10, cutAtMs: 1_000 };
    expect(learn(cut, ended(0, [999]), { ecologyBudget: 40, inFlight: 10, nowMs: 1_100 })).toBe(cut);
    expect(learn(cut, ended(0, [1_001]), { ecologyBudget: 40, inFlight: 10, nowMs: 1_100 })?.limit).toBe(7);
  });

  it('grows back one task per round of clean completions, and forgets itself at the ecology’s budget', () => {
    const cut: LearnedBudget = { limit: 10, cutAtMs: 0 };
    expect(learn(cut, ended(10), { ecologyBudget: 40, inFlight: 10, nowMs: 1 })?.limit).toBe(11);
    expect(
      learn({ limit: 39.5, cutAtMs: 0 }, ended(20), { ecologyBudget: 40, inFlight: 39, nowMs: 1 }),
    ).toBeUndefined();
  });

  it('is never above the ecology’s budget nor below 1, whatever happens', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ecologyBudget: fc.integer({ min: 1, max: 100 }),
            completed: fc.integer({ min: 0, max: 50 }),
            throttled: fc.integer({ min: 0, max: 50 }),
            inFlight: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 40 },
        ),
        (looks) => {
          let learned: LearnedBudget | undefined;
          for (const [i, look] of looks.entries()) {
            const throttledClaimMs = Array<number>(look.throttled).fill(i * 10 + 5);
            learned = learn(learned, ended(look.completed, throttledClaimMs), {
              ecologyBudget: look.ecologyBudget,
              inFlight: Math.max(look.inFlight, look.throttled),
              nowMs: i * 10 + 9,
            });
            const budget = effectiveBudget(look.ecologyBudget, learned);
            expect(budget).toBeGreaterThanOrEqual(1);
            expect(budget).toBeLessThanOrEqual(look.ecologyBudget);
          }
        },
      ),
    );
  });
});

describe('admission', () => {
  const task = (n: number, key?: string) => ({
    task_id: `t${n}`,
    ...(key === undefined ? {} : { concurrency_key: key }),
  });

  it('takes queue order, passing over keys at their cap; tasks without a key are one key', () => {
    const queue = [task(1, 'a'), task(2, 'a'), task(3, 'a'), task(4, 'b'), task(5), task(6), task(7, 'b')];
    expect(
      admit(queue, { free: 10, perKeyCap: 2, runningByKey: new Map([['a', 1]]) }).map((t) => t.task_id),
    ).toEqual(['t1', 't4', 't5', 't6', 't7']);
    expect(admit(queue, { free: 3, runningByKey: new Map() }).map((t) => t.task_id)).toEqual([
      't1',
      't2',
      't3',
    ]);
    expect(keyOf(task(5))).toBe(UNKEYED);
  });

  it('never chooses more than free, nor lets a key pass its cap, and skips no task it could take', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', UNKEYED), fc.integer({ min: 0, max: 6 })),
        (keys, free, perKeyCap, running) => {
          const queue = keys.map((key, n) => task(n, key));
          const runningByKey = new Map(Object.entries(running));
          const chosen = admit(queue, { free, perKeyCap, runningByKey });
          expect(chosen.length).toBeLessThanOrEqual(free);
          const counts = new Map(runningByKey);
          for (const t of chosen) counts.set(keyOf(t), (counts.get(keyOf(t)) ?? 0) + 1);
          for (const t of chosen)
            expect(counts.get(keyOf(t))).toBeLessThanOrEqual(
              Math.max(perKeyCap, runningByKey.get(keyOf(t)) ?? 0),
            );
          // Work-conserving: a task left behind before the last chosen one had its key at the cap.
          const lastChosen = chosen.length === 0 ? -1 : queue.indexOf(chosen.at(-1)!);
          for (const t of queue.slice(0, lastChosen + 1)) {
            if (!chosen.includes(t)) expect(counts.get(keyOf(t)) ?? 0).toBeGreaterThanOrEqual(perKeyCap);
          }
        },
      ),
    );
  });

  it('reads further down the queue only with a per-key cap, and never more than MAX_LOOKAHEAD', () => {
    expect(lookahead(10, undefined)).toBe(10);
    expect(lookahead(10, 2)).toBe(80);
    expect(lookahead(500, 2)).toBe(MAX_LOOKAHEAD);
  });
});
