import { InvalidOptionError, seededRandom, type Random } from '@sosw/local';
import { DYNAMODB_FAULT_KINDS, type DynamoDbFaultKind, type DynamoDbFaults } from './fault-proxy-types.js';

/** A latency spike is held at most this long: longer would only trip the client's own timeouts. */
export const MAX_LATENCY_MS = 30_000;

/** How long a `latency` fault holds a request when `latencyMs` is not given. */
export const DEFAULT_LATENCY_MS = 1_000;

/**
 * Throws `InvalidOptionError` naming the field if `faults` cannot be applied; returns them otherwise.
 *
 * @example
 * ```ts
 * validateDynamoDbFaults({ throttle: 0.05, dropAfter: 0.01 });
 * ```
 */
export function validateDynamoDbFaults(faults: DynamoDbFaults): DynamoDbFaults {
  let total = 0;
  for (const kind of DYNAMODB_FAULT_KINDS) {
    const share = faults[kind] ?? 0;
    if (!(share >= 0 && share <= 1)) {
      throw new InvalidOptionError(`faults.${kind}`, `must be a share from 0 to 1, got ${String(share)}`);
    }
    total += share;
  }
  if (total > 1 + 1e-9) {
    throw new InvalidOptionError('faults', `the shares add up to ${total.toFixed(3)}; at most 1 is possible`);
  }
  const latencyMs = faults.latencyMs ?? DEFAULT_LATENCY_MS;
  if (!(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS)) {
    throw new InvalidOptionError('faults.latencyMs', `must be from 0 to ${MAX_LATENCY_MS} ms`);
  }
  if (faults.seed !== undefined && !Number.isInteger(faults.seed)) {
    throw new InvalidOptionError('faults.seed', `must be an integer, got ${String(faults.seed)}`);
  }
  return faults;
}

/**
 * Decides, request by request, which fault (if any) a DynamoDB request gets: one draw per request in
 * scope, laid on the shares one after the other (`throttle` first, then `error`, ...), so the sequence of
 * decisions depends only on the seed and the order of requests.
 *
 * @example
 * ```ts
 * const plan = new DynamoDbFaultPlan({ throttle: 0.5, seed: 1 });
 * plan.next('PutItem'); // 'throttle' or undefined, the same for seed 1 every time
 * ```
 */
export class DynamoDbFaultPlan {
  readonly #random: Random;

  constructor(readonly faults: DynamoDbFaults) {
    validateDynamoDbFaults(faults);
    this.#random = faults.seed === undefined ? Math.random : seededRandom(faults.seed);
  }

  /** The fault for the next request of `operation`, or `undefined` to pass it through. */
  next(operation: string): DynamoDbFaultKind | undefined {
    if (this.faults.operations !== undefined && !this.faults.operations.includes(operation)) return undefined;
    let roll = this.#random();
    for (const kind of DYNAMODB_FAULT_KINDS) {
      const share = this.faults[kind] ?? 0;
      if (roll < share) return kind;
      roll -= share;
    }
    return undefined;
  }

  /** How long a `latency` fault holds a request. */
  get latencyMs(): number {
    return this.faults.latencyMs ?? DEFAULT_LATENCY_MS;
  }
}
