import { describe, expect, it } from 'vitest';
import { ContinuationError, continuationKey, decodeContinuation, encodeContinuation } from '../src/index.js';

describe('continuation objects', () => {
  const header = { job_id: 'job-1', labourer_id: 'worker', first_index: 500 };
  const payloads = [{ stores: ['a'] }, { stores: ['b'] }, { stores: ['c'] }];

  it('are keyed by job and position under the prefix', () => {
    expect(continuationKey('sosw/scheduler', 'job 1/x', 500)).toBe(
      'sosw/scheduler/job%201%2Fx/from-500.jsonl',
    );
    expect(continuationKey('/p/', 'j', 0)).toBe('p/j/from-0.jsonl');
    expect(continuationKey('', 'j', 0)).toBe('j/from-0.jsonl');
  });

  it('round-trip, read from any position in them', () => {
    const text = encodeContinuation(header, payloads);
    expect(text.split('\n')[0]).toBe(
      '{"format":"sosw-scheduler-continuation/1","job_id":"job-1","labourer_id":"worker","first_index":500,"count":3}',
    );
    const decoded = decodeContinuation(text, 's3://b/k');
    expect(decoded.header).toMatchObject({ ...header, count: 3 });
    expect([...decoded.from(500)]).toEqual(payloads);
    expect([...decoded.from(502)]).toEqual([{ stores: ['c'] }]);
    expect([...decoded.from(503)]).toEqual([]);
  });

  it('carry the job concurrency_key and priority in the header, and refuse them malformed', () => {
    const keyed = { ...header, concurrency_key: 'store', priority: 2 };
    const text = encodeContinuation(keyed, payloads);
    expect(decodeContinuation(text, 's3://b/k').header).toEqual({
      format: 'sosw-scheduler-continuation/1',
      ...keyed,
      count: 3,
    });
    const [first, ...rest] = text.split('\n');
    for (const bad of [{ concurrency_key: 5 }, { priority: 'high' }]) {
      const line = JSON.stringify({ ...(JSON.parse(first!) as object), ...bad });
      expect(() => decodeContinuation([line, ...rest].join('\n'), 's3://b/k')).toThrow(ContinuationError);
    }
  });

  it('refuse a position outside them, a truncated object and a foreign one', () => {
    const decoded = decodeContinuation(encodeContinuation(header, payloads), 's3://b/k');
    expect(() => [...decoded.from(499)]).toThrow(
      new ContinuationError('s3://b/k holds tasks 500 to 502: cannot resume at 499'),
    );
    expect(() => [...decoded.from(504)]).toThrow(ContinuationError);
    const truncated = encodeContinuation(header, payloads).split('\n').slice(0, 3).join('\n');
    expect(() => decodeContinuation(truncated, 's3://b/k')).toThrow(
      's3://b/k is truncated: its header says 3 tasks, it holds 2',
    );
    expect(() => decodeContinuation('hello', 's3://b/k')).toThrow(/first line is not JSON/);
    expect(() => decodeContinuation('{"format":"other"}\n', 's3://b/k')).toThrow(
      /not a sosw-scheduler-continuation\/1 header/,
    );
  });
});
