import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BAND_ZERO_CLEARANCE_SECONDS,
  bandCeiling,
  fairGreenfields,
  flowTails,
  keyWeight,
  MAX_KEY_WEIGHT,
  MAX_PRIORITY,
  PRIORITY_BAND,
  priorityBand,
  priorityOfGreenfield,
  type ConcurrencyKey,
} from '../src/fair-share.js';
import { GREENFIELD_STEP, greenfieldsBehind } from '../src/greenfield.js';

const NOW = 1_700_000_000;

/** The greenfields of one key, in the order of the batch. */
function ofKey(keys: readonly ConcurrencyKey[], greenfields: readonly number[], key: ConcurrencyKey) {
  return greenfields.filter((_, i) => keys[i] === key);
}

const keyArb = fc.constantFrom<ConcurrencyKey>(undefined, 'a', 'b', 'c', 'tenant#1');
const weightArb = fc.double({ min: 0.01, max: MAX_KEY_WEIGHT, noNaN: true, noDefaultInfinity: true });
const headArb = fc.integer({ min: -900_000_000, max: 500_000_000 });

describe('priorityBand and priorityOfGreenfield', () => {
  it('puts band 0 around today greenfields, unbounded above, and each higher band wholly below the one before', () => {
    expect(priorityBand(0)).toEqual({ priority: 0, floor: -1_000_000_000, top: Infinity, base: 1000 });
    expect(priorityBand(2)).toEqual({
      priority: 2,
      floor: -5_000_000_000,
      top: -3_000_000_000,
      base: -3_999_999_000,
    });
    for (const p of [0, 1, 7, MAX_PRIORITY - 1]) {
      expect(priorityBand(p + 1).top).toBe(priorityBand(p).floor);
    }
    // The lowest greenfield of the highest band is still an exact integer.
    expect(Number.isSafeInteger(priorityBand(MAX_PRIORITY).floor)).toBe(true);
  });

  it('reads every greenfield Python sosw gives (retries in front included) as band 0, and a band back', () => {
    for (const greenfield of [-500, 999, 2000, 7_000_000, 999_999_999, 1_600_000_000]) {
      expect(priorityOfGreenfield(greenfield)).toBe(0);
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PRIORITY }),
        fc.integer({ min: -PRIORITY_BAND / 2, max: PRIORITY_BAND / 2 - 1 }),
        (p, offset) => {
          const band = priorityBand(p);
          const greenfield = -p * PRIORITY_BAND + offset;
          expect(greenfield).toBeGreaterThanOrEqual(band.floor);
          expect(greenfield).toBeLessThan(band.top);
          expect(priorityOfGreenfield(greenfield)).toBe(p);
        },
      ),
    );
    expect(priorityOfGreenfield(priorityBand(1).top)).toBe(0);
    expect(priorityOfGreenfield(priorityBand(1).top - 1)).toBe(1);
  });

  it('keeps band 0 a day clear of now, and every other band under the next one up', () => {
    expect(bandCeiling(0, NOW + 0.9)).toBe(NOW - BAND_ZERO_CLEARANCE_SECONDS);
    expect(bandCeiling(1, NOW)).toBe(priorityBand(0).floor - 1);
    expect(bandCeiling(5, NOW)).toBe(priorityBand(4).floor - 1);
  });
});

describe('keyWeight', () => {
  it('gives the configured weight, else 1; the unkeyed flow and inherited names weigh 1', () => {
    expect(keyWeight({ big: 4 }, 'big')).toBe(4);
    expect(keyWeight({ big: 4 }, 'small')).toBe(1);
    expect(keyWeight({ big: 4 }, undefined)).toBe(1);
    expect(keyWeight(undefined, 'big')).toBe(1);
    expect(keyWeight({}, 'constructor')).toBe(1);
  });
});

describe('fairGreenfields', () => {
  it('gives the documented examples', () => {
    expect(fairGreenfields(['b', 'b', 'b'], { head: 2000, tails: new Map([['a', 501_000]]) })).toEqual([
      2000, 3000, 4000,
    ]);
    expect(
      fairGreenfields([undefined, undefined], { head: 2000, tails: new Map([[undefined, 7000]]) }),
    ).toEqual([8000, 9000]);
    expect(fairGreenfields(['a', 'b', 'b'], { head: 2000, weights: { b: 2 } })).toEqual([2000, 2000, 2500]);
  });

  it('without keys gives exactly today: greenfieldsBehind(newest queued)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: -1_000, max: 900_000_000 }), { nil: undefined }),
        fc.nat({ max: 10_000 }),
        fc.nat({ max: 300 }),
        (newest, below, count) => {
          const keys = Array.from({ length: count }, () => undefined);
          const tails = new Map<ConcurrencyKey, number>();
          if (newest !== undefined) tails.set(undefined, newest);
          const expected = greenfieldsBehind(newest, count);
          // The head, when known, is at or below the newest queued task: it changes nothing.
          expect(fairGreenfields(keys, { tails })).toEqual(expected);
          if (newest !== undefined) {
            expect(fairGreenfields(keys, { tails, head: newest - below })).toEqual(expected);
          }
        },
      ),
    );
    expect(fairGreenfields([undefined, undefined, undefined])).toEqual([2000, 3000, 4000]);
  });

  it('keeps each key in the order given, strictly increasing, in whole numbers, under the ceiling', () => {
    fc.assert(
      fc.property(
        fc.array(keyArb, { maxLength: 200 }),
        fc.option(headArb, { nil: undefined }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'tenant#1'), weightArb),
        fc.array(fc.tuple(keyArb, fc.nat({ max: 50_000_000 }))),
        (keys, head, weights, backlog) => {
          const tails = new Map(backlog.map(([key, ahead]) => [key, (head ?? 1000) + ahead]));
          const ceiling = bandCeiling(0, NOW);
          const greenfields = fairGreenfields(keys, { head, tails, weights, ceiling });
          expect(greenfields).toHaveLength(keys.length);
          for (const greenfield of greenfields) {
            expect(Number.isInteger(greenfield)).toBe(true);
            expect(greenfield).toBeLessThanOrEqual(ceiling);
          }
          for (const key of new Set(keys)) {
            const own = ofKey(keys, greenfields, key);
            own.slice(1).forEach((greenfield, i) => {
              expect(greenfield).toBeGreaterThan(own[i] as number);
            });
            // Behind its own backlog, never in front of the head.
            const tail = tails.get(key);
            if (tail !== undefined) expect(own[0]).toBeGreaterThan(tail);
            if (head !== undefined) expect(own[0]).toBeGreaterThanOrEqual(head);
          }
        },
      ),
    );
  });

  it('puts a late key first task at the head, not behind the backlog of the others', () => {
    fc.assert(
      fc.property(
        headArb,
        fc.integer({ min: 1, max: 10_000 }),
        weightArb,
        fc.integer({ min: 1, max: 50 }),
        (head, backlogA, weightB, count) => {
          // Tenant A: `backlogA` tasks queued, 1000 apart, from the head on; B arrives with `count`.
          const tailA = head + (backlogA - 1) * GREENFIELD_STEP;
          const keys = Array.from({ length: count }, () => 'b');
          const greenfields = fairGreenfields(keys, {
            head,
            tails: new Map([['a', tailA]]),
            weights: { b: weightB },
          });
          const stepB = GREENFIELD_STEP / weightB;
          greenfields.forEach((greenfield, i) => {
            expect(Math.abs(greenfield - (head + i * stepB))).toBeLessThanOrEqual(0.5);
          });
          // B's first task ties the head, whatever its weight: it goes at the next refill, not after A.
          expect(greenfields[0]).toBe(head);
        },
      ),
    );
  });

  it('interleaves keys in proportion to their weights while each has tasks left', () => {
    fc.assert(
      fc.property(
        headArb,
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 2, maxLength: 300 }),
        weightArb,
        weightArb,
        weightArb,
        (head, keys, wa, wb, wc) => {
          const weights: Record<string, number> = { a: wa, b: wb, c: wc };
          const greenfields = fairGreenfields(keys, { head, weights });
          const present = [...new Set(keys)] as string[];
          const lastOf = new Map(present.map((key) => [key, Math.max(...ofKey(keys, greenfields, key))]));
          const busyUntil = Math.min(...lastOf.values());
          // At any greenfield where every key still has tasks, the number of tasks of each key before it,
          // divided by its weight, is the same within one task's worth: the shares follow the weights.
          for (const x of greenfields.filter((greenfield) => greenfield < busyUntil)) {
            const served = present.map((key) => {
              const count = ofKey(keys, greenfields, key).filter((greenfield) => greenfield <= x).length;
              const weight = weights[key] as number;
              const t = (x + 0.5 - head) / GREENFIELD_STEP;
              expect(count / weight).toBeGreaterThanOrEqual(t - 1e-6);
              expect(count / weight).toBeLessThan(t + 1 / weight + 1e-6);
              return count / weight;
            });
            const spread = Math.max(...served) - Math.min(...served);
            expect(spread).toBeLessThan(Math.max(...present.map((key) => 1 / (weights[key] as number))));
          }
        },
      ),
    );
  });

  it('gives two keys with backlogs alternate turns at equal weights, and 3 to 1 at weights 3 and 1', () => {
    const keys = [...Array.from({ length: 6 }, () => 'a'), ...Array.from({ length: 6 }, () => 'b')];
    const order = (greenfields: number[]) =>
      keys
        .map((key, i) => ({ key, greenfield: greenfields[i] as number, i }))
        .sort((x, y) => x.greenfield - y.greenfield || x.i - y.i)
        .map((task) => task.key)
        .join('');
    expect(order(fairGreenfields(keys, { head: 2000 }))).toBe('abababababab');
    // a has a backlog up to 9000: b, late, starts at the head and takes the turns a has not used.
    const late = fairGreenfields(keys, { head: 2000, tails: new Map([['a', 9000]]) });
    expect(ofKey(keys, late, 'b')).toEqual([2000, 3000, 4000, 5000, 6000, 7000]);
    expect(ofKey(keys, late, 'a')).toEqual([10_000, 11_000, 12_000, 13_000, 14_000, 15_000]);
    expect(order(fairGreenfields(keys, { head: 2000, weights: { a: 3 } })).slice(0, 8)).toBe('abaaabaa');
  });

  it('queues every task of a higher priority in front of every task of a lower one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PRIORITY - 1 }),
        fc.array(keyArb, { minLength: 1, maxLength: 50 }),
        fc.array(keyArb, { minLength: 1, maxLength: 50 }),
        fc.nat({ max: PRIORITY_BAND / 2 - 10_000 }),
        fc.nat({ max: PRIORITY_BAND / 2 - 10_000 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), weightArb),
        (p, lowKeys, highKeys, lowAhead, highAhead, weights) => {
          const low = priorityBand(p);
          const high = priorityBand(p + 1);
          const lowGreenfields = fairGreenfields(lowKeys, {
            priority: p,
            head: low.base + lowAhead,
            weights,
            ceiling: bandCeiling(p, NOW),
          });
          // Even a high band far into its backlog (up to its ceiling) stays under the lower band.
          const highGreenfields = fairGreenfields(highKeys, {
            priority: p + 1,
            head: high.base + highAhead,
            tails: new Map([['a', high.top - 2]]),
            weights,
            ceiling: bandCeiling(p + 1, NOW),
          });
          expect(Math.max(...highGreenfields)).toBeLessThan(Math.min(...lowGreenfields));
          for (const greenfield of highGreenfields) expect(priorityOfGreenfield(greenfield)).toBe(p + 1);
        },
      ),
    );
  });

  it('starts an empty band at its base, as an empty queue starts at 2000 today', () => {
    expect(fairGreenfields(['a', 'b'], { priority: 0 })).toEqual([2000, 2000]);
    expect(fairGreenfields([undefined], { priority: 3 })).toEqual([priorityBand(3).base + 1000]);
  });

  it('stops at the ceiling: ties there, never past it', () => {
    expect(
      fairGreenfields(['a', 'a', 'a'], { head: 10_000, weights: { a: 0.01 }, ceiling: 150_000 }),
    ).toEqual([10_000, 110_000, 150_000]);
  });
});

describe('flowTails', () => {
  it('gives the index of each flow newest task among new ones', () => {
    expect(flowTails(['a', 'b', 'a'], [3000, 2500, 4000])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(flowTails([undefined, 'a', undefined], [9000, 1, 8000])).toEqual(
      new Map<ConcurrencyKey, number>([
        [undefined, 0],
        ['a', 1],
      ]),
    );
    expect(flowTails([], [])).toEqual(new Map());
  });
});
