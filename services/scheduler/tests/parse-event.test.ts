import { describe, expect, it } from 'vitest';
import { functionName, InvalidJob, jobLabourer, parseEvent } from '../src/index.js';

const message = (thunk: () => unknown) => {
  try {
    thunk();
  } catch (error) {
    if (error instanceof InvalidJob) return error.message;
    throw error;
  }
  throw new Error('expected InvalidJob');
};

describe('parseEvent (sosw test_extract_job_from_payload)', () => {
  const job = { lambda_name: 'foo', payload_attr: 'val' };

  it('reads {job}, a bare job, and either as JSON, JSON inside JSON too', () => {
    const events: unknown[] = [
      { job },
      job,
      JSON.stringify(job),
      JSON.stringify({ job }),
      JSON.stringify({ job: JSON.stringify(job) }),
      { job: JSON.stringify(job) },
      JSON.stringify(JSON.stringify({ job })),
    ];
    for (const event of events) expect(parseEvent(event)).toEqual({ kind: 'job', job });
  });

  it('reads a resume payload, as an object or JSON', () => {
    const resume = { bucket: 'b', key: 'k', position: 500, job_id: 'j' };
    expect(parseEvent({ resume })).toEqual({ kind: 'resume', resume });
    expect(parseEvent(JSON.stringify({ resume }))).toEqual({ kind: 'resume', resume });
  });

  it('rejects what is not a job, naming where', () => {
    expect(message(() => parseEvent(42))).toBe('event: expected a job (a dict), got number');
    expect(message(() => parseEvent("{'payload_attr': 'val'}"))).toBe(
      `event: a string that is not valid JSON: "{'payload_attr': 'val'}"`,
    );
    expect(message(() => parseEvent({ job: 'bad one' }))).toBe(
      'job: a string that is not valid JSON: "bad one"',
    );
    expect(message(() => parseEvent({ job: [1] }))).toBe('job: expected a dict, got list');
    expect(
      message(() => parseEvent({ resume: { bucket: 'b', key: 'k', position: -1, job_id: 'j' } })),
    ).toMatch(/^event\.resume\.position: /);
    expect(message(() => parseEvent({ resume: 'x' }))).toMatch(
      /^event\.resume: a string that is not valid JSON/,
    );
  });
});

describe('labourer of a job', () => {
  it('trims an ARN to the function name, qualifiers included', () => {
    expect(functionName('arn:aws:lambda:us-west-2:000000000000:function:foo')).toBe('foo');
    expect(functionName('arn:aws:lambda:us-west-2:000000000000:function:foo:prod')).toBe('foo');
    expect(functionName('arn:aws:lambda:us-west-2:000000000000:function:foo:$LATEST')).toBe('foo');
    expect(functionName('foo')).toBe('foo');
  });

  it('comes from lambda_name or labourer_id', () => {
    const known = ['foo', 'bar'];
    expect(jobLabourer({ lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:foo' }, known)).toBe(
      'foo',
    );
    expect(jobLabourer({ labourer_id: 'bar' }, known)).toBe('bar');
    expect(jobLabourer({ lambda_name: 'bar', labourer_id: 'bar' }, known)).toBe('bar');
  });

  it('is refused, naming the field, when missing, unknown or ambiguous', () => {
    const known = ['foo', 'bar'];
    expect(message(() => jobLabourer({ payload_attr: 'val' }, known))).toBe(
      'job.lambda_name: missing: name the labourer in lambda_name (or labourer_id)',
    );
    expect(message(() => jobLabourer({ lambda_name: 'baz' }, known))).toBe(
      'job.lambda_name: unknown labourer "baz": task_config.labourers of the scheduler has "foo", "bar"',
    );
    expect(message(() => jobLabourer({ labourer_id: 'baz' }, []))).toBe(
      'job.labourer_id: unknown labourer "baz": task_config.labourers of the scheduler has none',
    );
    expect(message(() => jobLabourer({ lambda_name: 7 }, known))).toBe(
      'job.lambda_name: expected a function name or ARN, got 7',
    );
    expect(message(() => jobLabourer({ lambda_name: 'foo', labourer_id: 'bar' }, known))).toBe(
      'job.labourer_id: names "bar", but lambda_name names "foo"',
    );
  });
});
