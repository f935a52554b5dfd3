import { ConfigError, ValidationError } from '@sosw/core';
import fc from 'fast-check';

/** An input built to be refused, and the field its error must name. */
export interface Malformed {
  /** What is sent: an event, a job, a record body, a document. */
  input: unknown;
  /**
   * The field at fault, as the error's path writes it (`job.period`, `event.resume.position`, `stats`,
   * `(root)`): the error must name this field or a place inside it.
   */
  field: string;
  /** What is wrong with it, in a few words: shown with a counterexample and counted in the summary. */
  flaw: string;
}

/**
 * Whether `path` is `field` or a place inside it: `job.stores` covers `job.stores[1]` and `job.stores.a`.
 *
 * @example
 * within('job.stores[1]', 'job.stores'); // true
 * within('job.storesX', 'job.stores'); // false
 */
export function within(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/**
 * `base` with `key` set to `value`, or without `key` when `value` is `undefined` (a missing field).
 *
 * @example
 * withField({ a: 1, b: 2 }, 'b', undefined); // { a: 1 }
 */
export function withField(
  base: Readonly<Record<string, unknown>>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(base).filter(([name]) => name !== key));
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** Whether a text parses as JSON. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Any JSON value, nested a little: the raw material of junk. */
export const jsonJunk = fc.jsonValue({ maxDepth: 2 });

/**
 * Numbers a careless caller sends: huge, tiny, unsafe integers. They are JSON numbers, so an event can
 * carry them.
 */
export const extremeNumbers = fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2 ** 64, -(2 ** 63), 1e-300, 0.5);

/** A JSON value that is not a string (nor `null`): the wrong type for a field that wants text. */
export const notText = fc.oneof(
  jsonJunk.filter((value) => typeof value !== 'string' && value !== null),
  extremeNumbers,
);

/** A JSON value that is neither an object nor a string: what no parser may take as an event. */
export const neitherObjectNorText = fc.oneof(
  fc.integer(),
  extremeNumbers,
  fc.boolean(),
  fc.constant(null),
  fc.array(jsonJunk, { maxLength: 3 }),
);

/** A text that is not JSON. */
export const notJsonText = fc.string({ maxLength: 30 }).filter((text) => !isJson(text));

/**
 * Keys a caller adds beside the real ones, holding nested junk: they must change nothing (`x_` keeps
 * them clear of the keys with a meaning: chunkable levels, flags, control keys, tags).
 */
export const junkFields = fc.dictionary(
  fc.stringMatching(/^x_[a-z0-9_]{1,8}$/),
  fc.jsonValue({ maxDepth: 3 }),
  {
    maxKeys: 3,
  },
);

/** Counts outcomes by kind, for a scenario's summary line: `invalid_type:4,unknown_labourer:2`. */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(kind: string): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
  }

  get total(): number {
    let total = 0;
    for (const n of this.#counts.values()) total += n;
    return total;
  }

  toString(): string {
    return [...this.#counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `${kind}:${n}`)
      .join(',');
  }
}

/**
 * The places an error names, as paths: the `issues` of a `ValidationError` or `ConfigError`, or the `path`
 * of a serializer error (JSONPath, `$.orderId`, read as `orderId`; `$` for the whole text).
 *
 * @example
 * namedPaths(new ValidationError('...', [{ path: 'stats', message: 'expected object, got array' }])); // ['stats']
 */
export function namedPaths(error: unknown): string[] {
  if (error instanceof ValidationError || error instanceof ConfigError)
    return error.issues.map((issue) => issue.path);
  if (error instanceof Error && 'path' in error && typeof error.path === 'string') {
    return [error.path === '$' ? '$' : error.path.replace(/^\$\.?/, '')];
  }
  return [];
}
