import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiredNowGreenfield } from '../src/greenfield.js';
import { invocationPayload } from '../src/payload.js';
import { TaskManager } from '../src/task-manager.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { labourer, NOW_MS, taskManagerFor } from './helpers/factories.js';

/**
 * A worker met throttling (issue 22 item 6): its task goes back to the head of the queue at once, the
 * attempt given back, and `throttles` / `throttled_at` on the row say so. Each test plays the task's life
 * through the public API (create, claim, report) on DynamoDB Local.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** Each test has a labourer of its own, so one test's queue is not another's. */
const labourerOf = (name: string, maxAttempts = 3) =>
  labourer({ id: `throttle-${name}`, duration: 60, cooldown: 10, maxAttempts });

const rowOf = (db: DynamoClient, taskId: string) =>
  db.get<TaskRow & { concurrency_key?: string }>(
    tables.names.tasks,
    { task_id: taskId },
    { consistent: true },
  );

const metaOf = (db: DynamoClient, taskId: string) =>
  db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: taskId },
    consistent: true,
  });

/** Claims the head of the labourer's queue, and returns the attempt its worker is told of. */
async function claimNext(taskManager: TaskManager, worker: ReturnType<typeof labourerOf>) {
  const window = taskManager.window(worker);
  const [next] = await taskManager.nextTasks(worker, window, 1);
  const claimed = await taskManager.claim(worker, next as TaskRow, window);
  const { task_id, attempts, greenfield } = invocationPayload((claimed as { task: TaskRow }).task) as {
    task_id: string;
    attempts: number;
    greenfield: number;
  };
  return { taskId: task_id, attempt: { attempts, greenfield } };
}

describe('markThrottled', () => {
  it('puts the running task back at the head of its queue at once, gives the attempt back, and counts it', async () => {
    const worker = labourerOf('head');
    const { taskManager, db, clock, stats } = taskManagerFor(tables);
    clock.set(NOW_MS + 250);
    await taskManager.createTasks(worker.id, [
      { task_id: 'head-1', payload: { n: 1 } },
      { task_id: 'head-2' },
    ]);
    // A keyed cap's key, written by whoever creates such tasks: a throttle leaves it alone.
    await db.patch(tables.names.tasks, { task_id: 'head-1' }, { set: { concurrency_key: 'account-7' } });
    const { taskId, attempt } = await claimNext(taskManager, worker);
    expect(taskId).toBe('head-1');
    const claimed = await rowOf(db, 'head-1');

    expect(
      await taskManager.markThrottled('head-1', {
        labourerId: worker.id,
        attempt,
        timing: worker,
        reason: 'ThrottledError: HTTP 429',
      }),
    ).toEqual({ outcome: 'throttled' });

    const row = await rowOf(db, 'head-1');
    expect(row).toEqual({
      ...claimed,
      greenfield: expect.any(Number) as number,
      attempts: 0,
      throttles: 1,
      throttled_at: (NOW_MS + 250) / 1000,
    });
    expect(row?.concurrency_key).toBe('account-7');
    // Queued in front of the task that was behind it, before any other: claimed first again.
    const window = taskManager.window(worker);
    expect((await taskManager.nextTasks(worker, window, 2)).map((task) => task.task_id)).toEqual([
      'head-1',
      'head-2',
    ]);
    expect(await taskManager.countRunning(worker, window)).toBe(0);
    expect((await metaOf(db, 'head-1')).at(-1)).toMatchObject({
      action: 'throttled',
      labourer_id: worker.id,
      details: {
        attempts: 1,
        throttles: 1,
        attempt_given_back: true,
        greenfield: row?.greenfield,
        reason: 'ThrottledError: HTTP 429',
      },
    });
    expect(stats.current().tasks_throttled).toBe(1);
    // The next claim is attempt 1 again.
    expect((await claimNext(taskManager, worker)).attempt.attempts).toBe(1);
  });

  it('spends the attempt at the fifth throttle in a row: expired now, throttles back to 0', async () => {
    const worker = labourerOf('fifth');
    const { taskManager, db, clock, stats } = taskManagerFor(tables);
    await taskManager.createTasks(worker.id, [{ task_id: 'fifth' }]);
    for (let round = 1; round <= 4; round++) {
      clock.advance(1000);
      const { attempt } = await claimNext(taskManager, worker);
      expect(attempt.attempts).toBe(1);
      expect(
        await taskManager.markThrottled('fifth', { labourerId: worker.id, attempt, timing: worker }),
      ).toEqual({ outcome: 'throttled' });
      expect(await rowOf(db, 'fifth')).toMatchObject({ attempts: 0, throttles: round });
    }
    clock.advance(1000);
    const { attempt } = await claimNext(taskManager, worker);

    expect(
      await taskManager.markThrottled('fifth', { labourerId: worker.id, attempt, timing: worker }),
    ).toEqual({
      outcome: 'throttled_attempt_spent',
    });

    expect(await rowOf(db, 'fifth')).toMatchObject({
      attempts: 1,
      throttles: 0,
      throttled_at: clock.nowMs() / 1000,
      greenfield: expiredNowGreenfield(clock.nowMs() / 1000, worker),
    });
    const window = taskManager.window(worker);
    expect((await taskManager.expiredTasks(worker, window)).map((task) => task.task_id)).toEqual(['fifth']);
    expect(await taskManager.queueLength(worker, window)).toBe(0);
    expect((await metaOf(db, 'fifth')).at(-1)).toMatchObject({
      action: 'throttled',
      details: { attempts: 1, throttles: 5, attempt_given_back: false },
    });
    expect(stats.current()).toMatchObject({ tasks_throttled: 4, tasks_throttled_attempt_spent: 1 });
  });

  it('so a task that is always throttled is buried by max_attempts in the end, never loops for ever', async () => {
    const worker = labourerOf('always', 2);
    const setup = taskManagerFor(tables);
    const taskManager = new TaskManager({
      db: setup.db,
      tables: tables.names,
      clock: setup.clock,
      logger: setup.logger,
      throttlesBeforeAttempt: 2,
    });
    await taskManager.createTasks(worker.id, [{ task_id: 'always' }]);
    const outcomes: string[] = [];
    const closed = () => setup.db.get(tables.names.closed, { task_id: 'always' }, { consistent: true });
    for (let round = 0; round < 20 && (await closed()) === undefined; round++) {
      setup.clock.advance(1000);
      const window = taskManager.window(worker);
      if ((await taskManager.queueLength(worker, window)) > 0) {
        const { attempt } = await claimNext(taskManager, worker);
        const { outcome } = await taskManager.markThrottled('always', {
          labourerId: worker.id,
          attempt,
          timing: worker,
        });
        outcomes.push(outcome);
      } else {
        // The scavenger, an hour later: expired tasks to retry or buried, due retries back to the queue.
        setup.clock.advance(3_600_000);
        await taskManager.scavenge(worker);
      }
    }
    expect(outcomes).toEqual([
      'throttled',
      'throttled_attempt_spent',
      'throttled',
      'throttled_attempt_spent',
    ]);
    expect(await rowOf(setup.db, 'always')).toBeUndefined();
    expect(await closed()).toMatchObject({
      attempts: 2,
      labourer_id_task_status: `${worker.id}_0`,
    });
  });

  it('that spends the attempt always leaves the claim greenfield, even reported the second the claim expires', async () => {
    const worker = labourerOf('edge');
    const setup = taskManagerFor(tables);
    const taskManager = new TaskManager({
      db: setup.db,
      tables: tables.names,
      clock: setup.clock,
      logger: setup.logger,
      throttlesBeforeAttempt: 1,
    });
    await taskManager.createTasks(worker.id, [{ task_id: 'edge' }]);
    const { attempt } = await claimNext(taskManager, worker);
    // duration + cooldown later, "expired now" is the claim's own greenfield.
    setup.clock.advance((worker.duration + worker.cooldown) * 1000);
    expect(expiredNowGreenfield(setup.clock.nowMs() / 1000, worker)).toBe(attempt.greenfield);

    expect(
      await taskManager.markThrottled('edge', { labourerId: worker.id, attempt, timing: worker }),
    ).toEqual({
      outcome: 'throttled_attempt_spent',
    });
    const row = await rowOf(setup.db, 'edge');
    expect(row?.greenfield).toBe(attempt.greenfield - 1);
    expect(
      (await taskManager.expiredTasks(worker, taskManager.window(worker))).map((t) => t.task_id),
    ).toEqual(['edge']);
  });

  it('is cleared by a completion', async () => {
    const worker = labourerOf('cleared');
    const { taskManager, db } = taskManagerFor(tables);
    await taskManager.createTasks(worker.id, [{ task_id: 'cleared' }]);
    const first = await claimNext(taskManager, worker);
    await taskManager.markThrottled('cleared', {
      labourerId: worker.id,
      attempt: first.attempt,
      timing: worker,
    });
    const second = await claimNext(taskManager, worker);
    expect(await rowOf(db, 'cleared')).toMatchObject({ throttles: 1 });

    expect(
      await taskManager.markCompleted('cleared', { labourerId: worker.id, attempt: second.attempt }),
    ).toEqual({ outcome: 'completed' });
    expect(await rowOf(db, 'cleared')).not.toHaveProperty('throttles');
  });
});

describe('markThrottled of an attempt that is not running', () => {
  const cases = [
    ['already completed', 'already_completed'],
    ['already failed (its greenfield is expired now)', 'attempt_mismatch'],
    ['claimed again since', 'attempt_mismatch'],
    ['named with another labourer', 'labourer_id_mismatch'],
  ] as const;

  it.each(cases)('%s: %s, the task unchanged, the rejection in meta', async (name, outcome) => {
    const worker = labourerOf(name.replaceAll(' ', '-'));
    const { taskManager, db, clock } = taskManagerFor(tables);
    const taskId = `not-running-${worker.id}`;
    await taskManager.createTasks(worker.id, [{ task_id: taskId }]);
    let { attempt } = await claimNext(taskManager, worker);
    let labourerId = worker.id;
    if (name === 'already completed') await taskManager.markCompleted(taskId, { labourerId, attempt });
    if (name.startsWith('already failed'))
      await taskManager.markFailed(taskId, { labourerId, attempt, timing: worker });
    if (name === 'claimed again since') {
      await taskManager.markThrottled(taskId, { labourerId, attempt, timing: worker });
      clock.advance(60_000);
      await claimNext(taskManager, worker);
      attempt = { ...attempt }; // the first claim's, late
    }
    if (name === 'named with another labourer') labourerId = 'someone-else';
    const before = await rowOf(db, taskId);
    const rowsBefore = (await metaOf(db, taskId)).length;

    expect(await taskManager.markThrottled(taskId, { labourerId, attempt, timing: worker })).toEqual({
      outcome,
    });

    expect(await rowOf(db, taskId)).toEqual(before);
    const rows = await metaOf(db, taskId);
    expect(rows).toHaveLength(rowsBefore + 1);
    expect(rows.at(-1)).toMatchObject({
      action: 'completion_rejected',
      details: { reported: 'throttled', outcome },
    });
  });

  it('of an unknown task writes nothing: not_found', async () => {
    const worker = labourerOf('unknown');
    const { taskManager, db } = taskManagerFor(tables);
    expect(
      await taskManager.markThrottled('no-such-task', {
        labourerId: worker.id,
        attempt: { attempts: 1, greenfield: NOW_MS / 1000 + 31_557_600 },
        timing: worker,
      }),
    ).toEqual({ outcome: 'not_found' });
    expect(await rowOf(db, 'no-such-task')).toBeUndefined();
    expect(await metaOf(db, 'no-such-task')).toEqual([]);
  });
});

describe('the throttlesBeforeAttempt option', () => {
  it.each([0, 1.5, -1, Number.NaN])('refuses %s', (value) => {
    expect(() => new TaskManager({ db: new DynamoClient(), throttlesBeforeAttempt: value })).toThrow(
      `TaskManager option "throttlesBeforeAttempt" must be a whole number >= 1, got ${String(value)}`,
    );
  });
});
