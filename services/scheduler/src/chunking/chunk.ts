import { formatPath, isPlainObject, type PlainObject } from '@sosw/core';
import { InvalidJob } from '../errors.js';
import type { TaskPayload } from '../types.js';
import { levelKey, plural } from './chunkable-attrs.js';
import { batchSize, flagScope, type FlagScope } from './flags.js';
import { needsChunking } from './needs-chunking.js';
import { batchesOf, isChunkValue, isNullValuedDict, jsonTypeName, type ChunkValue } from './values.js';

/** Where a level is and what surrounds it, while a job is being chunked. */
interface Level {
  /** The data of this level: the job itself, or a dict one level down. */
  data: PlainObject;
  /** Index of this level's attribute in `attrs`. */
  index: number;
  /** The flags in force around `data`. */
  scope: FlagScope;
  /** What every task of this level starts with: the levels above, with their values as one-element lists. */
  skeleton: TaskPayload;
  /** Where `data` is in the job. */
  path: readonly PropertyKey[];
}

/**
 * Chunks a job into task payloads, lazily, in a stable order (the same job always gives the same
 * sequence, so a task's position names it). `attrs` are the configured chunkable attributes, outermost
 * first, in the singular (`['section', 'store', 'product']`); the job may use either form of each key.
 *
 * The rules, level by level:
 * - a level is chunked when `isolate_<attr>s` or `max_<attr>s_per_batch` is set at that level or any
 *   level around it (the nearest wins), or when a deeper level inside it must be chunked;
 * - a chunked level gives a task per value, or batches of `max_<attr>s_per_batch` values, under the plural
 *   key; a dict whose values are all `null` is the list of its keys; a dict with other values gives a task
 *   per key (`stores: ['flowers']`) and goes on into that key's dict with the next attribute; at the last
 *   attribute that dict is merged into the task; a list of dicts is each dict in turn;
 * - an unchunked level is kept whole in one task (a list of values, or a dict of nulls as the list of its
 *   keys, under the plural key; anything else as it is);
 * - a level the data does not have is skipped: the next attribute is looked for in the same data;
 * - every task carries the other keys of its levels, the deeper ones winning.
 *
 * @throws InvalidJob naming the place, for a chunked level that is not a list or a dict, a value in it
 * that cannot be chunked, or a bad `max_<attr>s_per_batch`. Errors come as the generator reaches them:
 * iterate it to the end once to validate a job before writing anything.
 *
 * @example
 * [...chunkJob({ isolate_sections: true, sections: { a: null, b: { custom: 1 } } }, ['section'])];
 * // [{ isolate_sections: true, sections: ['a'] }, { isolate_sections: true, sections: ['b'], custom: 1 }]
 */
export function* chunkJob(job: PlainObject, attrs: readonly string[]): Generator<TaskPayload> {
  yield* chunkLevel(attrs, { data: job, index: 0, scope: {}, skeleton: {}, path: ['job'] });
}

function* chunkLevel(attrs: readonly string[], level: Level): Generator<TaskPayload> {
  const { data, index, skeleton, path } = level;
  const attr = attrs[index];
  if (attr === undefined) {
    yield { ...skeleton, ...data };
    return;
  }
  const scope = flagScope(level.scope, data, path);
  const key = levelKey(data, attr, path);
  const value = key === undefined ? null : data[key];
  if (key === undefined || value === null || value === undefined) {
    yield* chunkLevel(attrs, { ...level, index: index + 1, scope });
    return;
  }

  const rest = { ...data };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removing the level's own key from a copy
  delete rest[key];
  const base = { ...skeleton, ...rest };
  const many = plural(attr);
  if (!needsChunking(data, index, attrs, level.scope, path)) {
    yield { ...base, ...unchunked(key, many, value) };
    return;
  }

  const size = batchSize(scope, attr) ?? 1;
  const here = [...path, key];
  const next = { attrs, index, scope, base, many, size };
  if (isPlainObject(value)) {
    yield* chunkDict(next, value, here);
  } else if (Array.isArray(value)) {
    yield* chunkList(next, value, here);
  } else {
    throw InvalidJob.at(
      formatPath(here),
      `a chunked level must be a list or a dict, got ${jsonTypeName(value)}`,
    );
  }
}

/** A chunked level being expanded. */
interface Chunked {
  attrs: readonly string[];
  index: number;
  scope: FlagScope;
  /** The task so far: the skeleton and this level's other keys. */
  base: TaskPayload;
  /** The plural key the values go under. */
  many: string;
  size: number;
}

/** An unchunked level, kept whole: plain values under the plural key, anything else as it was. */
function unchunked(key: string, many: string, value: unknown): TaskPayload {
  if (isNullValuedDict(value)) return { [many]: Object.keys(value) };
  if (Array.isArray(value) && value.every(isChunkValue)) return { [many]: value };
  return { [key]: value };
}

function* chunkValues(level: Chunked, values: readonly ChunkValue[]): Generator<TaskPayload> {
  for (const batch of batchesOf(values, level.size)) yield { ...level.base, [level.many]: batch };
}

function* chunkList(
  level: Chunked,
  list: readonly unknown[],
  path: readonly PropertyKey[],
): Generator<TaskPayload> {
  // The first item says what the list holds: values, or dicts; the first item of another kind is the error.
  const ofValues = list.length === 0 || isChunkValue(list[0]);
  const bad = list.findIndex((item) => (ofValues ? !isChunkValue(item) : !isPlainObject(item)));
  if (bad >= 0) {
    throw InvalidJob.at(
      formatPath([...path, bad]),
      `a chunked list holds either values (strings, numbers) or dicts, got ${jsonTypeName(list[bad])}` +
        (bad > 0 ? ` after ${ofValues ? 'values' : 'dicts'}` : ''),
    );
  }
  if (ofValues) {
    yield* chunkValues(level, list as ChunkValue[]);
    return;
  }
  for (const [i, item] of list.entries()) yield* chunkDict(level, item as PlainObject, [...path, i]);
}

function* chunkDict(level: Chunked, dict: PlainObject, path: readonly PropertyKey[]): Generator<TaskPayload> {
  if (isNullValuedDict(dict)) {
    yield* chunkValues(level, Object.keys(dict));
    return;
  }
  const last = level.index === level.attrs.length - 1;
  for (const [name, sub] of Object.entries(dict)) {
    const task = { ...level.base, [level.many]: [name] };
    if (sub === null) {
      yield task;
    } else if (!isPlainObject(sub)) {
      throw InvalidJob.at(
        formatPath([...path, name]),
        `a value in a chunked dict must be a dict or null, got ${jsonTypeName(sub)}`,
      );
    } else if (last) {
      yield { ...task, ...sub };
    } else {
      yield* chunkLevel(level.attrs, {
        data: sub,
        index: level.index + 1,
        scope: level.scope,
        skeleton: task,
        path: [...path, name],
      });
    }
  }
}
