import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../src/app.js';

/**
 * The deployed handler (`src/handler.ts`, what dist/handler.js bundles), end to end, on an SQS event shaped
 * as Lambda delivers one (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html) from the queue the
 * infra creates for the `orders` trigger.
 */
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:example-queue-worker-orders';

function record(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB-${messageId}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

const context = {
  functionName: 'example-queue-worker',
  awsRequestId: 'request-1',
  getRemainingTimeInMillis: () => 30_000,
} as Context;

let handler: (event: unknown, context?: Context) => Promise<unknown>;
beforeAll(async () => {
  // Powertools reads its level when the logger is made, which is when handler.ts is loaded.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  ({ handler } = await import('../src/handler.js'));
});

describe('example-queue-worker: the deployed handler on an SQS batch', () => {
  it('of three records, only the one the index was too busy for comes back; the invalid one is dropped', async () => {
    const event: SQSEvent = {
      Records: [
        record('m-ok', { orderId: 'o-1', amount: 12.5 }),
        record('m-busy', { orderId: 'busy_2', amount: 3 }),
        record('m-bad-amount', { orderId: 'o-3', amount: -5 }),
      ],
    };
    // Lambda's rules: the listed ids come back to the queue; the others are deleted. `m-bad-amount` is
    // rejected for good (it can never be valid), so it is not listed and never cycles until the DLQ.
    await expect(handler(event, context)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-busy' }],
    });
  });

  it('a batch of good orders: no failures', async () => {
    const event: SQSEvent = {
      Records: [record('a', { orderId: 'o-1', amount: 1 }), record('b', { orderId: 'o-2', amount: 2 })],
    };
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
  });

  it('declares the orders queue for the infra: batches of 10, a dead-letter queue after 3 deliveries', () => {
    expect(app.triggers).toEqual([{ kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 3 }]);
  });
});
