import { InvokeCommand } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabourerMismatchError } from '../src/errors.js';
import { TaskManager } from '../src/task-manager.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import {
  labourer,
  mockedLambda,
  NOW_MS,
  RecordingLogger,
  taskManagerFor,
  windowAt,
} from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** The JSON body of an invocation, as the worker would receive it. */
function decode(payload: unknown): unknown {
  if (typeof payload === 'string') return JSON.parse(payload);
  if (payload instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(payload));
  throw new Error('the invocation has no payload');
}

describe('claim', () => {
  it('claims a queued task once per window: a second claim fails and is counted, not thrown', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const worker = labourer({ id: 'guard' });
    const window = windowAt();
    const {
      created: [task],
    } = await taskManager.createTasks(worker.id, [{ task_id: 'guard-1' }]);
    const first = await taskManager.claim(worker, task!, window);
    expect(first?.task).toMatchObject({ task_id: 'guard-1', greenfield: window.invoked, attempts: 1 });
    expect(first?.previousGreenfield).toBe(2000);

    // A second orchestrator read the task before the claim and claims it too.
    const other = taskManagerFor(tables);
    expect(await other.taskManager.claim(worker, task!, window)).toBeUndefined();
    expect(other.stats.current().concurrent_task_invocations_skipped).toBe(1);
    expect(stats.current().concurrent_task_invocations_skipped).toBeUndefined();
    expect(await db.get(tables.names.tasks, { task_id: 'guard-1' })).toMatchObject({
      attempts: 1,
      greenfield: window.invoked,
    });
  });

  it('refuses the task of another labourer', async () => {
    const { taskManager } = taskManagerFor(tables);
    const {
      created: [task],
    } = await taskManager.createTasks('mine', [{}]);
    await expect(taskManager.claim(labourer({ id: 'not-mine' }), task!, windowAt())).rejects.toThrow(
      LabourerMismatchError,
    );
  });
});

describe('invoke', () => {
  it('invokes the labourer arn asynchronously with the payload and the task fields over it', async () => {
    const { taskManager, lambdaMock, db, stats } = taskManagerFor(tables);
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const worker = labourer({ id: 'merge', arn: 'arn:aws:lambda:us-west-2:000000000000:function:merge' });
    const {
      created: [task],
    } = await taskManager.createTasks(worker.id, [
      { task_id: 'merge-1', payload: { task_id: 'spoof', attempts: 99, account: 7 } },
    ]);
    const claimed = await taskManager.claim(worker, task!, windowAt());
    expect(await taskManager.invoke(worker, claimed!)).toBe(true);

    const [call] = lambdaMock.commandCalls(InvokeCommand);
    expect(call?.args[0].input).toMatchObject({ FunctionName: worker.arn, InvocationType: 'Event' });
    expect(decode(call?.args[0].input.Payload)).toEqual({
      account: 7,
      task_id: 'merge-1',
      labourer_id: 'merge',
      created_at: task!.created_at,
      attempts: 1,
      greenfield: windowAt().invoked,
    });
    expect(stats.current().tasks_invoked).toBe(1);
    const meta = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: 'merge-1' },
    });
    expect(meta.map((row) => row.action)).toEqual(['created', 'invoked']);
  });

  it.each([
    [
      'Lambda throws',
      (mock: ReturnType<typeof mockedLambda>['lambdaMock']) =>
        mock.on(InvokeCommand).rejects(new Error('throttled')),
    ],
    [
      'a FunctionError',
      (mock: ReturnType<typeof mockedLambda>['lambdaMock']) =>
        mock.on(InvokeCommand).resolves({ StatusCode: 202, FunctionError: 'Unhandled' }),
    ],
    [
      'a status other than 202',
      (mock: ReturnType<typeof mockedLambda>['lambdaMock']) =>
        mock.on(InvokeCommand).resolves({ StatusCode: 500 }),
    ],
  ])(
    'rolls the claim back when %s: greenfield and attempts as before, claimable again',
    async (name, arrange) => {
      const { taskManager, lambdaMock, db, stats } = taskManagerFor(tables);
      arrange(lambdaMock);
      const worker = labourer({ id: `rollback-${name.replaceAll(' ', '-')}` });
      const window = windowAt();
      const {
        created: [task],
      } = await taskManager.createTasks(worker.id, [{}]);
      const claimed = await taskManager.claim(worker, task!, window);
      expect(await taskManager.invoke(worker, claimed!)).toBe(false);

      const stored = await db.get<TaskRow>(tables.names.tasks, { task_id: task!.task_id });
      expect(stored).toMatchObject({ greenfield: 2000, attempts: 0 });
      expect(stats.current()).toMatchObject({ tasks_invoke_failed: 1 });
      const meta = await db.query<MetaRow>(tables.names.meta, {
        partitionKey: { name: 'task_id', value: task!.task_id },
      });
      expect(meta.map((row) => row.action)).toEqual(['created', 'invoke_failed']);

      lambdaMock.reset();
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
      expect(await taskManager.claimAndInvoke(worker, window, 5)).toEqual({
        invoked: 1,
        skipped: 0,
        failed: 0,
        queueDrained: true,
      });
      expect(await db.get(tables.names.tasks, { task_id: task!.task_id })).toMatchObject({
        attempts: 1,
        greenfield: window.invoked,
      });
    },
  );
});

describe('a rolled-back claim', () => {
  it('rolls a refused claim back with its key and priority', async () => {
    const tm = taskManagerFor(tables);
    tm.lambdaMock.on(InvokeCommand).resolves({ StatusCode: 500 });
    const worker = labourer({ id: 'rollback-keyed' });
    const {
      created: [task],
    } = await tm.taskManager.createTasks(worker.id, [{ concurrency_key: 'A', priority: 3 }]);
    const claimed = await tm.taskManager.claim(worker, task!, windowAt());
    expect(await tm.taskManager.invoke(worker, claimed!)).toBe(false);
    expect(await tm.db.get<TaskRow>(tables.names.tasks, { task_id: task!.task_id })).toMatchObject({
      greenfield: task!.greenfield,
      attempts: 0,
      concurrency_key: 'A',
      priority: 3,
    });
  });
});

describe('claimAndInvoke', () => {
  it('invokes each of 200 tasks exactly once when four orchestrators run at once with budget 250 each', async () => {
    const { lambda, lambdaMock } = mockedLambda();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const worker = labourer({ id: 'race' });
    const window = windowAt();
    const orchestrators = Array.from(
      { length: 4 },
      () =>
        new TaskManager({
          db: new DynamoClient(),
          lambda,
          tables: tables.names,
          clock: new FixedClock(NOW_MS),
          stats: new Stats(),
          logger: new RecordingLogger(),
        }),
    );
    const { created } = await orchestrators[0]!.createTasks(
      worker.id,
      Array.from({ length: 200 }, (_, n) => ({ payload: { n } })),
    );

    const results = await Promise.all(
      orchestrators.map((taskManager) => taskManager.claimAndInvoke(worker, window, 250)),
    );

    const calls = lambdaMock.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(200);
    const invokedIds = calls.map(
      (call) => (decode(call.args[0].input.Payload) as { task_id: string }).task_id,
    );
    expect(new Set(invokedIds)).toEqual(new Set(created.map((task) => task.task_id)));
    expect(results.reduce((sum, result) => sum + result.invoked, 0)).toBe(200);
    // The claims an orchestrator lost are skipped and counted, not errors. (How many it loses depends on
    // timing: under load one may drain the queue before the others read it.)
    const skipped = results.reduce((sum, result) => sum + result.skipped, 0);
    expect(
      orchestrators.reduce(
        (sum, taskManager) => sum + (taskManager.stats.current().concurrent_task_invocations_skipped ?? 0),
        0,
      ),
    ).toBe(skipped);
    expect(results.every((result) => result.failed === 0)).toBe(true);

    const db = new DynamoClient();
    const rows = await db.batchGet<TaskRow>(
      tables.names.tasks,
      created.map((task) => ({ task_id: task.task_id })),
    );
    expect(rows.map((row) => row.attempts)).toEqual(Array.from({ length: 200 }, () => 1));
    expect(await orchestrators[0]!.countRunning(worker, window)).toBe(200);
  }, 120_000);

  it('takes no more than the budget, oldest first, and writes an invoked meta row for each', async () => {
    const { taskManager, lambdaMock, db } = taskManagerFor(tables);
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const worker = labourer({ id: 'budget' });
    const { created } = await taskManager.createTasks(
      worker.id,
      Array.from({ length: 5 }, () => ({})),
    );
    expect(await taskManager.claimAndInvoke(worker, windowAt(), 3, { concurrency: 2 })).toEqual({
      invoked: 3,
      skipped: 0,
      failed: 0,
      queueDrained: false,
    });
    const invoked = lambdaMock
      .commandCalls(InvokeCommand)
      .map((call) => (decode(call.args[0].input.Payload) as { task_id: string }).task_id);
    expect(invoked.sort()).toEqual(
      created
        .slice(0, 3)
        .map((task) => task.task_id)
        .sort(),
    );
    for (const task of created.slice(0, 3)) {
      const meta = await db.query<MetaRow>(tables.names.meta, {
        partitionKey: { name: 'task_id', value: task.task_id },
      });
      expect(meta.map((row) => row.action)).toEqual(['created', 'invoked']);
    }
    expect(await taskManager.queueLength(worker, windowAt())).toBe(2);
  });

  it('reads nothing for a budget of 0', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    db.stats.reset();
    expect(await taskManager.claimAndInvoke(labourer(), windowAt(), 0)).toEqual({
      invoked: 0,
      skipped: 0,
      failed: 0,
      queueDrained: false,
    });
    expect(db.stats.current()).toEqual({});
  });

  it('goes on past a failed invoke: the others are invoked, the failed one is queued again', async () => {
    const { taskManager, lambdaMock } = taskManagerFor(tables);
    const worker = labourer({ id: 'partial' });
    const { created } = await taskManager.createTasks(worker.id, [
      { task_id: 'partial-0' },
      { task_id: 'partial-bad' },
      { task_id: 'partial-2' },
    ]);
    lambdaMock.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
      const { task_id } = decode(input.Payload) as { task_id: string };
      if (task_id === 'partial-bad') throw new Error('boom');
      return { StatusCode: 202 };
    });
    expect(await taskManager.claimAndInvoke(worker, windowAt(), 10)).toEqual({
      invoked: 2,
      skipped: 0,
      failed: 1,
      queueDrained: true,
    });
    expect((await taskManager.nextTasks(worker, windowAt(), 10)).map((task) => task.task_id)).toEqual([
      'partial-bad',
    ]);
    expect(created).toHaveLength(3);
  });
});
