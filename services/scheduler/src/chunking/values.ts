import { isPlainObject, type PlainObject } from '@sosw/core';

/** A value a chunked level hands out one by one: a string or a finite number (ids, names, codes). */
export type ChunkValue = string | number;

/** Whether a value is one a task can carry in a chunk list. */
export function isChunkValue(value: unknown): value is ChunkValue {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Whether every value of a dict is `null`: then the dict means the list of its keys (sosw's convention). */
export function isNullValuedDict(value: unknown): value is PlainObject {
  return isPlainObject(value) && Object.values(value).every((v) => v === null);
}

/** The JSON type of a value, for messages: `string`, `number`, `boolean`, `null`, `list`, `dict`. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'dict';
  return typeof value;
}

/**
 * `values` cut into consecutive batches of at most `size`, lazily.
 *
 * @example
 * [...batchesOf(['a', 'b', 'c'], 2)]; // [['a', 'b'], ['c']]
 */
export function* batchesOf<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < values.length; start += size) yield values.slice(start, start + size);
}
