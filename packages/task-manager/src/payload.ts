import { isPlainObject } from '@sosw/core';
import { InvalidTaskError } from './errors.js';
import type { TaskRow } from './types.js';

/**
 * The largest payload a task may carry, in bytes of its JSON. DynamoDB's item limit is 400 KB, and the
 * task's other attributes, its `stat_*` and `result_*` need room; larger inputs belong in S3 (the
 * serializer offloads them and leaves a pointer in the payload).
 */
export const MAX_PAYLOAD_BYTES = 350_000;

/** The fields of a task that go into its invocation, over its payload. */
export const INVOCATION_FIELDS = ['task_id', 'labourer_id', 'created_at', 'attempts', 'greenfield'] as const;

function toObject(payload: unknown): Record<string, unknown> {
  if (payload === undefined) return {};
  if (isPlainObject(payload)) return payload;
  if (typeof payload === 'string') {
    try {
      const parsed: unknown = JSON.parse(payload);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // Not JSON: an opaque string, wrapped like any other non-object below.
    }
  }
  return { payload };
}

/**
 * A task's `payload` attribute, as sosw stores it: the JSON of an object. An object is stored as its
 * JSON; a string that parses as a JSON object is stored as that object; anything else (a number, an
 * array, any other string) is wrapped as `{"payload": x}`; no payload is `{}`.
 *
 * @param where - the task, for the error message (`tasks[3]`)
 * @throws InvalidTaskError when the payload cannot be JSON (a bigint, a cycle) or is over `MAX_PAYLOAD_BYTES`
 *
 * @example
 * payloadString({ a: 1 }); // '{"a":1}'
 * payloadString('{"a":1}'); // '{"a":1}'
 * payloadString([1, 2]); // '{"payload":[1,2]}'
 * payloadString('hello'); // '{"payload":"hello"}'
 */
export function payloadString(payload: unknown, where = 'task'): string {
  let json: string;
  try {
    json = JSON.stringify(toObject(payload));
  } catch (error) {
    throw new InvalidTaskError(
      `${where}.payload cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new InvalidTaskError(
      `${where}.payload is ${bytes} bytes of JSON, over the ${MAX_PAYLOAD_BYTES} a task may carry: ` +
        `offload it to S3 (see @sosw/serializer) and put the pointer in the payload`,
    );
  }
  return json;
}

/**
 * A stored task's payload as an object: the attribute parsed (rows of Python sosw hold a JSON string; a
 * map is taken as it is); anything that is not an object comes back wrapped as `{ payload: x }`.
 *
 * @example
 * taskPayload({ payload: '{"a":1}' }); // { a: 1 }
 * taskPayload({ payload: 'not json' }); // { payload: 'not json' }
 */
export function taskPayload(task: { payload?: unknown }): Record<string, unknown> {
  return toObject(task.payload);
}

/**
 * What the worker receives: the task's payload with the task's own fields over it (`task_id`,
 * `labourer_id`, `created_at`, `attempts`, `greenfield`), so a payload cannot pose as another task.
 *
 * @example
 * invocationPayload({ task_id: 't1', labourer_id: 'w', created_at: 1, attempts: 1, greenfield: 9, payload: '{"task_id":"x","n":1}' });
 * // { n: 1, task_id: 't1', labourer_id: 'w', created_at: 1, attempts: 1, greenfield: 9 }
 */
export function invocationPayload(
  task: Pick<TaskRow, (typeof INVOCATION_FIELDS)[number] | 'payload'>,
): Record<string, unknown> {
  const fields = Object.fromEntries(INVOCATION_FIELDS.map((field) => [field, task[field]]));
  return { ...taskPayload(task), ...fields };
}
