import { describe, expect, it } from 'vitest';
import { incomingEvent, SCHEDULE_FIELD } from '../../src/index.js';
import { fixture } from '../helpers/event-fixtures.js';
import { taskEvent } from '../helpers/factories.js';

describe('incomingEvent: each documented event is recognised by its source, named by its trigger kind', () => {
  it.each([
    ['sqs', 'queue'],
    ['s3-in-sqs', 'queue'],
    ['s3-in-sns-in-sqs', 'queue'],
    ['sns', 'topic'],
    ['s3-in-sns', 'topic'],
    ['s3-put', 'object'],
    ['s3-test-event', 'object'],
    ['dynamodb-stream', 'stream'],
    ['eventbridge-ec2', 'event'],
    ['eventbridge-custom', 'event'],
    ['eventbridge-scheduled', 'event'],
    ['sosw-schedule', 'schedule'],
  ] as const)('%s: %s', (name, kind) => {
    const incoming = incomingEvent(fixture(name));
    expect(incoming.source).toBe(kind);
    expect(incoming).toHaveProperty('event');
  });

  it('a task, a schedule by its name, S3 records as records; anything else is unknown, described', () => {
    const task = taskEvent({ account: 7 });
    expect(incomingEvent(task)).toEqual({ source: 'task', event: task });
    expect(incomingEvent(fixture('s3-test-event'))).toEqual({ source: 'object', event: { kind: 'test' } });
    expect(incomingEvent(fixture('sosw-schedule'))).toMatchObject({
      source: 'schedule',
      event: { name: 'nightly', event: { [SCHEDULE_FIELD]: 'nightly' } },
    });
    const s3 = fixture('s3-put');
    expect(incomingEvent(s3)).toEqual({ source: 'object', event: { kind: 'records', records: s3.Records } });
    expect(incomingEvent({ Records: [{ eventSource: 'aws:kinesis' }] })).toEqual({
      source: 'unknown',
      description: 'an event of 1 record from "aws:kinesis"',
    });
    expect(incomingEvent(null)).toEqual({
      source: 'unknown',
      description: 'an event that is null, not an object',
    });
  });
});
