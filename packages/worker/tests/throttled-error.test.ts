import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyError,
  defineQueueWorker,
  defineWorker,
  RetryableError,
  ThrottledError,
} from '../src/index.js';
import {
  ATTEMPT_1,
  lambdaContext,
  recordingLogger,
  sleep,
  sqsEvent,
  sqsRecord,
  taskEvent,
} from './helpers/factories.js';
import { lambdaOutcome } from './helpers/lambda-sqs-rules.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

/**
 * `ThrottledError` (issue 22 item 6): the work met throttling; the task goes back to the queue without
 * spending its attempt. The reports go through the real LambdaClient to a recorder.
 */

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

const quiet = () => ({ logger: recordingLogger() });

const throttles = () => {
  throw new ThrottledError('the stats API answered HTTP 429');
};

describe('defineWorker: a ThrottledError', () => {
  it('reports mark_task_as_throttled with the attempt and the message, and rethrows', async () => {
    const logger = recordingLogger();
    const handler = defineWorker(throttles, { logger });

    await expect(handler(taskEvent({}), lambdaContext())).rejects.toBeInstanceOf(ThrottledError);

    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_throttled',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        reason: 'ThrottledError: the stats API answered HTTP 429',
      },
    ]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'task throttled' }),
    );
  });

  it("reports a failure for an event that names no attempt (Python sosw's orchestrator)", async () => {
    await expect(
      defineWorker(throttles, quiet())(taskEvent({}, { attempts: 0, greenfield: 5000 }), lambdaContext()),
    ).rejects.toBeInstanceOf(ThrottledError);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_failed',
        task_id: 'task-1',
        labourer_id: 'echo',
        stats: {},
        reason: 'ThrottledError: the stats API answered HTTP 429',
      },
    ]);
  });

  it('reports nothing after the timeout guard reported the attempt failed', async () => {
    const handler = defineWorker(
      async () => {
        await sleep(300);
        throttles();
      },
      { ...quiet(), reportBeforeTimeoutMs: 5_000 },
    );
    await expect(handler(taskEvent({}), lambdaContext(5_100))).rejects.toBeInstanceOf(ThrottledError);
    expect(await assistant.reports()).toMatchObject([{ action: 'mark_task_as_failed' }]);
  });

  it('returns undefined with rethrow: false', async () => {
    await expect(
      defineWorker(throttles, { ...quiet(), rethrow: false })(taskEvent({}), lambdaContext()),
    ).resolves.toBeUndefined();
    expect(await assistant.reports()).toMatchObject([{ action: 'mark_task_as_throttled' }]);
  });
});

describe('a ThrottledError elsewhere', () => {
  it('is a RetryableError, classified throttled', () => {
    const error = new ThrottledError('HTTP 429');
    expect(error).toBeInstanceOf(RetryableError);
    expect(classifyError(error)).toEqual({ kind: 'throttled', reason: 'ThrottledError: HTTP 429' });
  });

  it('fails its SQS record, which comes back from the queue: a queue has no attempt to give back', async () => {
    const handler = defineQueueWorker(
      (message) => {
        if (message.throttled === true) throttles();
      },
      { ...quiet(), sqs: new SQSClient({}) },
    );
    const throttled = sqsRecord({ throttled: true });
    const outcome = await lambdaOutcome(handler, sqsEvent([throttled, sqsRecord({ n: 1 })]));
    expect(outcome.response).toEqual({ batchItemFailures: [{ itemIdentifier: throttled.messageId }] });
    expect(outcome.retried).toEqual([throttled.messageId]);
  });
});
