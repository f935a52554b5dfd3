import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, startLocalLambda, type LambdaFaults, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskManager } from '../src/task-manager.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { labourer, NOW_MS, RecordingLogger, windowAt } from './helpers/factories.js';

/**
 * What an invoke does when Lambda's answer goes missing, with the real Lambda client (its default retry
 * strategy, as the orchestrator builds it) against the local Lambda endpoint of `@sosw/testing`.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

async function withLambda(
  faults: LambdaFaults,
  test: (setup: {
    taskManager: TaskManager;
    db: DynamoClient;
    runs: () => number;
    faultsInjected: () => number;
    idle: () => Promise<void>;
  }) => Promise<void>,
): Promise<void> {
  let runs = 0;
  const local = await startLocalLambda({
    log: () => undefined,
    faults,
    functions: {
      worker: {
        handler: () => {
          runs += 1;
        },
      },
    },
  });
  const lambda = new LambdaClient({ endpoint: local.endpoint });
  const db = new DynamoClient();
  const taskManager = new TaskManager({
    db,
    lambda,
    tables: tables.names,
    clock: new FixedClock(NOW_MS),
    stats: new Stats(),
    logger: new RecordingLogger(),
  });
  try {
    await test({
      taskManager,
      db,
      runs: () => runs,
      faultsInjected: () => local.injectedFaults.length,
      idle: () => local.idle(),
    });
  } finally {
    lambda.destroy();
    await local.stop();
  }
}

describe('an invoke whose answer is lost', () => {
  it('is not sent again nor rolled back: the attempt runs once, the task stays invoked', async () => {
    await withLambda(
      { rate: 1, kinds: ['lost-answer'] },
      async ({ taskManager, db, runs, faultsInjected, idle }) => {
        const worker = labourer({ id: 'lost', arn: 'worker' });
        await taskManager.createTasks(worker.id, [{ task_id: 'lost-1' }]);

        const result = await taskManager.claimAndInvoke(worker, windowAt(), 1);
        await idle();

        expect(result).toEqual({ invoked: 1, skipped: 0, failed: 0, queueDrained: false });
        // The SDK's default strategy would have sent it three times, running attempt 1 three times.
        expect(faultsInjected()).toBe(1);
        expect(runs()).toBe(1);
        expect(await db.get<TaskRow>(tables.names.tasks, { task_id: 'lost-1' })).toMatchObject({
          attempts: 1,
          greenfield: windowAt().invoked,
        });
        const meta = await db.query<MetaRow>(tables.names.meta, {
          partitionKey: { name: 'task_id', value: 'lost-1' },
        });
        expect(meta.map((row) => [row.action, row.details?.answer])).toEqual([
          ['created', undefined],
          ['invoked', 'lost'],
        ]);
        expect(taskManager.stats.current()).toMatchObject({ tasks_invoke_answer_lost: 1 });
      },
    );
  });

  it('that never reached the function leaves the task invoked too, to expire and be retried', async () => {
    await withLambda(
      { rate: 1, kinds: ['timeout'], hangMs: 100 },
      async ({ taskManager, db, runs, faultsInjected }) => {
        const worker = labourer({ id: 'hung', arn: 'worker' });
        await taskManager.createTasks(worker.id, [{ task_id: 'hung-1' }]);

        expect(await taskManager.claimAndInvoke(worker, windowAt(), 1)).toMatchObject({ invoked: 1 });

        expect(faultsInjected()).toBe(1);
        expect(runs()).toBe(0);
        expect(await db.get<TaskRow>(tables.names.tasks, { task_id: 'hung-1' })).toMatchObject({
          attempts: 1,
        });
      },
    );
  });
});

describe('an invoke Lambda refuses', () => {
  it('is retried by the SDK (nothing ran), then rolled back: queued again, attempts as before', async () => {
    await withLambda({ rate: 1, kinds: ['throttle'] }, async ({ taskManager, db, runs, faultsInjected }) => {
      const worker = labourer({ id: 'refused', arn: 'worker' });
      await taskManager.createTasks(worker.id, [{ task_id: 'refused-1' }]);

      expect(await taskManager.claimAndInvoke(worker, windowAt(), 1)).toEqual({
        invoked: 0,
        skipped: 0,
        failed: 1,
        queueDrained: false,
      });

      expect(faultsInjected()).toBeGreaterThan(1);
      expect(runs()).toBe(0);
      expect(await db.get<TaskRow>(tables.names.tasks, { task_id: 'refused-1' })).toMatchObject({
        attempts: 0,
        greenfield: 2000,
      });
    });
  });
});
