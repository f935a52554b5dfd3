import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createTestBucket, createTestTables, type TestTables } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ContinuationError,
  ContinuationStore,
  InvalidJob,
  planJob,
  planTasks,
  type SchedulerConfig,
} from '../src/index.js';
import { lambdaContext, schedulerConfig, SELF_ARN } from './helpers/factories.js';
import { buildScheduler, invocations, NOW_MS, objectText, queuedTasks, s3 } from './helpers/harness.js';

const lambda = mockClient(LambdaClient);
let tables: TestTables;
let bucket: string;
let labourerCount = 0;

beforeAll(async () => {
  [tables, bucket] = await Promise.all([createTestTables(), createTestBucket({ client: s3 })]);
});
afterAll(async () => {
  lambda.restore();
  await tables.drop();
});
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

/** A config with a labourer of its own, so each test reads its own queue. */
function setup(overrides: Record<string, unknown> = {}) {
  labourerCount += 1;
  const labourer = `worker${labourerCount}`;
  const config: SchedulerConfig = schedulerConfig({
    s3_bucket: bucket,
    task_config: {
      labourers: { [labourer]: { arn: `arn:aws:lambda:us-east-1:000000000000:function:${labourer}` } },
    },
    ...overrides,
  });
  return { labourer, config, ...buildScheduler(tables, config) };
}

/** The payloads a job must give, in order, computed by the pure planner. */
function expectedPayloads(config: SchedulerConfig, job: Record<string, unknown>, requestId: string) {
  return [...planTasks(planJob(job, { config, requestId, nowMs: NOW_MS }))];
}

const stores = (n: number) => Array.from({ length: n }, (_, i) => `store-${i}`);

describe('Scheduler against DynamoDB Local and local S3', () => {
  it('turns a job into tasks with the right ids and payloads, in FIFO order', async () => {
    const { labourer, config, scheduler, taskManager } = setup({ write_batch_size: 25 });
    const job = {
      lambda_name: `arn:aws:lambda:us-east-1:000000000000:function:${labourer}`,
      period: 'last_2_days',
      isolate_days: true,
      isolate_stores: true,
      stores: stores(60),
    };

    const result = await scheduler.run(JSON.stringify({ job }), lambdaContext({ requestId: 'req-fifo' }));

    expect(result).toEqual({ job_id: 'req-fifo', tasks_created: 120 });
    const queued = await queuedTasks(taskManager, labourer);
    expect(queued.map((t) => t.task_id)).toEqual(Array.from({ length: 120 }, (_, i) => `req-fifo-${i}`));
    expect(queued.map((t) => t.body)).toEqual(expectedPayloads(config, job, 'req-fifo'));
    expect(queued[0]?.body).toEqual({ isolate_stores: true, date_list: ['2019-01-28'], stores: ['store-0'] });
    const greenfields = queued.map((t) => t.greenfield);
    expect(greenfields).toEqual([...greenfields].sort((a, b) => a - b));
    expect(new Set(greenfields).size).toBe(120);
    expect(queued.every((t) => t.labourer_id === labourer && t.attempts === 0)).toBe(true);
    // No continuation, and a dispatch request after each of the 5 batches: the orchestrator starts on
    // the tasks while the rest are written.
    const request = {
      FunctionName: 'sosw_orchestrator',
      InvocationType: 'Event',
      Payload: { action: 'dispatch', labourer_ids: [labourer], reason: 'tasks_created' },
    };
    expect(
      lambda.commandCalls(InvokeCommand).map((call) => ({
        ...call.args[0].input,
        Payload: JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString()) as unknown,
      })),
    ).toEqual([request, request, request, request, request]);
  });

  it('puts a new job behind the tasks already queued', async () => {
    const { labourer, scheduler, taskManager } = setup();
    const job = { lambda_name: labourer, isolate_stores: true, stores: stores(3) };
    await scheduler.run({ job }, lambdaContext({ requestId: 'first' }));
    await scheduler.run({ job }, lambdaContext({ requestId: 'second' }));

    const queued = await queuedTasks(taskManager, labourer);
    expect(queued.map((t) => t.task_id)).toEqual([
      'first-0',
      'first-1',
      'first-2',
      'second-0',
      'second-1',
      'second-2',
    ]);
  });

  it('writes nothing twice for the same event and request id, and uses the caller job_id', async () => {
    const { labourer, scheduler, taskManager } = setup();
    const job = {
      lambda_name: labourer,
      job_id: 'nightly-2019-01-30',
      isolate_stores: true,
      stores: stores(4),
    };

    expect(await scheduler.run({ job }, lambdaContext({ requestId: 'a' }))).toEqual({
      job_id: 'nightly-2019-01-30',
      tasks_created: 4,
    });
    expect(await scheduler.run({ job }, lambdaContext({ requestId: 'b' }))).toEqual({
      job_id: 'nightly-2019-01-30',
      tasks_created: 0,
    });
    expect((await queuedTasks(taskManager, labourer)).map((t) => t.task_id)).toEqual(
      [0, 1, 2, 3].map((i) => `nightly-2019-01-30-${i}`),
    );
  });

  it('rejects a malformed job before writing a single task', async () => {
    const { labourer, scheduler, taskManager } = setup({ write_batch_size: 2 });
    // The bad value is the last one: chunking it lazily would have written the others first.
    const job = {
      lambda_name: labourer,
      isolate_sections: true,
      sections: { a: null, b: null, c: null, d: 42 },
    };

    const error: unknown = await scheduler.run({ job }, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidJob);
    expect(error).toMatchObject({
      path: 'job.sections.d',
      message: 'job.sections.d: a value in a chunked dict must be a dict or null, got number',
    });
    await expect(scheduler.run({ job: { lambda_name: 'nobody' } }, lambdaContext())).rejects.toThrow(
      `job.lambda_name: unknown labourer "nobody": task_config.labourers of the scheduler has "${labourer}"`,
    );
    expect(await queuedTasks(taskManager, labourer)).toEqual([]);
  });

  it('applies the job schema variant the job names, per call, on one warm scheduler', async () => {
    const { labourer, scheduler } = setup({ job_schema_variants: { flat: { chunkable_attrs: [] } } });
    const job = { lambda_name: labourer, isolate_stores: true, stores: stores(3) };

    expect(
      (await scheduler.run({ job: { ...job, job_schema_name: 'flat' } }, lambdaContext({ requestId: 'v1' })))
        .tasks_created,
    ).toBe(1);
    expect((await scheduler.run({ job }, lambdaContext({ requestId: 'v2' }))).tasks_created).toBe(3);
  });

  describe('continuation', () => {
    it('saves the rest to S3 and invokes itself when time runs short; the resumed run finishes and deletes it', async () => {
      const { labourer, config, scheduler, taskManager } = setup({ write_batch_size: 10 });
      const job = { lambda_name: labourer, isolate_stores: true, stores: stores(55) };

      // Time is fine before batches 2 and 3, short before batch 4.
      const first = await scheduler.run({ job }, lambdaContext({ requestId: 'req-cont', plenty: 2 }));

      const key = 'sosw/scheduler/req-cont/from-30.jsonl';
      const pointer = { bucket, key, position: 30, job_id: 'req-cont' };
      expect(first).toEqual({ job_id: 'req-cont', tasks_created: 30, continued_in: pointer });
      expect(invocations(lambda)).toEqual([
        { functionName: SELF_ARN, invocationType: 'Event', payload: { resume: pointer } },
      ]);
      const saved = (await objectText(bucket, key))?.trimEnd().split('\n') ?? [];
      expect(JSON.parse(saved[0] ?? '')).toMatchObject({
        job_id: 'req-cont',
        labourer_id: labourer,
        first_index: 30,
        count: 25,
      });
      expect(saved.slice(1).map((line) => JSON.parse(line) as unknown)).toEqual(
        expectedPayloads(config, job, 'req-cont').slice(30),
      );
      expect(await queuedTasks(taskManager, labourer)).toHaveLength(30);

      // The resumed run: a new invocation, with the payload the first one sent.
      const resume = invocations(lambda)[0]?.payload;
      const second = await scheduler.run(JSON.stringify(resume), lambdaContext({ requestId: 'req-cont-2' }));

      expect(second).toEqual({ job_id: 'req-cont', tasks_created: 25, resumed_from: pointer });
      expect(await objectText(bucket, key)).toBeUndefined();
      const queued = await queuedTasks(taskManager, labourer);
      expect(queued.map((t) => t.task_id)).toEqual(Array.from({ length: 55 }, (_, i) => `req-cont-${i}`));
      expect(queued.map((t) => t.body)).toEqual(expectedPayloads(config, job, 'req-cont'));
      expect(invocations(lambda)).toHaveLength(1);
    });

    it('a resumed run short of time hands on the same object at a later position', async () => {
      const { labourer, scheduler, taskManager } = setup({ write_batch_size: 5 });
      const job = { lambda_name: labourer, isolate_stores: true, stores: stores(23) };

      const first = await scheduler.run({ job }, lambdaContext({ requestId: 'req-hop', plenty: 0 }));
      expect(first.tasks_created).toBe(5); // the first batch is always written: every run makes progress
      const second = await scheduler.run(
        invocations(lambda)[0]?.payload,
        lambdaContext({ requestId: 'r2', plenty: 1 }),
      );
      const key = 'sosw/scheduler/req-hop/from-5.jsonl';
      expect(second).toEqual({
        job_id: 'req-hop',
        tasks_created: 10,
        resumed_from: { bucket, key, position: 5, job_id: 'req-hop' },
        continued_in: { bucket, key, position: 15, job_id: 'req-hop' },
      });
      expect(await objectText(bucket, key)).toBeDefined();

      const third = await scheduler.run(invocations(lambda)[1]?.payload, lambdaContext({ requestId: 'r3' }));
      expect(third).toMatchObject({ tasks_created: 8, resumed_from: { position: 15 } });
      expect(third.continued_in).toBeUndefined();
      expect(await objectText(bucket, key)).toBeUndefined();
      expect((await queuedTasks(taskManager, labourer)).map((t) => t.task_id)).toEqual(
        Array.from({ length: 23 }, (_, i) => `req-hop-${i}`),
      );
    });

    it('a resume payload whose object is gone does nothing (a later run finished the job)', async () => {
      const { scheduler, logger } = setup();
      const resume = { bucket, key: 'sosw/scheduler/gone/from-5.jsonl', position: 5, job_id: 'gone' };
      expect(await scheduler.run({ resume }, lambdaContext())).toEqual({
        job_id: 'gone',
        tasks_created: 0,
        resumed_from: resume,
      });
      expect(logger.lines.some((l) => l.level === 'warn' && l.extra.key === resume.key)).toBe(true);
    });

    it('refuses a resume payload that does not match its object, writing nothing', async () => {
      const { labourer, scheduler, taskManager } = setup();
      const key = 'sosw/scheduler/other/from-3.jsonl';
      await new ContinuationStore(s3).save(
        bucket,
        key,
        { job_id: 'other', labourer_id: labourer, first_index: 3 },
        [{ stores: ['x'] }],
      );

      await expect(
        scheduler.run({ resume: { bucket, key, position: 3, job_id: 'mine' } }, lambdaContext()),
      ).rejects.toThrow(
        new ContinuationError(
          `s3://${bucket}/${key} holds job "other", but the resume payload names job "mine"`,
        ),
      );
      await expect(
        scheduler.run({ resume: { bucket, key, position: 1, job_id: 'other' } }, lambdaContext()),
      ).rejects.toThrow(`s3://${bucket}/${key} holds tasks 3 to 3: cannot resume at 1`);
      expect(await queuedTasks(taskManager, labourer)).toEqual([]);
      expect(await objectText(bucket, key)).toBeDefined();
    });

    it('fails when Lambda refuses the self-invocation, so Lambda retries the run', async () => {
      const { labourer, scheduler } = setup({ write_batch_size: 2 });
      lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
      const job = { lambda_name: labourer, isolate_stores: true, stores: stores(5) };
      await expect(
        scheduler.run({ job }, lambdaContext({ requestId: 'refused', plenty: 0 })),
      ).rejects.toThrow(ContinuationError);
      // The rest is saved before the invoke, so the retried run finds it (and writes it again, the same).
      expect(await objectText(bucket, 'sosw/scheduler/refused/from-2.jsonl')).toContain('"store-4"');
    });
  });

  describe('killed and run again', () => {
    it('with the same event and request id: each task exactly once', async () => {
      const { labourer, config, scheduler, db, taskManager } = setup({ write_batch_size: 10 });
      const job = { lambda_name: labourer, isolate_stores: true, stores: stores(47) };
      const event = { job };
      const original = db.transactWrite.bind(db);
      let calls = 0;
      // The third batch (one transaction of 10 tasks) lands, and the Lambda is killed before it hears so.
      vi.spyOn(db, 'transactWrite').mockImplementation(async (actions, options) => {
        calls += 1;
        await original(actions, options);
        if (calls === 3) throw new Error('Lambda was killed');
      });

      await expect(scheduler.run(event, lambdaContext({ requestId: 'req-kill' }))).rejects.toThrow(
        'Lambda was killed',
      );
      const before = await queuedTasks(taskManager, labourer);
      expect(before).toHaveLength(30);

      // Lambda retries the invocation: same event, same request id, a fresh container.
      const rerun = buildScheduler(tables, config).scheduler; // a fresh DynamoClient, the same tables
      const result = await rerun.run(event, lambdaContext({ requestId: 'req-kill' }));

      expect(result).toEqual({ job_id: 'req-kill', tasks_created: 47 - before.length });
      const after = await queuedTasks(taskManager, labourer);
      expect(after.map((t) => t.task_id).sort()).toEqual(
        Array.from({ length: 47 }, (_, i) => `req-kill-${i}`).sort(),
      );
      const byId = new Map(after.map((t) => [t.task_id, t.body]));
      expect(Array.from({ length: byId.size }, (_, i) => byId.get(`req-kill-${i}`))).toEqual(
        expectedPayloads(config, job, 'req-kill'),
      );
    });

    it('with the same resume payload: each task exactly once, and the object deleted at the end', async () => {
      const { labourer, config, scheduler, db, taskManager } = setup({ write_batch_size: 4 });
      const job = { lambda_name: labourer, isolate_stores: true, stores: stores(30) };
      await scheduler.run({ job }, lambdaContext({ requestId: 'req-rk', plenty: 0 }));
      const resume = invocations(lambda)[0]?.payload;

      const original = db.transactWrite.bind(db);
      let calls = 0;
      // The resumed run's second batch lands, and the Lambda is killed before it hears so.
      const spy = vi.spyOn(db, 'transactWrite').mockImplementation(async (actions, options) => {
        calls += 1;
        await original(actions, options);
        if (calls === 2) throw new Error('Lambda was killed');
      });
      await expect(scheduler.run(resume, lambdaContext({ requestId: 'r2' }))).rejects.toThrow(
        'Lambda was killed',
      );
      spy.mockRestore();
      expect(await objectText(bucket, 'sosw/scheduler/req-rk/from-4.jsonl')).toBeDefined();

      const result = await scheduler.run(resume, lambdaContext({ requestId: 'r2' }));

      expect(result.resumed_from).toEqual(resume?.resume);
      expect(await objectText(bucket, 'sosw/scheduler/req-rk/from-4.jsonl')).toBeUndefined();
      const after = await queuedTasks(taskManager, labourer);
      expect(after).toHaveLength(30);
      expect(new Set(after.map((t) => t.task_id)).size).toBe(30);
      const byId = new Map(after.map((t) => [t.task_id, t.body]));
      expect(Array.from({ length: byId.size }, (_, i) => byId.get(`req-rk-${i}`))).toEqual(
        expectedPayloads(config, job, 'req-rk'),
      );
    });
  });
  describe('fair share', () => {
    it('keys each task by the attribute the job names: a later store starts at once, a priority job goes first', async () => {
      const { labourer, scheduler, taskManager } = setup();
      const job = (stores: string[], period: string, extra: Record<string, unknown> = {}) => ({
        lambda_name: labourer,
        concurrency_key: 'store',
        isolate_stores: true,
        isolate_days: true,
        stores,
        period,
        ...extra,
      });
      await scheduler.run({ job: job(['big'], 'last_30_days') }, lambdaContext({ requestId: 'big' }));
      await scheduler.run({ job: job(['small'], 'last_3_days') }, lambdaContext({ requestId: 'small' }));

      let queued = await queuedTasks(taskManager, labourer);
      expect(queued).toHaveLength(33);
      // The small store's three tasks do not wait behind the big one's thirty: they share the first turns.
      expect(queued.slice(0, 6).filter((t) => t.concurrency_key === 'small')).toHaveLength(3);
      expect(queued.filter((t) => t.concurrency_key === 'big')).toHaveLength(30);
      // The job's control keys are not in the payloads.
      expect(queued[0]?.body).not.toHaveProperty('concurrency_key');
      expect(queued.every((t) => t.priority === undefined)).toBe(true);

      await scheduler.run(
        { job: job(['vip'], 'yesterday', { priority: 4 }) },
        lambdaContext({ requestId: 'vip' }),
      );
      queued = await queuedTasks(taskManager, labourer);
      expect(queued[0]).toMatchObject({ task_id: 'vip-0', concurrency_key: 'vip', priority: 4 });
      expect(queued[0]?.body).not.toHaveProperty('priority');
    });

    it('gives the labourer key_weights to task-manager', async () => {
      labourerCount += 1;
      const labourer = `worker${labourerCount}`;
      const config = schedulerConfig({
        s3_bucket: bucket,
        task_config: {
          labourers: {
            [labourer]: {
              arn: `arn:aws:lambda:us-east-1:000000000000:function:${labourer}`,
              key_weights: { heavy: 4 },
            },
          },
        },
      });
      const { scheduler, taskManager } = buildScheduler(tables, config);
      const job = {
        lambda_name: labourer,
        concurrency_key: 'store',
        isolate_stores: true,
        isolate_days: true,
        period: 'last_4_days',
        stores: ['heavy', 'light'],
      };
      await scheduler.run({ job }, lambdaContext({ requestId: 'weights' }));
      const queued = await queuedTasks(taskManager, labourer);
      const greenfields = (store: string) =>
        queued.filter((t) => t.concurrency_key === store).map((t) => t.greenfield);
      expect(greenfields('heavy')).toEqual([2000, 2250, 2500, 2750]);
      expect(greenfields('light')).toEqual([2000, 3000, 4000, 5000]);
    });

    it('rejects a job whose tasks cannot be keyed, or a bad priority, before writing a task', async () => {
      const { labourer, scheduler, taskManager } = setup({ write_batch_size: 1 });
      const base = { lambda_name: labourer, concurrency_key: 'store', stores: ['a', 'b', 'c'] };
      await expect(
        scheduler.run({ job: { ...base, max_stores_per_batch: 2 } }, lambdaContext()),
      ).rejects.toMatchObject({ path: 'job.concurrency_key' });
      await expect(
        scheduler.run({ job: { ...base, isolate_stores: true, priority: 'high' } }, lambdaContext()),
      ).rejects.toMatchObject({ path: 'job.priority' });
      expect(await queuedTasks(taskManager, labourer)).toEqual([]);
    });

    it('a continuation carries the key attribute and the priority to the resumed run', async () => {
      const { labourer, scheduler, taskManager } = setup({ write_batch_size: 4 });
      const job = {
        lambda_name: labourer,
        concurrency_key: 'store',
        priority: 2,
        isolate_stores: true,
        stores: stores(10),
      };
      const first = await scheduler.run({ job }, lambdaContext({ requestId: 'req-fk', plenty: 0 }));
      expect(first.tasks_created).toBe(4);
      const saved = (await objectText(bucket, 'sosw/scheduler/req-fk/from-4.jsonl'))?.split('\n')[0];
      expect(JSON.parse(saved ?? '')).toMatchObject({ concurrency_key: 'store', priority: 2 });

      await scheduler.run(invocations(lambda)[0]?.payload, lambdaContext({ requestId: 'req-fk-2' }));
      const queued = await queuedTasks(taskManager, labourer);
      expect(queued).toHaveLength(10);
      for (const task of queued) {
        expect(task).toMatchObject({ priority: 2, concurrency_key: (task.body.stores as string[])[0] });
      }
    });
  });
});
