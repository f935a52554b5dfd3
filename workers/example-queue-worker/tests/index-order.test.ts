import { Stats } from '@sosw/core';
import { RetryableError, type WorkerLogger } from '@sosw/worker';
import { describe, expect, it } from 'vitest';
import {
  indexOrder,
  IndexBusyError,
  ordersApp,
  orderSchema,
  SimulatedOrderIndex,
  type Order,
} from '../src/index.js';

const quiet: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('indexOrder', () => {
  it('puts the order and counts it', async () => {
    const put: Order[] = [];
    const stats = new Stats();
    await indexOrder(
      { orderId: 'o-1', amount: 12.5 },
      { stats },
      { put: (order) => Promise.resolve(void put.push(order)) },
    );
    expect(put).toEqual([{ orderId: 'o-1', amount: 12.5 }]);
    expect(stats.current()).toEqual({ indexed: 1, amount_cents: 1250 });
  });

  it('a busy index is a RetryableError (the message returns to the queue); any other error passes as it is', async () => {
    const busy = indexOrder(
      { orderId: 'busy_1', amount: 1 },
      { stats: new Stats() },
      new SimulatedOrderIndex(quiet),
    );
    await expect(busy).rejects.toBeInstanceOf(RetryableError);
    await expect(busy).rejects.toMatchObject({ cause: expect.any(IndexBusyError) as unknown });
    const broken = { put: () => Promise.reject(new TypeError('bug')) };
    await expect(
      indexOrder({ orderId: 'o', amount: 1 }, { stats: new Stats() }, broken),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('the schema rejects an amount that is not a positive number, naming the field', () => {
    const result = orderSchema.safeParse({ orderId: 'o-1', amount: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['amount']);
  });

  it('ordersApp takes an index of your own', async () => {
    const put: string[] = [];
    const handler = ordersApp({
      logger: quiet,
      index: { put: (order) => Promise.resolve(void put.push(order.orderId)) },
    }).handler();
    const body = JSON.stringify({ orderId: 'busy_but_real_index', amount: 1 });
    const event = {
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'r',
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '1',
            SenderId: 'A',
            ApproximateFirstReceiveTimestamp: '1',
          },
          messageAttributes: {},
          md5OfBody: 'x',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:example-queue-worker-orders',
          awsRegion: 'us-east-1',
        },
      ],
    };
    await expect(handler(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(put).toEqual(['busy_but_real_index']);
  });
});
