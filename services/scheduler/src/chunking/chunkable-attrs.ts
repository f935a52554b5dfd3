import { formatPath, type PlainObject } from '@sosw/core';
import { InvalidJob } from '../errors.js';

/**
 * The plural of a chunkable attribute, as jobs and tasks write it: `store` -> `stores`. Chunkable
 * attributes are configured in the singular, as in sosw.
 *
 * @example
 * plural('section'); // 'sections'
 */
export function plural(attr: string): string {
  return `${attr}s`;
}

/**
 * The key under which a level of the job holds `attr`: the plural (`stores`) or the singular (`store`),
 * or `undefined` when it has neither.
 *
 * @param path - where `data` is in the job, for the error
 * @throws InvalidJob when both are given (which one would win is a guess)
 *
 * @example
 * levelKey({ stores: ['a'] }, 'store', ['job']); // 'stores'
 * levelKey({ store: 'a' }, 'store', ['job']); // 'store'
 */
export function levelKey(data: PlainObject, attr: string, path: readonly PropertyKey[]): string | undefined {
  const many = plural(attr);
  const hasMany = Object.hasOwn(data, many);
  const hasOne = Object.hasOwn(data, attr);
  if (hasMany && hasOne) {
    throw InvalidJob.at(formatPath(path), `both "${attr}" and "${many}" are given; use one of them`);
  }
  if (hasMany) return many;
  return hasOne ? attr : undefined;
}
