import { isPlainObject, ValidationError } from '@sosw/core';
import { TASK_FIELDS } from './constants.js';

/** The task an orchestrated invocation is about, read from the fields the orchestrator put in the event. */
export interface TaskFields {
  task_id: string;
  /** Required with a `task_id`: every report names it, and the worker-assistant checks it against the task. */
  labourer_id: string;
  created_at: number | undefined;
  /** The task's `attempts` after the claim: 1 on the first invocation, 2 on the first retry, ... */
  attempts: number | undefined;
  greenfield: number | undefined;
}

/** An event split in two: the task's own fields (when it carries a `task_id`), and the payload. */
export interface TaskEvent {
  task: TaskFields | undefined;
  payload: Record<string, unknown>;
}

/**
 * Splits an orchestrated worker's event: the task fields (`task_id`, `labourer_id`, `created_at`,
 * `attempts`, `greenfield`) go to the context, the rest is the payload. An event without a `task_id` was
 * invoked directly, not by the orchestrator: `task` is `undefined` and the payload is the event as it is.
 * Both orchestrators (ours and Python sosw's) send `labourer_id` with `task_id`; an event with a `task_id`
 * and no `labourer_id` is not theirs, and is refused.
 *
 * @throws {ValidationError} when the event is not an object, a task field has the wrong type, or a
 * `task_id` comes without a `labourer_id`
 *
 * @example
 * splitTaskEvent({ task_id: 't1', labourer_id: 'echo', attempts: 1, created_at: 5, greenfield: 9, n: 1 });
 * // { task: { task_id: 't1', labourer_id: 'echo', attempts: 1, created_at: 5, greenfield: 9 }, payload: { n: 1 } }
 * splitTaskEvent({ n: 1 }); // { task: undefined, payload: { n: 1 } }
 */
export function splitTaskEvent(event: unknown): TaskEvent {
  if (!isPlainObject(event)) {
    const got = event === null ? 'null' : Array.isArray(event) ? 'array' : typeof event;
    throw new ValidationError(`worker event is invalid: (root): expected object, got ${got}`, [
      { path: '(root)', message: `expected object, got ${got}` },
    ]);
  }
  if (event.task_id === undefined) return { task: undefined, payload: event };
  const payload = { ...event };
  for (const field of TASK_FIELDS) Reflect.deleteProperty(payload, field);
  return {
    task: {
      task_id: stringField(event, 'task_id') ?? '',
      labourer_id:
        stringField(event, 'labourer_id') ?? invalidField('labourer_id', 'a non-empty string', undefined),
      created_at: numberField(event, 'created_at'),
      attempts: numberField(event, 'attempts'),
      greenfield: numberField(event, 'greenfield'),
    },
    payload,
  };
}

function stringField(event: Record<string, unknown>, name: string): string | undefined {
  const value = event[name];
  if (value === undefined || (typeof value === 'string' && value !== '')) return value;
  return invalidField(name, 'a non-empty string', value);
}

function numberField(event: Record<string, unknown>, name: string): number | undefined {
  const value = event[name];
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value;
  return invalidField(name, 'number', value);
}

function invalidField(name: string, expected: string, value: unknown): never {
  const got =
    value === ''
      ? 'an empty string'
      : value === null
        ? 'null'
        : value === undefined
          ? 'nothing'
          : typeof value;
  const message = `expected ${expected}, got ${got}`;
  throw new ValidationError(`worker event is invalid: ${name}: ${message}`, [{ path: name, message }]);
}
