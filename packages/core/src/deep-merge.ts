import type { PlainObject } from './types.js';

/**
 * Keys a merge never copies. A config document comes from a table or an environment variable, i.e. from
 * outside; copying `__proto__` would let it change an object's prototype, and `constructor`/`prototype`
 * are the other two steps of the usual prototype-pollution path.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Merges config layers left to right into a new object: later layers win; plain objects merge deeply;
 * arrays and every other value are replaced whole, never unioned (sosw merged lists as sets, which made a
 * list impossible to shorten). `undefined` means "no opinion" and leaves the earlier value; `null` replaces.
 * Inputs are never mutated and the result shares no object or array with them, so changing the result
 * cannot change a layer. `__proto__`, `constructor` and `prototype` keys are dropped.
 *
 * @example
 * deepMerge(
 *   { task_config: { labourers: { x: { max_attempts: 3, arn: 'a' } } }, tags: ['a', 'b'] },
 *   { task_config: { labourers: { x: { max_attempts: 5 } } }, tags: ['c'] },
 * );
 * // { task_config: { labourers: { x: { max_attempts: 5, arn: 'a' } } }, tags: ['c'] }
 */
export function deepMerge(...layers: readonly PlainObject[]): PlainObject {
  const result: PlainObject = {};
  for (const layer of layers) mergeInto(result, layer);
  return result;
}

/** Whether a value is a plain object (a JSON object, an object literal), which merges key by key. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function mergeInto(target: PlainObject, source: PlainObject): void {
  for (const [key, value] of Object.entries(source)) {
    if (FORBIDDEN_KEYS.has(key) || value === undefined) continue;
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(value) && isPlainObject(existing)) {
      mergeInto(existing, value); // `existing` is a copy this merge made, never an input's object
    } else {
      target[key] = copy(value); // safe: `__proto__` never gets here
    }
  }
}

/** A deep copy of plain objects and arrays; anything else (numbers, strings, a Date) as it is. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isPlainObject(value)) {
    const result: PlainObject = {};
    mergeInto(result, value);
    return result;
  }
  return value;
}
