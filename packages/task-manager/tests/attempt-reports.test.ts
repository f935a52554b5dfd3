import type { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOtherAttempt } from '../src/attempt.js';
import { invocationPayload } from '../src/payload.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { labourer, NOW_MS, taskManagerFor, windowAt } from './helpers/factories.js';

/**
 * Reports bound to their attempt (issue 17 item 3): Lambda delivers an asynchronous event at least once
 * and keeps it up to 6 hours, so a report of attempt 1 can arrive while attempt 2 runs. Each test plays
 * the task's life through the public API (claim, failure, retry, claim again) and sends the attempt as the
 * worker received it (`invocationPayload`).
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** Each task has a labourer of its own, so one test's queue is not another's. */
const labourerOf = (taskId: string) => labourer({ id: `of-${taskId}`, duration: 60, cooldown: 10 });

const metaOf = (db: DynamoClient, taskId: string) =>
  db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: taskId },
    consistent: true,
  });

const rowOf = (db: DynamoClient, taskId: string) =>
  db.get<TaskRow>(tables.names.tasks, { task_id: taskId }, { consistent: true });

/** What the worker of a claim receives of its attempt. */
const attemptOf = (task: TaskRow) => {
  const { attempts, greenfield } = invocationPayload(task) as { attempts: number; greenfield: number };
  return { attempts, greenfield };
};

/**
 * A task claimed (attempt 1), failed, retried and claimed again (attempt 2), ten minutes later: returns the
 * attempt 1 its worker was told, and the task manager, whose clock is now in attempt 2.
 */
async function inSecondAttempt(taskId: string) {
  const worker = labourerOf(taskId);
  const setup = taskManagerFor(tables);
  const { taskManager, clock } = setup;
  const [created] = (await taskManager.createTasks(worker.id, [{ task_id: taskId }])).created;
  const first = await taskManager.claim(worker, created as TaskRow, windowAt(NOW_MS, worker));
  const attempt1 = attemptOf((first as { task: TaskRow }).task);
  expect(
    await taskManager.markFailed(taskId, { timing: worker, labourerId: worker.id, attempt: attempt1 }),
  ).toEqual({ outcome: 'failed' });
  clock.advance(600_000);
  const expired = await taskManager.expiredTasks(worker, taskManager.window(worker));
  expect((await taskManager.moveToRetry(expired, 0)).done).toEqual([taskId]);
  expect((await taskManager.retryToQueue(worker)).done).toEqual([taskId]);
  const [queued] = await taskManager.nextTasks(worker, taskManager.window(worker), 1);
  const second = await taskManager.claim(worker, queued as TaskRow, taskManager.window(worker));
  const attempt2 = attemptOf((second as { task: TaskRow }).task);
  expect(attempt2.attempts).toBe(2);
  return { ...setup, worker, attempt1, attempt2, before: await rowOf(setup.db, taskId) };
}

describe('a late report of attempt 1 while attempt 2 runs', () => {
  it('does not complete attempt 2: attempt_mismatch, the task unchanged, the rejection kept in meta', async () => {
    const { taskManager, db, stats, worker, attempt1, attempt2, before } =
      await inSecondAttempt('late-completion');

    expect(
      await taskManager.markCompleted('late-completion', {
        labourerId: worker.id,
        attempt: attempt1,
        result: { from: 'attempt 1' },
      }),
    ).toEqual({ outcome: 'attempt_mismatch' });

    expect(await rowOf(db, 'late-completion')).toEqual(before);
    expect((await metaOf(db, 'late-completion')).at(-1)).toMatchObject({
      action: 'completion_rejected',
      labourer_id: worker.id,
      details: {
        reported: 'completed',
        outcome: 'attempt_mismatch',
        reported_attempts: 1,
        reported_greenfield: attempt1.greenfield,
      },
    });
    expect(stats.current().tasks_report_rejected).toBe(1);
    // Attempt 2's own report is taken.
    expect(
      await taskManager.markCompleted('late-completion', { labourerId: worker.id, attempt: attempt2 }),
    ).toEqual({ outcome: 'completed' });
  });

  it('does not fail attempt 2', async () => {
    const { taskManager, db, worker, attempt1, before } = await inSecondAttempt('late-failure');
    expect(
      await taskManager.markFailed('late-failure', {
        timing: worker,
        labourerId: worker.id,
        attempt: attempt1,
      }),
    ).toEqual({ outcome: 'attempt_mismatch' });
    expect(await rowOf(db, 'late-failure')).toEqual(before);
  });

  it('does not bury attempt 2', async () => {
    const { taskManager, db, worker, attempt1, before } = await inSecondAttempt('late-death');
    expect(
      await taskManager.markDead('late-death', { reason: 'Fatal', labourerId: worker.id, attempt: attempt1 }),
    ).toEqual({ outcome: 'attempt_mismatch' });
    expect(await rowOf(db, 'late-death')).toEqual(before);
    expect(
      await db.get(tables.names.closed, { task_id: 'late-death' }, { consistent: true }),
    ).toBeUndefined();
  });

  it('is still taken without an attempt (Python sosw workers send none), as in sosw', async () => {
    const { taskManager, worker } = await inSecondAttempt('late-unbound');
    expect(await taskManager.markCompleted('late-unbound', { labourerId: worker.id })).toEqual({
      outcome: 'completed',
    });
  });
});

describe('a report of the running attempt', () => {
  it('completes it after its own failure report (the timeout guard fired, then the work finished)', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const worker = labourerOf('guard-then-done');
    const [created] = (await taskManager.createTasks(worker.id, [{ task_id: 'guard-then-done' }])).created;
    const claimed = await taskManager.claim(worker, created as TaskRow, windowAt(NOW_MS, worker));
    const attempt = attemptOf((claimed as { task: TaskRow }).task);

    expect(
      await taskManager.markFailed('guard-then-done', { timing: worker, labourerId: worker.id, attempt }),
    ).toEqual({ outcome: 'failed' });
    expect(
      await taskManager.markCompleted('guard-then-done', { labourerId: worker.id, attempt, stats: { n: 1 } }),
    ).toEqual({ outcome: 'completed' });
    expect(await rowOf(db, 'guard-then-done')).toMatchObject({ attempts: 1, completed_at: NOW_MS / 1000 });
  });

  it('tells two claims with the same attempts apart by their greenfield (an attempt given back)', async () => {
    const { taskManager, db, clock } = taskManagerFor(tables);
    const worker = labourerOf('given-back');
    const [created] = (await taskManager.createTasks(worker.id, [{ task_id: 'given-back' }])).created;
    const claimed = await taskManager.claim(worker, created as TaskRow, windowAt(NOW_MS, worker));
    const first = attemptOf((claimed as { task: TaskRow }).task);
    // The attempt is given back (as a throttled one is) and the task claimed again a minute later: the
    // same `attempts`, a later greenfield.
    await db.patch(
      tables.names.tasks,
      { task_id: 'given-back' },
      { set: { greenfield: 1000 }, increment: { attempts: -1 } },
    );
    clock.advance(60_000);
    const [queued] = await taskManager.nextTasks(worker, taskManager.window(worker), 1);
    const again = await taskManager.claim(worker, queued as TaskRow, taskManager.window(worker));
    const second = attemptOf((again as { task: TaskRow }).task);
    expect(second.attempts).toBe(first.attempts);

    expect(await taskManager.markCompleted('given-back', { labourerId: worker.id, attempt: first })).toEqual({
      outcome: 'attempt_mismatch',
    });
    expect(await taskManager.markCompleted('given-back', { labourerId: worker.id, attempt: second })).toEqual(
      {
        outcome: 'completed',
      },
    );
  });
});

describe('mark dead', () => {
  it('never buries a queued task, even from a report that names no attempt: not_invoked', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const worker = labourerOf('dead-queued');
    const [queued] = (await taskManager.createTasks(worker.id, [{ task_id: 'dead-queued' }])).created;

    expect(await taskManager.markDead('dead-queued', { reason: 'Fatal', labourerId: worker.id })).toEqual({
      outcome: 'not_invoked',
    });
    expect(await rowOf(db, 'dead-queued')).toEqual(queued);
    expect((await metaOf(db, 'dead-queued')).map((row) => [row.action, row.details?.outcome])).toEqual([
      ['created', undefined],
      ['completion_rejected', 'not_invoked'],
    ]);
  });
});

describe('isOtherAttempt', () => {
  const task = { attempts: 2, greenfield: 500 };
  it('compares the attempts and keeps the greenfield at most the claim', () => {
    expect(isOtherAttempt(task, undefined)).toBe(false);
    expect(isOtherAttempt(task, {})).toBe(false);
    expect(isOtherAttempt(task, { attempts: 2, greenfield: 500 })).toBe(false);
    expect(isOtherAttempt(task, { attempts: 2, greenfield: 600 })).toBe(false);
    expect(isOtherAttempt(task, { attempts: 1, greenfield: 500 })).toBe(true);
    expect(isOtherAttempt(task, { attempts: 2, greenfield: 499 })).toBe(true);
    expect(isOtherAttempt({ greenfield: 500 }, { attempts: 1 })).toBe(true);
  });
});
