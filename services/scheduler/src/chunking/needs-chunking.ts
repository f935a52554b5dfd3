import { isPlainObject, type PlainObject } from '@sosw/core';
import { levelKey } from './chunkable-attrs.js';
import { chunkingRequested, flagScope, type FlagScope } from './flags.js';

/**
 * Whether the level of `attrs[level]` in `data` must be chunked: its flags ask for it (`isolate_<attr>s`
 * or `max_<attr>s_per_batch`, here or around it), or a deeper level inside one of its dicts must be
 * chunked. A level the data does not have is skipped: the next attribute is looked for in the same data.
 *
 * @param scope - the flags in force around `data` (its own are added here)
 * @param path - where `data` is, for errors
 *
 * @example
 * needsChunking({ sections: { a: { isolate_stores: true, stores: ['x'] } } }, 0, ['section', 'store'], {}, ['job']);
 * // true: stores of section a are isolated, so sections must be too
 */
export function needsChunking(
  data: PlainObject,
  level: number,
  attrs: readonly string[],
  scope: FlagScope,
  path: readonly PropertyKey[],
): boolean {
  const attr = attrs[level];
  if (attr === undefined) return false;
  const here = flagScope(scope, data, path);
  if (chunkingRequested(here, attr)) return true;
  const key = levelKey(data, attr, path);
  const value = key === undefined ? null : data[key];
  if (value === null || value === undefined) return needsChunking(data, level + 1, attrs, here, path);
  const dicts = Array.isArray(value) ? value.filter(isPlainObject) : isPlainObject(value) ? [value] : [];
  return dicts.some((dict, index) =>
    Object.entries(dict).some(
      ([name, sub]) =>
        isPlainObject(sub) &&
        needsChunking(sub, level + 1, attrs, here, [
          ...path,
          key as string,
          ...(Array.isArray(value) ? [index] : []),
          name,
        ]),
    ),
  );
}
