import { ValidationError } from '@sosw/core';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  defineApp,
  FatalError,
  FullBatchFailureError,
  RetryableError,
  RetryLaterError,
  SkipError,
  type Rejection,
} from '../../src/index.js';
import { fixture, sqsMessage } from '../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger } from '../helpers/factories.js';
import { lambdaOutcome } from '../helpers/lambda-sqs-rules.js';
import { streamOutcome, streamRecordsLambdaRetries } from '../helpers/lambda-stream-rules.js';

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

describe('onQueue: the queue worker machinery, behind the app', () => {
  const ORDERS = 'arn:aws:sqs:us-east-1:123456789012:shop-orders';

  it('one failing record of three: only it comes back; an invalid one goes to deadLetter and is dropped', async () => {
    const deadLetter = vi.fn();
    const handler = defineApp({ logger: recordingLogger() })
      .onQueue('orders', { schema: z.object({ id: z.string() }), deadLetter }, ({ id }) => {
        if (id === 'flaky') throw new RetryableError('search index busy');
      })
      .handler();
    const event: SQSEvent = {
      Records: [
        sqsMessage({ id: 'ok' }, 'm-1', ORDERS),
        sqsMessage({ id: 'flaky' }, 'm-2', ORDERS),
        sqsMessage({ id: 7 }, 'm-3', ORDERS),
      ],
    };
    const outcome = await lambdaOutcome((e) => handler(e, lambdaContext()), event);
    expect(outcome.response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(outcome.retried).toEqual(['m-2']);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]![1]).toBeInstanceOf(ValidationError);
    expect((deadLetter.mock.calls[0]![1] as Error).message).toMatch(/message m-3 is invalid: id: /);
  });

  it('every record fails: FullBatchFailureError, as defineQueueWorker does', async () => {
    const handler = defineApp({ logger: recordingLogger() })
      .onQueue('orders', () => {
        throw new Error('down');
      })
      .handler();
    const event: SQSEvent = { Records: [sqsMessage({}, 'm-1', ORDERS)] };
    const outcome = await lambdaOutcome((e) => handler(e, lambdaContext()), event);
    expect(outcome.error).toBeInstanceOf(FullBatchFailureError);
  });
});

describe('schedule, topic, object and event handlers: a failure throws, a rejection does not', () => {
  const app = (fail: Error, rejected?: (rejection: Rejection) => void) =>
    defineApp({ logger: recordingLogger(), ...(rejected === undefined ? {} : { rejected }) })
      .onTopic('sns-lambda', () => {
        throw fail;
      })
      .onEvent(
        { source: ['my.app'] },
        { name: 'order-placed', schema: z.object({ orderId: z.string(), amount: z.number().max(100) }) },
        () => {
          throw fail;
        },
      )
      .handler();

  it('a retryable error is thrown, so Lambda retries the asynchronous invocation', async () => {
    await expect(app(new RetryableError('busy'))(fixture('sns'))).rejects.toThrow('busy');
  });

  it('FatalError: no throw (no retry), and the event goes to `rejected`', async () => {
    const rejected = vi.fn();
    await expect(app(new FatalError('never'), rejected)(fixture('sns'))).resolves.toBeUndefined();
    expect(rejected).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'topic', trigger: 'sns-lambda', error: new FatalError('never') }),
    );
  });

  it('a detail that fails the schema is rejected naming the field, and never reaches the function', async () => {
    const rejected = vi.fn();
    await expect(
      app(new Error('unreachable'), rejected)(fixture('eventbridge-custom')),
    ).resolves.toBeUndefined();
    const error = (rejected.mock.calls[0]![0] as Rejection).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('amount');
    expect((error as Error).message).toMatch(
      /^detail of event 0d079340-135a-c8c6-95c2-41fb8f496c53 is invalid: amount: /,
    );
  });

  it('`rejected` throwing makes the invocation throw, so the event is retried rather than lost', async () => {
    const handler = app(new FatalError('never'), () => {
      throw new Error('dead-letter table unavailable');
    });
    await expect(handler(fixture('sns'))).rejects.toThrow('dead-letter table unavailable');
  });
});
