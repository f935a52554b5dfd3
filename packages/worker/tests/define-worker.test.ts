import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ValidationError } from '@sosw/core';
import {
  NestingTooDeepError,
  PayloadIntegrityError,
  PayloadOffloader,
  PayloadPointerRefusedError,
} from '@sosw/serializer';
import { createTestBucket, LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  defineWorker,
  FatalError,
  ReportDeliveryError,
  RetryableError,
  RetryLaterError,
  SkipError,
  WorkerOptionError,
  type WorkerContext,
} from '../src/index.js';
import {
  ATTEMPT_1,
  CLAIM_GREENFIELD,
  lambdaContext,
  recordingLogger,
  sleep,
  taskEvent,
} from './helpers/factories.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

const quiet = () => ({ logger: recordingLogger() });

describe('defineWorker: an orchestrated task', () => {
  it('runs fn with the payload and the task fields, and reports the completion with stats and result', async () => {
    const seen: { input: unknown; context: Partial<WorkerContext> }[] = [];
    const handler = defineWorker((input, context) => {
      seen.push({
        input,
        context: { task_id: context.task_id, attempt: context.attempt, labourer_id: context.labourer_id },
      });
      context.stats.increment('rows', 3);
      return { file: 'a.csv', rows: 3 };
    }, quiet());

    const result = await handler(taskEvent({ account: 7 }, { attempts: 2 }), lambdaContext());

    expect(result).toEqual({ file: 'a.csv', rows: 3 });
    expect(seen).toEqual([
      { input: { account: 7 }, context: { task_id: 'task-1', attempt: 2, labourer_id: 'echo' } },
    ]);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        attempts: 2,
        greenfield: CLAIM_GREENFIELD,
        stats: { rows: 3 },
        result: { file: 'a.csv', rows: 3 },
      },
    ]);
  });

  it('reports a result that is not an object as { value }, and none for undefined', async () => {
    await defineWorker(() => 42, quiet())(taskEvent({}), lambdaContext());
    await defineWorker(() => undefined, quiet())(taskEvent({}, { task_id: 'task-2' }), lambdaContext());
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        result: { value: 42 },
      },
      { action: 'mark_task_as_completed', task_id: 'task-2', labourer_id: 'echo', ...ATTEMPT_1, stats: {} },
    ]);
  });

  it('reports mark_task_as_failed with the reason and rethrows a plain error or a RetryableError', async () => {
    const plain = defineWorker(() => {
      throw new Error('socket hang up');
    }, quiet());
    await expect(plain(taskEvent({}), lambdaContext())).rejects.toThrow('socket hang up');

    const retryable = defineWorker((_input, { stats }) => {
      stats.increment('calls');
      throw new RetryableError('API answered 503');
    }, quiet());
    await expect(retryable(taskEvent({}), lambdaContext())).rejects.toBeInstanceOf(RetryableError);

    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_failed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        reason: 'Error: socket hang up',
      },
      {
        action: 'mark_task_as_failed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: { calls: 1 },
        reason: 'RetryableError: API answered 503',
      },
    ]);
  });

  it('treats a RetryLaterError as failed', async () => {
    const handler = defineWorker(
      () => {
        throw new RetryLaterError(60, 'rate limited');
      },
      { ...quiet(), rethrow: false },
    );
    await expect(handler(taskEvent({}), lambdaContext())).resolves.toBeUndefined();
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_failed', reason: 'RetryLaterError: rate limited' },
    ]);
  });

  it('returns undefined instead of rethrowing with rethrow: false, after reporting', async () => {
    const handler = defineWorker(
      () => {
        throw new Error('boom');
      },
      { ...quiet(), rethrow: false },
    );
    await expect(handler(taskEvent({}), lambdaContext())).resolves.toBeUndefined();
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_failed', reason: 'Error: boom' },
    ]);
  });

  it('reports a FatalError as mark_task_as_dead, and rethrows it', async () => {
    const handler = defineWorker(() => {
      throw new FatalError('account 7 does not exist');
    }, quiet());
    await expect(handler(taskEvent({ account: 7 }), lambdaContext())).rejects.toBeInstanceOf(FatalError);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_dead',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        reason: 'FatalError: account 7 does not exist',
      },
    ]);
  });

  it('reports a SkipError as completed with result { skipped }, and returns it without throwing', async () => {
    const handler = defineWorker(() => {
      throw new SkipError('account 7 is inactive');
    }, quiet());
    await expect(handler(taskEvent({}), lambdaContext())).resolves.toEqual({
      skipped: 'account 7 is inactive',
    });
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        result: { skipped: 'account 7 is inactive' },
      },
    ]);
  });

  it('validates the input with the schema: invalid input is reported dead naming the field, fn never runs', async () => {
    const fn = vi.fn(({ account }: { account: number }) => ({ account }));
    const handler = defineWorker(fn, { ...quiet(), schema: z.strictObject({ account: z.number().int() }) });

    await expect(handler(taskEvent({ account: 'seven' }), lambdaContext())).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(fn).not.toHaveBeenCalled();
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_dead',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        reason: 'ValidationError: input of task task-1 is invalid: account: expected number, got string',
      },
    ]);

    // The task fields are not part of the input, so a strict schema accepts a valid payload.
    await expect(handler(taskEvent({ account: 7 }), lambdaContext())).resolves.toEqual({ account: 7 });
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_completed', result: { account: 7 } },
    ]);
  });

  it('without task_id just runs fn and reports nothing', async () => {
    const handler = defineWorker(
      (input: Record<string, unknown>, { task_id }) => ({ ...input, task_id }),
      quiet(),
    );
    await expect(handler({ n: 1 })).resolves.toEqual({ n: 1, task_id: undefined });
    const failing = defineWorker(() => {
      throw new FatalError('nope');
    }, quiet());
    await expect(failing({ n: 1 })).rejects.toThrow('nope');
    expect(await assistant.reports()).toEqual([]);
  });

  it('rejects an event whose task fields have the wrong type, naming the field', async () => {
    const handler = defineWorker(() => 1, quiet());
    await expect(handler(taskEvent({}, { attempts: 'one' }))).rejects.toThrow(
      'worker event is invalid: attempts: expected number, got string',
    );
    await expect(handler([1, 2])).rejects.toThrow(
      'worker event is invalid: (root): expected object, got array',
    );
  });

  it('takes the worker-assistant name from the options, else SOSW_WORKER_ASSISTANT_NAME', async () => {
    assistant.register('custom_assistant', { handler: () => null });
    assistant.register('env_assistant', { handler: () => null });
    await defineWorker(() => 1, { ...quiet(), workerAssistantName: 'custom_assistant' })(
      taskEvent({}),
      lambdaContext(),
    );
    vi.stubEnv('SOSW_WORKER_ASSISTANT_NAME', 'env_assistant');
    try {
      await defineWorker(() => 1, quiet())(taskEvent({}), lambdaContext());
    } finally {
      vi.unstubAllEnvs();
    }
    await assistant.idle();
    const names = assistant.invocations.slice(-2).map((invocation) => invocation.name);
    expect(names).toEqual(['custom_assistant', 'env_assistant']);
    expect(await assistant.reports()).toEqual([]);
  });

  it('throws ReportDeliveryError when the completion cannot be reported', async () => {
    const handler = defineWorker(() => ({ ok: true }), {
      ...quiet(),
      workerAssistantName: 'no_such_function',
    });
    const error: unknown = await handler(taskEvent({}), lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportDeliveryError);
    expect((error as Error).message).toMatch(
      /^could not report mark_task_as_completed of task task-1 to no_such_function: ResourceNotFoundException/,
    );
  });

  it('rethrows the original error when the failure report cannot be delivered', async () => {
    const handler = defineWorker(
      () => {
        throw new Error('boom');
      },
      { ...quiet(), workerAssistantName: 'no_such_function' },
    );
    await expect(handler(taskEvent({}), lambdaContext())).rejects.toThrow('boom');
  });

  it('rejects a negative reportBeforeTimeoutMs at definition', () => {
    expect(() => defineWorker(() => 1, { reportBeforeTimeoutMs: -1 })).toThrow(WorkerOptionError);
  });
});

describe('defineWorker: time', () => {
  it('gives fn the remaining time of the invocation', async () => {
    let remaining = 0;
    await defineWorker((_input, context) => {
      remaining = context.remainingMs();
    }, quiet())(taskEvent({}), lambdaContext(30_000));
    expect(remaining).toBeGreaterThan(29_000);
    expect(remaining).toBeLessThanOrEqual(30_000);
    await assistant.reports();
  });

  it('reports failed once, before the timeout, when fn is still running; a later failure is not reported again', async () => {
    let aborted = false;
    const handler = defineWorker(
      async (_input, { signal }) => {
        await sleep(400);
        aborted = signal.aborted;
        throw new Error('gave up');
      },
      { ...quiet(), reportBeforeTimeoutMs: 5_000 },
    );
    const started = Date.now();
    await expect(handler(taskEvent({}), lambdaContext(5_150))).rejects.toThrow('gave up');
    const reports = await assistant.reports();
    expect(aborted).toBe(true);
    expect(reports).toEqual([
      {
        action: 'mark_task_as_failed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        reason: 'timeout: the worker was still running with fewer than 5000 ms of its invocation left',
      },
    ]);
    const [invocation] = assistant.invocations.filter((i) => i.name === 'sosw_worker_assistant').slice(-1);
    // The guard reported ~150 ms in, well before fn gave up at 400 ms.
    expect(invocation!.receivedAt - started).toBeLessThan(350);
  });

  it('still reports the completion when fn finishes after the guard fired', async () => {
    const handler = defineWorker(
      async () => {
        await sleep(200);
        return { late: true };
      },
      { ...quiet(), reportBeforeTimeoutMs: 5_000 },
    );
    await handler(taskEvent({}), lambdaContext(5_050));
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_failed' },
      { action: 'mark_task_as_completed', result: { late: true } },
    ]);
  });

  it('does not fire when fn finishes in time', async () => {
    await defineWorker(() => ({ quick: true }), { ...quiet(), reportBeforeTimeoutMs: 100 })(
      taskEvent({}),
      lambdaContext(300),
    );
    await sleep(300);
    expect(await assistant.reports()).toMatchObject([{ action: 'mark_task_as_completed' }]);
  });

  it('guards a worker invoked through the local Lambda endpoint, with its real context', async () => {
    const handler = defineWorker(
      async () => {
        await sleep(1_500);
        return { done: true };
      },
      { ...quiet(), reportBeforeTimeoutMs: 800 },
    );
    assistant.register('slow_worker', { handler, timeoutSeconds: 1 });
    await new LambdaClient({}).send(
      new InvokeCommand({
        FunctionName: 'slow_worker',
        InvocationType: 'Event',
        Payload: JSON.stringify(taskEvent({})),
      }),
    );
    await sleep(1_700); // the worker runs on after its timeout, in-process; let it finish
    const reports = await assistant.reports();
    expect(reports[0]).toMatchObject({ action: 'mark_task_as_failed', task_id: 'task-1' });
    const worker = assistant.invocations.find((invocation) => invocation.name === 'slow_worker');
    expect(worker?.status).toBe('timed-out');
  });
});

describe('defineWorker: payloads through the serializer', () => {
  it('decodes tagged values and restores an offloaded field from S3', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const bucket = await createTestBucket({ client: s3 });
    const offloader = new PayloadOffloader({ s3, bucket, thresholdBytes: 100 });
    const accounts = Array.from({ length: 50 }, (_, i) => i);
    const pointer: unknown = JSON.parse(await offloader.offload(accounts));
    expect(pointer).toMatchObject({ $sosw: 's3', bucket });

    let seen: unknown;
    const handler = defineWorker(
      (input) => {
        seen = input;
        return { count: (input.accounts as number[]).length };
      },
      { ...quiet(), payloads: { offloader } },
    );
    await handler(
      taskEvent({ accounts: pointer, since: { $sosw: 'date', v: '2024-05-06T00:00:00.000Z' } }),
      lambdaContext(),
    );
    expect(seen).toEqual({ accounts, since: new Date('2024-05-06T00:00:00.000Z') });
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_completed', result: { count: 50 } },
    ]);
  });

  it('buries a task whose payload points at a bucket other than its writers’, without running fn', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const [trusted, foreign] = await Promise.all([
      createTestBucket({ client: s3 }),
      createTestBucket({ client: s3, prefix: 'sosw-foreign' }),
    ]);
    const elsewhere = new PayloadOffloader({ s3, bucket: foreign, thresholdBytes: 0 });
    const pointer: unknown = JSON.parse(await elsewhere.offload({ accounts: [1, 2] }));
    const fn = vi.fn();
    const offloader = new PayloadOffloader({ s3, bucket: trusted });
    const handler = defineWorker(fn, { ...quiet(), payloads: { offloader } });

    await expect(handler(taskEvent({ accounts: pointer }), lambdaContext())).rejects.toThrow(
      PayloadPointerRefusedError,
    );
    expect(fn).not.toHaveBeenCalled();
    const reports = (await assistant.reports()) as { action: string; reason: string }[];
    expect(reports.map((report) => report.action)).toEqual(['mark_task_as_dead']);
    expect(reports[0]!.reason).toMatch(
      new RegExp(`^PayloadPointerRefusedError: Refused payload pointer s3://${foreign}/`),
    );
  });

  it('buries a task whose offloaded payload was altered, and its dead reason names no hash of the content', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const bucket = await createTestBucket({ client: s3 });
    const offloader = new PayloadOffloader({ s3, bucket, thresholdBytes: 0 });
    const pointer = JSON.parse(await offloader.offload({ amount: '100.00' })) as { key: string };
    const altered = '{"amount":"999.99"}';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: pointer.key, Body: altered }));
    const handler = defineWorker(() => 1, { ...quiet(), payloads: { offloader } });

    await expect(handler(taskEvent({ order: pointer }), lambdaContext())).rejects.toThrow(
      PayloadIntegrityError,
    );
    const reports = (await assistant.reports()) as { action: string; reason: string }[];
    expect(reports.map((report) => report.action)).toEqual(['mark_task_as_dead']);
    expect(reports[0]!.reason).toContain('content does not match its key');
    // With the real hash in the reason, a second task could carry a pointer that names it, and pass.
    expect(reports[0]!.reason).not.toContain(createHash('sha256').update(altered).digest('hex'));
  });

  it('reports a payload nested deeper than the serializer reads as dead, without overflowing the stack', async () => {
    const fn = vi.fn();
    const handler = defineWorker(fn, quiet());
    const deep: unknown = JSON.parse('['.repeat(5_000) + ']'.repeat(5_000));
    await expect(handler(taskEvent({ deep }), lambdaContext())).rejects.toThrow(NestingTooDeepError);
    expect(fn).not.toHaveBeenCalled();
    const reports = (await assistant.reports()) as { action: string; reason: string }[];
    expect(reports.map((report) => report.action)).toEqual(['mark_task_as_dead']);
    expect(reports[0]!.reason).toMatch(
      /^NestingTooDeepError: Value nested deeper than 100 levels at \$\.deep\[0\]/,
    );
  });

  it('reports a malformed tag as dead: it will never decode', async () => {
    const handler = defineWorker(() => 1, quiet());
    await expect(handler(taskEvent({ since: { $sosw: 'date' } }), lambdaContext())).rejects.toThrow();
    const reports = (await assistant.reports()) as { action: string; reason: string }[];
    expect(reports.map((report) => report.action)).toEqual(['mark_task_as_dead']);
    expect(reports[0]!.reason).toMatch(/^MalformedTagError/);
  });
});
