import { S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  NestingTooDeepError,
  PayloadOffloader,
  PayloadPointerRefusedError,
  serialize,
} from '@sosw/serializer';
import { createTestBucket, LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  defineQueueWorker,
  FatalError,
  FullBatchFailureError,
  MediaTypes,
  RetryLaterError,
  SkipError,
  WorkerOptionError,
  type DefineQueueWorkerOptions,
  type QueueContext,
} from '../src/index.js';
import { QUEUE_URL, recordingLogger, sleep, snsEnvelope, sqsEvent, sqsRecord } from './helpers/factories.js';
import { lambdaOutcome, recordsLambdaRetries } from './helpers/lambda-sqs-rules.js';

const sqsMock = mockClient(SQSClient);
beforeEach(() => {
  sqsMock.reset();
});

/** A worker that fails every message whose `fail` field is set, and records the ones it saw. */
function failingWhereAsked(extra: DefineQueueWorkerOptions = {}) {
  const seen: unknown[] = [];
  const handler = defineQueueWorker(
    (message) => {
      seen.push(message);
      if (message.fail === 'retry-later') throw new RetryLaterError(90, 'rate limited');
      if (message.fail === 'fatal') throw new FatalError('account gone');
      if (message.fail === 'skip') throw new SkipError('inactive');
      if (message.fail === true) throw new Error(`failed ${String(message.n)}`);
    },
    { logger: recordingLogger(), sqs: new SQSClient({}), ...extra },
  );
  return { handler, seen };
}

describe("defineQueueWorker: the partial-batch response, by Lambda's documented rules", () => {
  it('all succeeded: an empty batchItemFailures list, nothing retried', async () => {
    const { handler, seen } = failingWhereAsked();
    const event = sqsEvent([sqsRecord({ n: 1 }), sqsRecord({ n: 2 })]);
    const outcome = await lambdaOutcome(handler, event);
    expect(outcome.response).toEqual({ batchItemFailures: [] });
    expect(outcome.retried).toEqual([]);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('some failed: exactly those records come back', async () => {
    const { handler } = failingWhereAsked();
    const records = [
      sqsRecord({ n: 1 }),
      sqsRecord({ n: 2, fail: true }),
      sqsRecord({ n: 3 }),
      sqsRecord({ n: 4, fail: true }),
    ];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.error).toBeUndefined();
    expect(outcome.response).toEqual({
      batchItemFailures: [
        { itemIdentifier: records[1]!.messageId },
        { itemIdentifier: records[3]!.messageId },
      ],
    });
    expect(outcome.retried).toEqual([records[1]!.messageId, records[3]!.messageId]);
  });

  it('every record failed: the invocation throws FullBatchFailureError, so Lambda backs off and retries all', async () => {
    const { handler } = failingWhereAsked();
    const records = [sqsRecord({ n: 1, fail: true }), sqsRecord({ n: 2, fail: true })];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.error).toBeInstanceOf(FullBatchFailureError);
    expect((outcome.error as Error).message).toBe('all 2 records of the batch failed');
    expect(outcome.retried).toEqual(records.map((record) => record.messageId));
  });

  it('an error outside the records (a middleware added with .use) fails the whole batch and throws', async () => {
    const { handler, seen } = failingWhereAsked();
    handler.use({
      before: () => {
        throw new Error('secrets unavailable');
      },
    });
    const records = [sqsRecord({ n: 1 })];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.error).toBeInstanceOf(FullBatchFailureError);
    expect((outcome.error as Error).cause).toBeInstanceOf(Error);
    expect(outcome.retried).toEqual([records[0]!.messageId]);
    expect(seen).toEqual([]);
  });

  it('an empty batch succeeds', async () => {
    const { handler } = failingWhereAsked();
    const outcome = await lambdaOutcome(handler, sqsEvent([]));
    expect(outcome).toMatchObject({ response: { batchItemFailures: [] }, retried: [] });
  });

  it('the rules helper itself follows the documentation: unknown or empty ids fail the whole batch', () => {
    const event = sqsEvent([sqsRecord({}), sqsRecord({})]);
    const all = event.Records.map((record) => record.messageId);
    expect(
      recordsLambdaRetries(event, {
        threw: false,
        response: { batchItemFailures: [{ itemIdentifier: 'nope' }] },
      }),
    ).toEqual(all);
    expect(
      recordsLambdaRetries(event, {
        threw: false,
        response: { batchItemFailures: [{ itemIdentifier: '' }] },
      }),
    ).toEqual(all);
    expect(
      recordsLambdaRetries(event, { threw: false, response: { batchItemFailures: [{ id: all[0] }] } }),
    ).toEqual(all);
    expect(recordsLambdaRetries(event, { threw: false, response: null })).toEqual([]);
    expect(recordsLambdaRetries(event, { threw: false, response: {} })).toEqual([]);
  });
});

describe('defineQueueWorker: errors decide the flow', () => {
  it('RetryLaterError: ChangeMessageVisibility on the record, from its eventSourceARN, and the record fails', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const { handler } = failingWhereAsked();
    const records = [sqsRecord({ n: 1 }), sqsRecord({ n: 2, fail: 'retry-later' })];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.retried).toEqual([records[1]!.messageId]);
    const calls = sqsMock.commandCalls(ChangeMessageVisibilityCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: records[1]!.receiptHandle, VisibilityTimeout: 90 },
    ]);
  });

  it('RetryLaterError still fails the record when ChangeMessageVisibility fails', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(new Error('AccessDenied'));
    const { handler } = failingWhereAsked();
    const records = [sqsRecord({ n: 1 }), sqsRecord({ n: 2, fail: 'retry-later' })];
    expect((await lambdaOutcome(handler, sqsEvent(records))).retried).toEqual([records[1]!.messageId]);
  });

  it('FatalError and SkipError: the record succeeds (is deleted); only the fatal one reaches the dead-letter callback', async () => {
    const deadLetter = vi.fn();
    const { handler } = failingWhereAsked({ deadLetter });
    const records = [
      sqsRecord({ n: 1, fail: 'fatal' }),
      sqsRecord({ n: 2, fail: 'skip' }),
      sqsRecord({ n: 3, fail: true }),
    ];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.retried).toEqual([records[2]!.messageId]);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]![0]).toBe(records[0]);
    expect(deadLetter.mock.calls[0]![1]).toBeInstanceOf(FatalError);
  });

  it('a record failing the schema is dropped (never retried), logged with its field path, and dead-lettered', async () => {
    const logger = recordingLogger();
    const deadLetter = vi.fn();
    const fn = vi.fn();
    const handler = defineQueueWorker(fn, {
      schema: z.object({ account: z.number() }),
      logger,
      deadLetter,
    });
    const records = [sqsRecord({ account: 'x' }), sqsRecord({ account: 1 })];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.retried).toEqual([]);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    const line = logger.lines.find((l) => l.message.startsWith('record rejected for good'));
    expect(line?.extra[0]).toMatchObject({
      message_id: records[0]!.messageId,
      path: 'account',
      reason: `ValidationError: message ${records[0]!.messageId} is invalid: account: expected number, got string`,
    });
  });

  it('a body that is not JSON is dropped, not retried forever', async () => {
    const handler = defineQueueWorker(() => undefined, { logger: recordingLogger() });
    const outcome = await lambdaOutcome(handler, sqsEvent([sqsRecord('not json'), sqsRecord({ ok: 1 })]));
    expect(outcome.retried).toEqual([]);
  });

  it.each([
    ['arrays', '['.repeat(5_000) + ']'.repeat(5_000)],
    ['objects', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
  ])(
    'a body of %s nested 5,000 deep is dead-lettered with NestingTooDeepError, not retried',
    async (_, body) => {
      const deadLetter = vi.fn();
      const fn = vi.fn();
      const handler = defineQueueWorker(fn, {
        schema: z.object({ orderId: z.string() }),
        logger: recordingLogger(),
        deadLetter,
      });
      const records = [sqsRecord(body), sqsRecord({ orderId: 'a' })];
      const outcome = await lambdaOutcome(handler, sqsEvent(records));
      expect(outcome.retried).toEqual([]);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(deadLetter).toHaveBeenCalledTimes(1);
      expect(deadLetter.mock.calls[0]![0]).toBe(records[0]);
      expect(deadLetter.mock.calls[0]![1]).toBeInstanceOf(NestingTooDeepError);
    },
  );

  it('when the dead-letter callback throws, the record fails instead of being lost', async () => {
    const handler = defineQueueWorker(
      () => {
        throw new FatalError('no');
      },
      {
        logger: recordingLogger(),
        deadLetter: () => {
          throw new Error('DLQ unreachable');
        },
      },
    );
    const records = [sqsRecord({ n: 1 }), sqsRecord({ n: 2 })];
    const outcome = await lambdaOutcome(handler, sqsEvent(records));
    expect(outcome.error).toBeInstanceOf(FullBatchFailureError);
  });
});

describe('defineQueueWorker: bodies', () => {
  it('unwraps SNS notification envelopes, and takes a plain SQS body as it is', async () => {
    const { handler, seen } = failingWhereAsked();
    await handler(
      sqsEvent([sqsRecord(snsEnvelope(JSON.stringify({ n: 1 }))), sqsRecord({ n: 2, Type: 'Notification' })]),
      {} as never,
    );
    expect(seen).toEqual([{ n: 1 }, { n: 2, Type: 'Notification' }]);
  });

  it('decodes tagged values with the serializer, and restores a body offloaded to S3', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const bucket = await createTestBucket({ client: s3 });
    const offloader = new PayloadOffloader({ s3, bucket, thresholdBytes: 50 });
    const big = {
      accounts: Array.from({ length: 40 }, (_, i) => i),
      since: new Date('2024-05-06T00:00:00.000Z'),
    };
    const pointerText = await offloader.offload(big);
    expect(JSON.parse(pointerText)).toMatchObject({ $sosw: 's3' });

    const seen: unknown[] = [];
    const handler = defineQueueWorker((message) => void seen.push(message), {
      logger: recordingLogger(),
      payloads: { offloader },
    });
    const outcome = await lambdaOutcome(
      handler,
      sqsEvent([sqsRecord(pointerText), sqsRecord(snsEnvelope(serialize({ at: new Set([1, 2]) })))]),
    );
    expect(outcome.retried).toEqual([]);
    // Records run concurrently: the order they finish in is not fixed.
    expect(seen).toHaveLength(2);
    expect(seen).toContainEqual(big);
    expect(seen).toContainEqual({ at: new Set([1, 2]) });
  });

  it('drops a record whose body points at another bucket, for good, handing it to deadLetter', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const [trusted, foreign] = await Promise.all([
      createTestBucket({ client: s3 }),
      createTestBucket({ client: s3, prefix: 'sosw-foreign' }),
    ]);
    const elsewhere = new PayloadOffloader({ s3, bucket: foreign, thresholdBytes: 0 });
    const record = sqsRecord(await elsewhere.offload({ account: 7 }));
    const seen: unknown[] = [];
    const deadLetter = vi.fn();
    const handler = defineQueueWorker((message) => void seen.push(message), {
      logger: recordingLogger(),
      payloads: { offloader: new PayloadOffloader({ s3, bucket: trusted }) },
      deadLetter,
    });
    const outcome = await lambdaOutcome(handler, sqsEvent([record]));
    expect(outcome.retried).toEqual([]);
    expect(seen).toEqual([]);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]![1]).toBeInstanceOf(PayloadPointerRefusedError);
  });

  it('gives fn the record, its receive count and its media type', async () => {
    const contexts: QueueContext[] = [];
    const handler = defineQueueWorker((_message, context) => void contexts.push(context), {
      logger: recordingLogger(),
    });
    const record = sqsRecord(
      { n: 1 },
      {
        attributes: { ...sqsRecord({}).attributes, ApproximateReceiveCount: '3' },
        messageAttributes: { media_type: { stringValue: 'application/vnd.x', dataType: 'String' } },
      },
    );
    await handler(sqsEvent([record]), {} as never);
    expect(contexts[0]).toMatchObject({
      record,
      messageId: record.messageId,
      receiveCount: 3,
      mediaType: 'application/vnd.x',
      source: 'sqs',
    });
  });

  it('validates by media type: a message of an unknown or invalid media type is dropped', async () => {
    const mediaTypes = new MediaTypes().register(
      'application/vnd.sosw.stats.*',
      z.object({ rows: z.number() }),
    );
    const seen: unknown[] = [];
    const deadLetter = vi.fn();
    const handler = defineQueueWorker((message) => void seen.push(message), {
      logger: recordingLogger(),
      mediaTypes,
      deadLetter,
    });
    await handler(
      sqsEvent([
        sqsRecord(snsEnvelope(JSON.stringify({ rows: 3 }), 'application/vnd.sosw.stats.daily')),
        sqsRecord(snsEnvelope(JSON.stringify({ rows: 'x' }), 'application/vnd.sosw.stats.daily')),
        sqsRecord(snsEnvelope(JSON.stringify({ rows: 1 }), 'application/vnd.other')),
        sqsRecord({ anything: true }),
      ]),
      {} as never,
    );
    expect(seen).toEqual([{ rows: 3 }, { anything: true }]);
    expect(deadLetter.mock.calls.map(([, error]) => (error as Error).message)).toEqual([
      'message of media type application/vnd.sosw.stats.daily is invalid: rows: expected number, got string',
      'no schema for media type "application/vnd.other"; registered: application/vnd.sosw.stats.*',
    ]);
  });
});

describe('defineQueueWorker: concurrency', () => {
  it('handles at most `concurrency` records at once, each on its own', async () => {
    let running = 0;
    let peak = 0;
    const handler = defineQueueWorker(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(20);
        running -= 1;
      },
      { logger: recordingLogger(), concurrency: 3 },
    );
    const outcome = await lambdaOutcome(
      handler,
      sqsEvent(Array.from({ length: 10 }, (_, n) => sqsRecord({ n }))),
    );
    expect(outcome.retried).toEqual([]);
    expect(peak).toBe(3);
  });

  it('rejects a concurrency that is not a positive whole number', () => {
    expect(() => defineQueueWorker(() => undefined, { concurrency: 0 })).toThrow(WorkerOptionError);
  });
});
