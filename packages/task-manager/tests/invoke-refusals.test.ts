import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, startLocalLambda, type LocalLambda, type TestTables } from '@sosw/testing';
import { TaskManagerError } from '../src/errors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunningLedger } from '../src/dispatch/running-ledger.js';
import type { Labourer } from '../src/labourer.js';
import { TaskManager } from '../src/task-manager.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { startAnsweringLambda, type LambdaErrorAnswer } from './helpers/answering-lambda.js';
import { labourer, NOW_MS, RecordingLogger, taskRow } from './helpers/factories.js';

/**
 * What becomes of a task whose invoke Lambda refuses (answers with an error), with the real Lambda client
 * (its own retry strategy) against a local endpoint: a refusal for good buries the task at once; refusals
 * for now roll the claim back until `invokeRefusalsBeforeFailure` of them in a row make the attempt fail.
 * Each test runs the orchestrator's step several times, as continuous dispatch does twice a second.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

function taskManagerOn(lambda: LambdaClient, clock: FixedClock, invokeRefusalsBeforeFailure?: number) {
  const logger = new RecordingLogger();
  const taskManager = new TaskManager({
    db: new DynamoClient(),
    lambda,
    tables: tables.names,
    clock,
    stats: new Stats(),
    logger,
    ...(invokeRefusalsBeforeFailure !== undefined && { invokeRefusalsBeforeFailure }),
  });
  return { taskManager, logger };
}

async function metaActions(db: DynamoClient, taskId: string): Promise<MetaRow[]> {
  return db.query<MetaRow>(tables.names.meta, { partitionKey: { name: 'task_id', value: taskId } });
}

/** One orchestrator pass over a labourer, as a dispatch holder makes it: with its running ledger. */
function pass(taskManager: TaskManager, worker: Labourer, ledger: RunningLedger) {
  return taskManager.claimAndInvoke(worker, taskManager.window(worker), 5, { ledger });
}

describe('an invoke Lambda refuses for good', () => {
  it.each<[string, LambdaErrorAnswer]>([
    [
      '413, payload too large',
      {
        status: 413,
        code: 'RequestEntityTooLargeException',
        message: 'Request must be smaller than 1048576 bytes for the Event invocation',
      },
    ],
    [
      '400 InvalidRequestContentException',
      {
        status: 400,
        code: 'InvalidRequestContentException',
        message: 'Could not parse request body into json',
      },
    ],
  ])('(%s) buries the task at once with the reason: never invoked again', async (name, answer) => {
    const endpoint = await startAnsweringLambda(answer);
    try {
      const clock = new FixedClock(NOW_MS);
      const { taskManager, logger } = taskManagerOn(endpoint.lambda, clock);
      const db = new DynamoClient();
      const worker = labourer({ id: `for-good-${answer.status}`, arn: 'worker' });
      const taskId = `${worker.id}-1`;
      await taskManager.createTasks(worker.id, [{ task_id: taskId }]);
      const ledger = new RunningLedger();

      // Four orchestrator passes with a scavenger run between, as in the issue.
      const results = [];
      for (let run = 0; run < 4; run++) {
        results.push(await pass(taskManager, worker, ledger));
        await taskManager.scavenge(worker);
        clock.advance(60_000);
      }

      expect(endpoint.requests()).toBe(1);
      expect(results.map((result) => result.failed)).toEqual([1, 0, 0, 0]);
      // Buried is not running: the slot is free at once.
      expect(ledger.size).toBe(0);
      const record = await taskManager.getTask(taskId);
      expect(record.task).toBeUndefined();
      expect(record.closed).toMatchObject({
        labourer_id_task_status: `${worker.id}_0`,
        attempts: 1,
      });
      const rows = await metaActions(db, taskId);
      expect(rows.map((row) => row.action)).toEqual(['created', 'invoke_failed', 'archived_dead']);
      expect(rows[2]?.details?.reason).toContain(answer.code);
      expect(taskManager.stats.current()).toMatchObject({
        tasks_invoke_failed: 1,
        tasks_invoke_refused_for_good: 1,
        closed_dead_tasks: 1,
      });
      expect(logger.warnings.map((warning) => [warning.message, warning.extra.task_id])).toContainEqual([
        expect.stringContaining('bur'),
        taskId,
      ]);
      expect(name).toBeTruthy();
    } finally {
      await endpoint.stop();
    }
  });
});

describe('an invoke Lambda refuses for now', () => {
  let local: LocalLambda;
  let lambda: LambdaClient;
  beforeAll(async () => {
    local = await startLocalLambda({
      log: () => undefined,
      functions: { worker: { handler: () => undefined } },
    });
    lambda = new LambdaClient({ endpoint: local.endpoint });
  });
  afterAll(async () => {
    lambda.destroy();
    await local.stop();
  });

  it('(429 after the SDK retries) rolls the claim back and counts the refusal; an accepted invoke clears the count', async () => {
    const clock = new FixedClock(NOW_MS);
    const { taskManager } = taskManagerOn(lambda, clock);
    const db = new DynamoClient();
    const worker = labourer({ id: 'for-now-throttled', arn: 'worker' });
    await taskManager.createTasks(worker.id, [{ task_id: 'throttled-1' }]);
    const ledger = new RunningLedger();

    local.setFaults({ rate: 1, kinds: ['throttle'] });
    try {
      for (let run = 0; run < 2; run++) {
        expect(await pass(taskManager, worker, ledger)).toMatchObject({ invoked: 0, failed: 1 });
      }
    } finally {
      local.setFaults(undefined);
    }
    expect(ledger.size).toBe(0);
    expect(await db.get<TaskRow>(tables.names.tasks, { task_id: 'throttled-1' })).toMatchObject({
      attempts: 0,
      greenfield: 2000,
      invoke_refusals: 2,
    });

    expect(await pass(taskManager, worker, ledger)).toMatchObject({ invoked: 1, failed: 0 });
    const task = await db.get<TaskRow>(tables.names.tasks, { task_id: 'throttled-1' });
    expect(task).toMatchObject({ attempts: 1, greenfield: taskManager.window(worker).invoked });
    expect(task?.invoke_refusals).toBeUndefined();
    expect(ledger.has('throttled-1')).toBe(true);
  }, 60_000);

  it('(404, a deleted function) fails the attempt after `invokeRefusalsBeforeFailure` refusals in a row; the scavenger buries it by max_attempts', async () => {
    const clock = new FixedClock(NOW_MS);
    const { taskManager, logger } = taskManagerOn(lambda, clock, 3);
    const db = new DynamoClient();
    const worker = labourer({ id: 'for-now-deleted', arn: 'deleted-function', maxAttempts: 1 });
    await taskManager.createTasks(worker.id, [{ task_id: 'deleted-1' }]);
    const ledger = new RunningLedger();

    for (let run = 1; run <= 2; run++) {
      expect(await pass(taskManager, worker, ledger)).toMatchObject({ failed: 1 });
      expect(await db.get<TaskRow>(tables.names.tasks, { task_id: 'deleted-1' })).toMatchObject({
        attempts: 0,
        greenfield: 2000,
        invoke_refusals: run,
      });
    }
    // The third refusal in a row: the attempt stays counted and is over (expired now), like a worker's
    // failure report, so it leaves the head of the queue.
    expect(await pass(taskManager, worker, ledger)).toMatchObject({ failed: 1 });
    expect(ledger.size).toBe(0);
    const failed = await db.get<TaskRow>(tables.names.tasks, { task_id: 'deleted-1' });
    expect(failed).toMatchObject({ attempts: 1, greenfield: taskManager.window(worker).expired });
    expect(failed?.invoke_refusals ?? 0).toBe(0);
    expect(await taskManager.nextTasks(worker, taskManager.window(worker), 5)).toEqual([]);
    expect(taskManager.stats.current()).toMatchObject({
      tasks_invoke_failed: 3,
      tasks_invoke_refusals_exhausted: 1,
    });
    expect(logger.warnings.map((warning) => warning.extra.task_id)).toContain('deleted-1');

    // Not invoked again: nothing is queued. The scavenger sees an expired task without attempts left.
    expect(await pass(taskManager, worker, ledger)).toMatchObject({ invoked: 0, failed: 0 });
    const scavenged = await taskManager.scavenge(worker);
    expect(scavenged.buried.done).toEqual(['deleted-1']);
    const rows = await metaActions(db, 'deleted-1');
    expect(rows.map((row) => row.action)).toEqual([
      'created',
      'invoke_failed',
      'invoke_failed',
      'invoke_failed',
      'archived_dead',
    ]);
  }, 60_000);

  it('fails the attempt at the next refusal of a task already at the limit (a crash after a rollback left it so)', async () => {
    const clock = new FixedClock(NOW_MS);
    const { taskManager } = taskManagerOn(lambda, clock, 3);
    const db = new DynamoClient();
    const worker = labourer({ id: 'for-now-at-limit', arn: 'deleted-function' });
    await db.put(
      tables.names.tasks,
      taskRow({
        task_id: 'at-limit-1',
        labourer_id: worker.id,
        greenfield: 3000,
        attempts: 1,
        invoke_refusals: 4,
      }),
    );

    expect(await pass(taskManager, worker, new RunningLedger())).toMatchObject({ failed: 1 });

    const task = await db.get<TaskRow>(tables.names.tasks, { task_id: 'at-limit-1' });
    expect(task).toMatchObject({ attempts: 2, greenfield: taskManager.window(worker).expired });
    expect(task?.invoke_refusals).toBeUndefined();
  });
});

describe('invokeRefusalsBeforeFailure', () => {
  it.each([0, 2.5, -1, Number.NaN])('refuses %s: a whole number >= 1 is needed', (value) => {
    expect(() => new TaskManager({ db: new DynamoClient(), invokeRefusalsBeforeFailure: value })).toThrow(
      TaskManagerError,
    );
  });
});
