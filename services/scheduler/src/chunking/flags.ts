import { formatPath, type PlainObject } from '@sosw/core';
import { InvalidJob } from '../errors.js';
import { plural } from './chunkable-attrs.js';

/**
 * The chunking flags in force at a level of a job: the `isolate_*` and `max_*_per_batch` keys of that
 * level and of every level around it, the nearest one winning.
 */
export type FlagScope = Readonly<Record<string, unknown>>;

const FLAG_KEY = /^(isolate_.+|max_.+_per_batch)$/;
const MAX_PER_BATCH_KEY = /^max_.+_per_batch$/;
const FALSE_WORDS: ReadonlySet<string> = new Set(['', 'false', '0', 'no']);

/**
 * Whether an `isolate_*` flag is set: `true`, a number other than 0, or a string other than `''`,
 * `false`, `0`, `no` (any case); cron rules and older callers often send `"True"`.
 *
 * @example
 * isFlagSet('True'); // true
 * isFlagSet(false); // false
 */
export function isFlagSet(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return !FALSE_WORDS.has(value.trim().toLowerCase());
  return false;
}

/**
 * The flags in force inside `data`: `outer` with the flags of `data` over it.
 *
 * @param path - where `data` is, for the error
 * @throws InvalidJob when a `max_*_per_batch` is not a whole number of at least 1
 *
 * @example
 * flagScope({ isolate_sections: true }, { max_stores_per_batch: 10, stores: [] }, ['job']);
 * // { isolate_sections: true, max_stores_per_batch: 10 }
 */
export function flagScope(outer: FlagScope, data: PlainObject, path: readonly PropertyKey[]): FlagScope {
  let scope: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(data)) {
    if (!FLAG_KEY.test(key)) continue;
    if (MAX_PER_BATCH_KEY.test(key) && value !== null && !isBatchSize(value)) {
      throw InvalidJob.at(
        formatPath([...path, key]),
        `must be a whole number of at least 1, got ${JSON.stringify(value)}`,
      );
    }
    scope ??= { ...outer };
    scope[key] = value;
  }
  return scope ?? outer;
}

function isBatchSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** The flag of `attr` in the scope under its plural name (`isolate_stores`), else its singular one. */
function flagOf(scope: FlagScope, attr: string, name: (form: string) => string): unknown {
  const many = name(plural(attr));
  return Object.hasOwn(scope, many) ? scope[many] : scope[name(attr)];
}

/**
 * Whether the scope asks for `attr` to be chunked: `isolate_<attr>s` set, or a `max_<attr>s_per_batch`
 * (singular forms accepted too).
 *
 * @example
 * chunkingRequested({ isolate_stores: true }, 'store'); // true
 * chunkingRequested({ max_products_per_batch: 50 }, 'product'); // true
 */
export function chunkingRequested(scope: FlagScope, attr: string): boolean {
  return isFlagSet(flagOf(scope, attr, isolateKey)) || batchSize(scope, attr) !== undefined;
}

/**
 * How many values of `attr` a task of a chunked level gets: `max_<attr>s_per_batch`, else 1.
 *
 * @example
 * batchSize({ max_stores_per_batch: 3 }, 'store'); // 3
 */
export function batchSize(scope: FlagScope, attr: string): number | undefined {
  const value = flagOf(scope, attr, maxPerBatchKey);
  return isBatchSize(value) ? value : undefined;
}

function isolateKey(form: string): string {
  return `isolate_${form}`;
}

function maxPerBatchKey(form: string): string {
  return `max_${form}_per_batch`;
}
