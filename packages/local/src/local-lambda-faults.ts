import { InvalidOptionError } from './errors.js';
import { MAX_FAULT_HANG_MS } from './local-lambda-limits.js';
import type { FaultKind, LambdaFaults } from './local-lambda-types.js';

const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'error', 'timeout', 'lost-answer'];

/** A source of numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence, so a chaos test that
 * fails can be run again with the very same faults.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // always the same first number for seed 42
 * ```
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Throws `InvalidOptionError` naming the field if `faults` cannot be applied; returns them otherwise.
 *
 * @example
 * ```ts
 * validateFaults({ rate: 0.1, kinds: ['throttle'] });
 * ```
 */
export function validateFaults(faults: LambdaFaults): LambdaFaults {
  if (!(faults.rate >= 0 && faults.rate <= 1)) {
    throw new InvalidOptionError('faults.rate', `must be a number from 0 to 1, got ${String(faults.rate)}`);
  }
  if (faults.kinds.length === 0) throw new InvalidOptionError('faults.kinds', 'must name at least one kind');
  for (const kind of faults.kinds) {
    if (!FAULT_KINDS.includes(kind)) {
      throw new InvalidOptionError('faults.kinds', `'${kind}' is not one of ${FAULT_KINDS.join(', ')}`);
    }
  }
  if (faults.seed !== undefined && !Number.isInteger(faults.seed)) {
    throw new InvalidOptionError('faults.seed', `must be an integer, got ${String(faults.seed)}`);
  }
  if (faults.hangMs !== undefined && !(faults.hangMs >= 0 && faults.hangMs <= MAX_FAULT_HANG_MS)) {
    throw new InvalidOptionError('faults.hangMs', `must be from 0 to ${MAX_FAULT_HANG_MS} ms`);
  }
  return faults;
}

/**
 * Decides, request by request, which fault (if any) an Invoke request gets. Every request to a function
 * the faults apply to draws from the generator, hit or not, so the sequence depends only on the seed and
 * the order of requests.
 */
export class FaultPlan {
  private readonly random: Random;

  constructor(readonly faults: LambdaFaults) {
    validateFaults(faults);
    this.random = faults.seed === undefined ? Math.random : seededRandom(faults.seed);
  }

  /** The fault for the next Invoke request of function `name`, or `undefined` to run it. */
  next(name: string): FaultKind | undefined {
    if (this.faults.functions !== undefined && !this.faults.functions.includes(name)) return undefined;
    const roll = this.random();
    const pick = this.random();
    if (roll >= this.faults.rate) return undefined;
    return this.faults.kinds[Math.floor(pick * this.faults.kinds.length)];
  }

  /** How long a `timeout` fault holds the response. */
  get hangMs(): number {
    return this.faults.hangMs ?? MAX_FAULT_HANG_MS;
  }
}
