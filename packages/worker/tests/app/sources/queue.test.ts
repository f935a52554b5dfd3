import { ValidationError } from '@sosw/core';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineApp, FullBatchFailureError, RetryableError } from '../../../src/index.js';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { fixture, sqsMessage } from '../../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger } from '../../helpers/factories.js';
import { lambdaOutcome } from '../../helpers/lambda-sqs-rules.js';

describe('queue: an SQS batch goes to its onQueue', () => {
  it('SQS: each message to onQueue, schema-parsed; an all-succeeded batch answers no failures', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sqs'), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      {
        handler: 'queue',
        input: { orderId: 'o-1', amount: 12.5 },
        detail: '059f36b4-87a3-44ab-83d2-661975830a7d',
      },
      {
        handler: 'queue',
        input: { orderId: 'o-2', amount: 7 },
        detail: '2e1424d4-f796-459a-8184-9c92662be6da',
      },
    ]);
  });
});

describe('queue: which queue a trigger claims', () => {
  const claimed = (name: string, options: { queueArn?: string } = {}) => {
    const seen: string[] = [];
    const handler = defineApp({ logger: recordingLogger() })
      .onQueue(name, options, (_message, { record }) => {
        seen.push(record.eventSourceARN);
      })
      .handler();
    return async (queueArn: string) => {
      try {
        await handler({ Records: [sqsMessage({ n: 1 }, 'm-1', queueArn)] }, lambdaContext());
      } catch {
        return false;
      }
      return seen.includes(queueArn);
    };
  };

  it('the queue named as the trigger, or ending with -<name> (the infra’s <worker>-<name>); not merely ending with <name>', async () => {
    const orders = claimed('orders');
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:orders')).toBe(true);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:queue-worker-orders')).toBe(true);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:backorders')).toBe(false);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:orders-dlq')).toBe(false);
  });

  it('a FIFO queue keeps .fifo in its name', async () => {
    const fifo = claimed('orders.fifo');
    expect(await fifo('arn:aws:sqs:us-east-1:123456789012:shop-orders.fifo')).toBe(true);
    expect(await claimed('orders')('arn:aws:sqs:us-east-1:123456789012:shop-orders.fifo')).toBe(false);
  });

  it('a declared queueArn claims that queue whatever its name', async () => {
    const legacy = claimed('orders', { queueArn: 'arn:aws:sqs:us-east-1:123456789012:LegacyOrderQueue' });
    expect(await legacy('arn:aws:sqs:us-east-1:123456789012:LegacyOrderQueue')).toBe(true);
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
