import { isPlainObject, parseWith, ValidationError, type Schema } from '@sosw/core';
import type { PayloadReader } from './payload-reader.js';

/**
 * Turns what arrived into a worker function's input: decoded through the serializer (offloaded payloads
 * restored), then parsed with the schema when there is one (defaults applied, as the schema says).
 * Without a schema the input must be an object.
 *
 * @param what - what the input is, for the message: `input of task t1`
 * @throws {ValidationError} naming each failing field: `input of task t1 is invalid: account: expected number, got string`
 *
 * @example
 * await readInput(reader, { account: 7 }, z.object({ account: z.number() }), 'input of task t1'); // { account: 7 }
 */
export async function readInput(
  reader: PayloadReader,
  raw: unknown,
  schema: Schema | undefined,
  what: string,
): Promise<unknown> {
  const decoded = await reader.decode(raw);
  return parseInput(decoded, schema, what);
}

/**
 * Parses an already decoded value with the schema, or checks that it is an object when there is none.
 *
 * @throws {ValidationError} naming each failing field
 *
 * @example
 * parseInput({ n: '1' }, z.object({ n: z.coerce.number() }), 'message m1'); // { n: 1 }
 */
export function parseInput(value: unknown, schema: Schema | undefined, what: string): unknown {
  if (schema !== undefined) return parseWith(schema, value, what);
  if (isPlainObject(value)) return value;
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const message = `expected object, got ${got}`;
  throw new ValidationError(`${what} is invalid: (root): ${message}`, [{ path: '(root)', message }]);
}
