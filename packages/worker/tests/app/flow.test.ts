import { ValidationError } from '@sosw/core';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineApp, FatalError, RetryableError, type Rejection } from '../../src/index.js';
import { fixture } from '../helpers/event-fixtures.js';
import { recordingLogger } from '../helpers/factories.js';

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
