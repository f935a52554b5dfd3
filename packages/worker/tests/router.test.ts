import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Stats } from '@sosw/core';
import { PayloadOffloader } from '@sosw/serializer';
import { createTestBucket, LOCAL_S3_CLIENT_CONFIG, startLocalLambda, type LocalLambda } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ChainError,
  defineQueueWorker,
  defineRouter,
  defineWorker,
  labourerChainTarget,
  route,
  sqsChainTarget,
  UnknownTaskError,
  WorkerOptionError,
  type BaseContext,
} from '../src/index.js';
import { lambdaContext, recordingLogger, sqsEvent, sqsRecord, taskEvent } from './helpers/factories.js';

const sqsMock = mockClient(SQSClient);
beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sent-1' });
});

const NEXT_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/next';

function context(): BaseContext {
  return {
    remainingMs: () => 10_000,
    logger: recordingLogger(),
    stats: new Stats(),
    signal: new AbortController().signal,
    lambdaContext: undefined,
  };
}

const sentBodies = () =>
  sqsMock
    .commandCalls(SendMessageCommand)
    .map((call) => JSON.parse(call.args[0].input.MessageBody ?? '') as unknown);

describe('defineRouter: routing', () => {
  const calls: unknown[] = [];
  const router = defineRouter({
    pull: route(z.strictObject({ account: z.number() }), ({ account }, { task_name, callback }) => {
      calls.push({ task: task_name, account, callback });
      return { account, rows: 3 };
    }),
    store: (input, { task_name }) => {
      calls.push({ task: task_name, input });
      return { stored: true };
    },
  });

  it('routes by task_name, else by path, and validates the rest with the route schema', async () => {
    calls.length = 0;
    expect(await router({ task_name: 'pull', account: 7 }, context())).toEqual({ account: 7, rows: 3 });
    expect(await router({ path: 'store', x: 1 }, context())).toEqual({ stored: true });
    expect(calls).toEqual([
      { task: 'pull', account: 7, callback: undefined },
      { task: 'store', input: { x: 1 } },
    ]);
    await expect(router({ task_name: 'pull', account: '7' }, context())).rejects.toThrow(
      'message for task pull is invalid: account: expected number, got string',
    );
  });

  it('an unknown task name is a fatal error naming it and the known tasks', async () => {
    const error: unknown = await router({ task_name: 'report' }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTaskError);
    expect((error as Error).message).toBe(
      'no handler for task "report" (from task_name or path); known tasks: pull, store',
    );
    await expect(router({ account: 1 }, context())).rejects.toThrow(
      'the message names no task: give task_name or path (or a callback chain); known tasks: pull, store',
    );
    // Not a route: a property every object has.
    await expect(router({ task_name: 'toString' }, context())).rejects.toBeInstanceOf(UnknownTaskError);
  });

  it('an unknown task in an orchestrated worker is reported dead: a router error is fatal', async () => {
    const lambda = await startLocalLambda({ functions: { sosw_worker_assistant: { handler: () => null } } });
    try {
      const handler = defineWorker(router, {
        logger: recordingLogger(),
        rethrow: false,
        workerAssistantName: 'sosw_worker_assistant',
        lambda: new LambdaClient({ endpoint: lambda.endpoint }),
      });
      await handler(taskEvent({ task_name: 'nope' }), lambdaContext());
      await lambda.idle();
      const reports = lambda.invocations.map((i) => i.payload as { action: string; reason: string });
      expect(reports).toHaveLength(1);
      expect(reports[0]!.action).toBe('mark_task_as_dead');
      expect(reports[0]!.reason).toContain('no handler for task "nope"');
    } finally {
      await lambda.stop();
    }
  });

  it('needs at least one route', () => {
    expect(() => defineRouter({})).toThrow(WorkerOptionError);
  });
});

describe('defineRouter: callback chains', () => {
  const routes = {
    a: route(z.object({ n: z.number() }), ({ n }) => ({ n: n + 1, task_name: 'hijack' })),
    b: (input: Record<string, unknown>) => ({ ...input, b: true }),
    c: () => 42,
  };

  it("'a#b#c': after a completes, its result goes to b carrying callback 'c' (SQS target)", async () => {
    const router = defineRouter(routes, {
      chain: sqsChainTarget({ queueUrl: NEXT_QUEUE, sqs: new SQSClient({}) }),
    });
    expect(await router({ callback: 'a#b#c', n: 1 }, context())).toEqual({ n: 2, task_name: 'hijack' });
    expect(await router({ task_name: 'b', callback: 'c', n: 2 }, context())).toEqual({ n: 2, b: true });
    expect(await router({ task_name: 'c' }, context())).toBe(42);
    expect(sentBodies()).toEqual([
      { n: 2, task_name: 'b', callback: 'c' },
      { n: 2, b: true, task_name: 'c' },
    ]);
    expect(sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input.QueueUrl).toBe(NEXT_QUEUE);
  });

  it('a chain without a target is a ChainError; a malformed chain too', async () => {
    const router = defineRouter(routes);
    await expect(router({ task_name: 'a', n: 1, callback: 'b' }, context())).rejects.toBeInstanceOf(
      ChainError,
    );
    const chained = defineRouter(routes, {
      chain: sqsChainTarget({ queueUrl: NEXT_QUEUE, sqs: new SQSClient({}) }),
    });
    await expect(chained({ task_name: 'a', n: 1, callback: 'b##c' }, context())).rejects.toThrow(
      'callback chain "b##c" has an empty task name',
    );
  });

  it('chooses the target per next task', async () => {
    const targets: string[] = [];
    const router = defineRouter(routes, {
      chain: (next) => ({
        description: next,
        send: (message) => {
          targets.push(`${next}:${JSON.stringify(message)}`);
          return Promise.resolve();
        },
      }),
    });
    await router({ task_name: 'a', n: 1, callback: 'c' }, context());
    expect(targets).toEqual(['c:{"n":2,"task_name":"c"}']);
  });
});

describe('defineRouter: chains through the scheduler and S3', () => {
  let lambda: LocalLambda;
  let s3: S3Client;
  let bucket: string;
  beforeAll(async () => {
    lambda = await startLocalLambda({ functions: { sosw_scheduler: { handler: () => ({ ok: true }) } } });
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
    s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    bucket = await createTestBucket({ client: s3 });
  });
  afterAll(() => lambda.stop());

  it('sends the result to a labourer: Event invoke of the scheduler with { job: { lambda_name, ...result } }', async () => {
    const router = defineRouter(
      { a: () => ({ rows: 3, since: new Date('2024-05-06T00:00:00.000Z') }) },
      {
        chain: labourerChainTarget({ labourerId: 'stats_store' }),
      },
    );
    await router({ task_name: 'a', callback: 'store#report' }, context());
    await lambda.idle();
    expect(
      lambda.invocations.map((i) => ({ name: i.name, type: i.invocationType, payload: i.payload })),
    ).toEqual([
      {
        name: 'sosw_scheduler',
        type: 'Event',
        payload: {
          job: {
            rows: 3,
            since: { $sosw: 'date', v: '2024-05-06T00:00:00.000Z' },
            task_name: 'store',
            callback: 'report',
            lambda_name: 'stats_store',
          },
        },
      },
    ]);
  });

  it('offloads a large result to S3, and the next worker restores it (SQS -> queue worker with a router)', async () => {
    const offloader = new PayloadOffloader({ s3, bucket, thresholdBytes: 200 });
    const big = { accounts: Array.from({ length: 100 }, (_, i) => i) };
    const first = defineRouter(
      { a: () => big },
      {
        chain: sqsChainTarget({ queueUrl: NEXT_QUEUE, sqs: new SQSClient({}), offloader }),
      },
    );
    await first({ task_name: 'a', callback: 'b' }, context());
    const [body] = sentBodies();
    expect(body).toMatchObject({ task_name: 'b', payload: { $sosw: 's3', bucket } });
    expect(Object.keys(body as object).sort()).toEqual(['payload', 'task_name']);

    const received: unknown[] = [];
    const second = defineQueueWorker(
      defineRouter({
        b: route(z.object({ accounts: z.array(z.number()) }), (input) => void received.push(input)),
      }),
      { logger: recordingLogger(), payloads: { offloader } },
    );
    const response = await second(sqsEvent([sqsRecord(JSON.stringify(body))]), {} as never);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(received).toEqual([big]);
  });

  it('drops a chain message whose offloaded payload lives in another bucket, without running its task', async () => {
    const foreign = await createTestBucket({ client: s3, prefix: 'sosw-foreign' });
    const elsewhere = new PayloadOffloader({ s3, bucket: foreign, thresholdBytes: 0 });
    const payload: unknown = JSON.parse(await elsewhere.offload({ accounts: [1, 2] }));
    const received: unknown[] = [];
    const worker = defineQueueWorker(defineRouter({ b: (input) => void received.push(input) }), {
      logger: recordingLogger(),
      payloads: { offloader: new PayloadOffloader({ s3, bucket }) },
    });
    const body = JSON.stringify({ task_name: 'b', payload });
    const response = await worker(sqsEvent([sqsRecord(body)]), {} as never);
    // Dropped for good, not retried: the same pointer would be refused on every receive.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(received).toEqual([]);
  });

  it('keeps a small result inline even with an offloader', async () => {
    const offloader = new PayloadOffloader({ s3, bucket, thresholdBytes: 200 });
    const router = defineRouter(
      { a: () => ({ small: 1 }) },
      {
        chain: sqsChainTarget({ queueUrl: NEXT_QUEUE, sqs: new SQSClient({}), offloader }),
      },
    );
    await router({ task_name: 'a', callback: 'b' }, context());
    expect(sentBodies()).toEqual([{ small: 1, task_name: 'b' }]);
  });
});
