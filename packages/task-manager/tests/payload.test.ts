import { describe, expect, it } from 'vitest';
import { InvalidTaskError } from '../src/errors.js';
import { invocationPayload, MAX_PAYLOAD_BYTES, payloadString, taskPayload } from '../src/payload.js';

describe('payloadString', () => {
  it('stores an object as its JSON', () => {
    expect(payloadString({ a: 1, b: { c: [1, 2] } })).toBe('{"a":1,"b":{"c":[1,2]}}');
  });

  it('stores a string that parses as a JSON object as that object', () => {
    expect(payloadString(' {"a": 1} ')).toBe('{"a":1}');
  });

  it('wraps anything else as {"payload": x}', () => {
    expect(payloadString('hello')).toBe('{"payload":"hello"}');
    expect(payloadString('[1,2]')).toBe('{"payload":"[1,2]"}');
    expect(payloadString([1, 2])).toBe('{"payload":[1,2]}');
    expect(payloadString(5)).toBe('{"payload":5}');
    expect(payloadString(null)).toBe('{"payload":null}');
  });

  it('stores no payload as {}', () => {
    expect(payloadString(undefined)).toBe('{}');
  });

  it('refuses what JSON cannot hold, naming the task', () => {
    expect(() => payloadString({ n: 1n }, 'tasks[3]')).toThrow(
      /tasks\[3\]\.payload cannot be stored as JSON/,
    );
  });

  it('refuses a payload over the size a task may carry', () => {
    expect(() => payloadString({ blob: 'x'.repeat(MAX_PAYLOAD_BYTES) }, 'tasks[0]')).toThrow(
      InvalidTaskError,
    );
    expect(() => payloadString({ blob: 'x'.repeat(MAX_PAYLOAD_BYTES - 20) })).not.toThrow();
  });
});

describe('taskPayload', () => {
  it('parses the stored JSON string and takes a map as it is', () => {
    expect(taskPayload({ payload: '{"a":1}' })).toEqual({ a: 1 });
    expect(taskPayload({ payload: { a: 2 } })).toEqual({ a: 2 });
  });

  it('wraps a stored value that is not an object', () => {
    expect(taskPayload({ payload: 'not json' })).toEqual({ payload: 'not json' });
    expect(taskPayload({ payload: '7' })).toEqual({ payload: '7' });
  });
});

describe('invocationPayload', () => {
  it('puts the task fields over the payload keys, so a payload cannot pose as another task', () => {
    const body = invocationPayload({
      task_id: 't1',
      labourer_id: 'worker',
      created_at: 1.5,
      attempts: 2,
      greenfield: 99,
      payload: JSON.stringify({ task_id: 'spoofed', labourer_id: 'other', attempts: 0, account: 42 }),
    });
    expect(body).toEqual({
      account: 42,
      task_id: 't1',
      labourer_id: 'worker',
      created_at: 1.5,
      attempts: 2,
      greenfield: 99,
    });
  });
});
