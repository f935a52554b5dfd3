/**
 * Fair share and priority in the greenfield (issue 22): where new tasks go in a labourer's queue when
 * they carry a concurrency key or a priority. Pure rules; `flow-state.ts` reads and writes what they need.
 *
 * The queue stays ONE ordered read path, the greenfield index (`labourer_id` + `greenfield`, ascending),
 * so the orchestrator, and Python sosw, read it as they always did:
 *
 * - **Priority bands.** A task of priority `p` (a whole number, 0 to `MAX_PRIORITY`; absent is 0, and so
 *   is every task Python sosw writes) is queued in band `p`, the greenfields around `-p * PRIORITY_BAND`.
 *   Band `p + 1` lies wholly below band `p`, so every queued task of a higher priority is read first.
 *   Band 0 holds today's greenfields (2000, 3000, ...) unchanged.
 * - **Start-time fair queueing within a band.** The tasks of one band form *flows*: one per concurrency
 *   key, and one for the tasks without a key. A flow's next task takes the greenfield
 *   `max(the band's head, the flow's tail + GREENFIELD_STEP / weight)`, where the head is the smallest
 *   queued greenfield of the band and the flow's tail is the greenfield of its newest queued task; the
 *   flow's following tasks go `GREENFIELD_STEP / weight` apart. A flow with a backlog goes on behind its
 *   own tasks; a flow with none starts AT the head, whatever its weight (a greenfield is a start time,
 *   as in start-time fair queueing; ties are fine in the index). So flows with backlogs interleave, each
 *   in proportion to its weight, and a key arriving late is not put behind the backlog of the others.
 * - **No keys, no priority: exactly today.** The one flow has the newest queued task as its tail, so the
 *   greenfields are `newest + 1000, newest + 2000, ...` (2000, 3000, ... on an empty queue): what
 *   `greenfieldsBehind` gives, and what Python sosw gives.
 */
import { EMPTY_QUEUE_GREENFIELD, GREENFIELD_STEP } from './greenfield.js';

/**
 * The distance between the centres of two priority bands. Band `p` holds the greenfields from
 * `-p * PRIORITY_BAND - PRIORITY_BAND / 2` (included) to `-p * PRIORITY_BAND + PRIORITY_BAND / 2`
 * (excluded), and band 0 everything from `-PRIORITY_BAND / 2` up. A flow of weight 1 can queue a million
 * tasks (a billion of greenfield at 1000 a task) in its band before it reaches the next one.
 */
export const PRIORITY_BAND = 2_000_000_000;

/** The highest priority: greenfields stay exact integers (far under 2^53) down to its band. */
export const MAX_PRIORITY = 1000;

/** The longest concurrency key, in characters: it is part of a `sosw_dispatch` key (2048 bytes at most). */
export const MAX_CONCURRENCY_KEY_LENGTH = 256;

/**
 * The largest weight of a key: its tasks are then `GREENFIELD_STEP / MAX_KEY_WEIGHT` = 1 apart, the
 * least that keeps greenfields whole numbers and a flow's greenfields increasing.
 */
export const MAX_KEY_WEIGHT = GREENFIELD_STEP;

/**
 * How far below "now" band 0's greenfields stop. A queued task is one whose greenfield is below the run's
 * start (`floor(now)`), so a new task must stay clear of now, whatever the clocks of other Lambdas say.
 * Only reached by a flow with over a million tasks queued (or a very light weight).
 */
export const BAND_ZERO_CLEARANCE_SECONDS = 86_400;

/** A task's concurrency key; `undefined` is the labourer's unkeyed flow. */
export type ConcurrencyKey = string | undefined;

/** The greenfields of one priority band. */
export interface PriorityBand {
  priority: number;
  /** The smallest greenfield of the band. */
  floor: number;
  /** The first greenfield above the band (`Infinity` for band 0: its top is the run's start). */
  top: number;
  /** Where an empty band's queue ends: its first task goes `GREENFIELD_STEP` behind it (2000 in band 0). */
  base: number;
}

/**
 * The band of a priority.
 *
 * @example
 * priorityBand(0); // { priority: 0, floor: -1_000_000_000, top: Infinity, base: 1000 }
 * priorityBand(2); // { priority: 2, floor: -5_000_000_000, top: -3_000_000_000, base: -3_999_999_000 }
 */
export function priorityBand(priority: number): PriorityBand {
  const centre = -priority * PRIORITY_BAND;
  return {
    priority,
    floor: centre - PRIORITY_BAND / 2,
    top: priority === 0 ? Infinity : centre + PRIORITY_BAND / 2,
    base: centre + EMPTY_QUEUE_GREENFIELD,
  };
}

/**
 * The priority band a queued greenfield lies in: 0 for every greenfield Python sosw or a task without a
 * priority gets.
 *
 * @example
 * priorityOfGreenfield(5000); // 0
 * priorityOfGreenfield(priorityBand(3).base + 1000); // 3
 */
export function priorityOfGreenfield(greenfield: number): number {
  // Band p is [-p * BAND - BAND / 2, -p * BAND + BAND / 2): its lowest greenfield belongs to it.
  return Math.max(0, Math.ceil(-greenfield / PRIORITY_BAND - 0.5));
}

/**
 * The highest greenfield a new task of the band may take: below the next band up, and, in band 0, a day
 * clear of now.
 *
 * @example
 * bandCeiling(0, 1_700_000_000); // 1_699_913_600
 * bandCeiling(1, 1_700_000_000); // -1_000_000_001
 */
export function bandCeiling(priority: number, nowSeconds: number): number {
  const band = priorityBand(priority);
  return priority === 0 ? Math.floor(nowSeconds) - BAND_ZERO_CLEARANCE_SECONDS : band.top - 1;
}

/**
 * The weight of a key: its entry in `weights`, else 1. The unkeyed flow weighs 1.
 *
 * @example
 * keyWeight({ big: 4 }, 'big'); // 4
 * keyWeight({ big: 4 }, 'small'); // 1
 */
export function keyWeight(
  weights: Readonly<Record<string, number>> | undefined,
  key: ConcurrencyKey,
): number {
  if (key === undefined || weights === undefined || !Object.hasOwn(weights, key)) return 1;
  return weights[key] as number;
}

/** What `fairGreenfields` needs to know of one band of a labourer's queue. */
export interface BandQueue {
  /** The band (default 0). */
  priority?: number;
  /** The band's head: its smallest queued greenfield; `undefined` when nothing is queued in it. */
  head?: number | undefined;
  /**
   * The flows that have tasks queued in the band: key -> the greenfield of the flow's newest queued task.
   * A flow missing here has none, and starts at the head.
   */
  tails?: ReadonlyMap<ConcurrencyKey, number>;
  /** Key -> weight (a positive number, at most `MAX_KEY_WEIGHT`); 1 when missing. */
  weights?: Readonly<Record<string, number>>;
  /** The highest greenfield to give (`bandCeiling`). Default: no limit in band 0, the band's top below. */
  ceiling?: number;
}

/**
 * Greenfields for new tasks of one band, in the order of `keys` (each task's concurrency key), by
 * start-time fair queueing: the `n`-th new task of a flow (from 0) gets
 * `round(first + n * GREENFIELD_STEP / weight)`, where `first` is
 * - `max(head, tail + GREENFIELD_STEP / weight)` for a flow with a tail (its newest queued task);
 * - the head for a flow without one: it starts at once;
 * - `base + GREENFIELD_STEP` for every flow when the band is empty (nothing is queued to be fair
 *   against; 2000 in band 0, where an empty queue starts today).
 *
 * A flow's tasks keep the order they are given in. Greenfields stop at `ceiling` (ties, never past it).
 *
 * @example
 * // Key "a" has a backlog up to 501_000 from the head 2000 on; "b" arrives with 3 tasks.
 * fairGreenfields(['b', 'b', 'b'], { head: 2000, tails: new Map([['a', 501_000]]) });
 * // [2000, 3000, 4000]: b's tasks interleave with a's, not after 501_000
 * fairGreenfields([undefined, undefined], { head: 2000, tails: new Map([[undefined, 7000]]) });
 * // [8000, 9000]: no keys, exactly greenfieldsBehind(7000, 2)
 * fairGreenfields(['a', 'b', 'b'], { head: 2000, weights: { b: 2 } });
 * // [2000, 2000, 2500]: b gets two turns to a's one
 */
export function fairGreenfields(keys: readonly ConcurrencyKey[], queue: BandQueue = {}): number[] {
  const band = priorityBand(queue.priority ?? 0);
  const ceiling = queue.ceiling ?? (band.priority === 0 ? Infinity : band.top - 1);
  const { head } = queue;
  const flows = new Map<ConcurrencyKey, { first: number; step: number; placed: number }>();
  return keys.map((key) => {
    let flow = flows.get(key);
    if (flow === undefined) {
      const step = GREENFIELD_STEP / keyWeight(queue.weights, key);
      flow = { first: flowStart(head, queue.tails?.get(key), band.base, step), step, placed: 0 };
      flows.set(key, flow);
    }
    const greenfield = Math.round(flow.first + flow.placed * flow.step);
    flow.placed += 1;
    return Math.min(greenfield, ceiling);
  });
}

/** A flow's first new greenfield: a step behind its tail, never in front of the head; the head without one. */
function flowStart(head: number | undefined, tail: number | undefined, base: number, step: number): number {
  if (tail !== undefined) return head === undefined ? tail + step : Math.max(head, tail + step);
  return head ?? base + GREENFIELD_STEP;
}

/**
 * Each flow's newest task among new tasks and their greenfields: the index of its task with the highest
 * greenfield (the first of equals). What a flow's state records after the tasks are written.
 *
 * @example
 * flowTails(['a', 'b', 'a'], [3000, 2500, 4000]); // Map { 'a' => 2, 'b' => 1 }
 */
export function flowTails(
  keys: readonly ConcurrencyKey[],
  greenfields: readonly number[],
): Map<ConcurrencyKey, number> {
  const tails = new Map<ConcurrencyKey, number>();
  keys.forEach((key, index) => {
    const best = tails.get(key);
    if (best === undefined || (greenfields[index] as number) > (greenfields[best] as number)) {
      tails.set(key, index);
    }
  });
  return tails;
}
