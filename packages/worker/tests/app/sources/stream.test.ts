import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { defineApp, FatalError, RetryLaterError, SkipError, type Rejection } from '../../../src/index.js';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { fixture } from '../../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger } from '../../helpers/factories.js';
import { streamOutcome, streamRecordsLambdaRetries } from '../../helpers/lambda-stream-rules.js';

describe('stream: a DynamoDB stream batch goes to the onStream of its table', () => {
  it('DynamoDB stream: INSERT, MODIFY, REMOVE in order, by the table in the stream ARN', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('dynamodb-stream'), lambdaContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(calls).toEqual([
      { handler: 'stream', input: '1', detail: { eventName: 'INSERT', sequenceNumber: '111' } },
      { handler: 'stream', input: '2', detail: { eventName: 'MODIFY', sequenceNumber: '222' } },
      { handler: 'stream', input: '3', detail: { eventName: 'REMOVE', sequenceNumber: '333' } },
    ]);
  });
});

/** A stream app whose function throws `errors[eventID]` for that record, and records the ids it ran. */
function streamApp(errors: Record<string, Error>, rejected?: (rejection: Rejection) => void) {
  const ran: string[] = [];
  const handler = defineApp({ logger: recordingLogger(), ...(rejected === undefined ? {} : { rejected }) })
    .onStream('TestTable', (record) => {
      const id = record.eventID ?? '';
      ran.push(id);
      if (errors[id] !== undefined) throw errors[id];
    })
    .handler();
  return { handler: (event: DynamoDBStreamEvent) => handler(event, lambdaContext()), ran };
}

describe("onStream: partial batch responses by Lambda's documented rules for streams", () => {
  it('every record succeeds: an empty failure list, nothing retried', async () => {
    const { handler, ran } = streamApp({});
    const outcome = await streamOutcome(handler, fixture('dynamodb-stream'));
    expect(outcome).toMatchObject({ response: { batchItemFailures: [] }, retried: [] });
    expect(ran).toEqual(['1', '2', '3']);
  });

  it('the MODIFY record fails: its sequence number is reported, REMOVE is not run, Lambda retries from MODIFY', async () => {
    const { handler, ran } = streamApp({ '2': new Error('index unavailable') });
    const outcome = await streamOutcome(handler, fixture('dynamodb-stream'));
    expect(outcome.response).toEqual({ batchItemFailures: [{ itemIdentifier: '222' }] });
    expect(outcome.retried).toEqual(['222', '333']);
    expect(ran).toEqual(['1', '2']);
  });

  it('the first record fails: the whole batch comes back, nothing else ran', async () => {
    const { handler, ran } = streamApp({ '1': new RetryLaterError(30) });
    const outcome = await streamOutcome(handler, fixture('dynamodb-stream'));
    expect(outcome.retried).toEqual(['111', '222', '333']);
    expect(ran).toEqual(['1']);
  });

  it('FatalError and invalid records are rejected for good (to `rejected`), SkipError is done: neither stops the batch', async () => {
    const rejected = vi.fn();
    const { handler, ran } = streamApp(
      { '1': new FatalError('item is corrupt'), '2': new SkipError('old') },
      rejected,
    );
    const outcome = await streamOutcome(handler, fixture('dynamodb-stream'));
    expect(outcome).toMatchObject({ response: { batchItemFailures: [] }, retried: [] });
    expect(ran).toEqual(['1', '2', '3']);
    expect(rejected).toHaveBeenCalledTimes(1);
    expect(rejected.mock.calls[0]![0]).toMatchObject({
      kind: 'stream',
      trigger: 'TestTable',
      event: { eventID: '1' },
    });
  });

  it('a `rejected` callback that throws makes the record fail instead, so nothing is lost', async () => {
    const { handler } = streamApp({ '2': new FatalError('corrupt') }, () => {
      throw new Error('dead-letter table unavailable');
    });
    const outcome = await streamOutcome(handler, fixture('dynamodb-stream'));
    expect(outcome.retried).toEqual(['222', '333']);
  });

  it('a record without a sequence number fails the whole batch (there is nothing to report)', async () => {
    const { handler, ran } = streamApp({});
    const event = fixture('dynamodb-stream');
    delete event.Records[1]!.dynamodb!.SequenceNumber;
    const outcome = await streamOutcome(handler, event);
    expect(outcome.error).toBeInstanceOf(Error);
    expect(ran).toEqual([]);
  });

  it('the rules helper itself: the lowest failing sequence number is the checkpoint; bad ids fail the batch', () => {
    const event = fixture('dynamodb-stream');
    const answer = (response: unknown) => streamRecordsLambdaRetries(event, { threw: false, response });
    expect(answer({ batchItemFailures: [{ itemIdentifier: '333' }, { itemIdentifier: '222' }] })).toEqual([
      '222',
      '333',
    ]);
    expect(answer({ batchItemFailures: [{ itemIdentifier: '999' }] })).toEqual(['111', '222', '333']);
    expect(answer({ batchItemFailures: [{ itemIdentifier: '' }] })).toEqual(['111', '222', '333']);
    expect(answer(null)).toEqual([]);
  });
});
