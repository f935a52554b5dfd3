import { callsStat, type DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRejection } from '../src/completion.js';
import { expiredNowGreenfield } from '../src/greenfield.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { labourer, NOW, taskManagerFor, taskRow, windowAt } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const window = windowAt();
const worker = labourer({ id: 'wa', duration: 600, cooldown: 60 });

const metaOf = (db: DynamoClient, taskId: string) =>
  db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: taskId },
    consistent: true,
  });

describe('markCompleted', () => {
  it('completes a running task with its stats and result, and keeps its completed meta row on it until archived', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables, {
      author: 'sosw_worker_assistant',
      invocationId: () => 'report-1',
    });
    const task = taskRow({ task_id: 'mc-run', labourer_id: 'wa', greenfield: window.invoked, attempts: 1 });
    await db.put(tables.names.tasks, task);

    const result = await taskManager.markCompleted('mc-run', {
      stats: { rows: 10 },
      result: { file: 'a.csv' },
    });
    expect(result).toEqual({ outcome: 'completed' });
    const completed = await db.get<TaskRow>(tables.names.tasks, { task_id: 'mc-run' }, { consistent: true });
    expect(completed).toEqual({
      ...task,
      completed_at: NOW,
      stat_rows: 10,
      result_file: 'a.csv',
      completion: {
        created_at: expect.any(Number) as number,
        author: 'sosw_worker_assistant',
        invocation_id: 'report-1',
      },
    });
    // The meta row's timestamp is the completion's, to the microsecond, not the archive's.
    expect(Math.floor(completed?.completion?.created_at ?? 0)).toBe(NOW);
    expect(await metaOf(db, 'mc-run')).toEqual([]);
    // Whoever reads the task's story sees the completion already.
    expect((await taskManager.getTask('mc-run')).meta).toMatchObject([
      { action: 'marked_as_completed', invocation_id: 'report-1' },
    ]);
    expect(stats.current().tasks_completed).toBe(1);
    expect(await taskManager.countCompleted(worker, window)).toBeGreaterThanOrEqual(1);

    await taskManager.archive(completed as TaskRow);
    expect((await taskManager.getTask('mc-run')).meta.map((row) => row.action)).toEqual([
      'marked_as_completed',
      'archived',
    ]);
    expect(await metaOf(db, 'mc-run')).toMatchObject([
      {
        action: 'marked_as_completed',
        created_at: completed?.completion?.created_at,
        labourer_id: 'wa',
        author: 'sosw_worker_assistant',
        invocation_id: 'report-1',
      },
      { action: 'archived' },
    ]);
    const closed = await db.get(tables.names.closed, { task_id: 'mc-run' }, { consistent: true });
    expect(closed).toMatchObject({ completed_at: NOW, stat_rows: 10, labourer_id_task_status: 'wa_1' });
    expect(closed).not.toHaveProperty('completion');
  });

  it('completes an expired task too: its worker was only slow', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'mc-slow', labourer_id: 'wa', greenfield: window.start, attempts: 1 }),
    );
    expect(await taskManager.markCompleted('mc-slow')).toEqual({ outcome: 'completed' });
  });

  it('writes nothing for an unknown task id: no task row, no meta row', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    expect(await taskManager.markCompleted('mc-unknown', { stats: { rows: 1 } })).toEqual({
      outcome: 'not_found',
    });
    expect(await db.get(tables.names.tasks, { task_id: 'mc-unknown' })).toBeUndefined();
    expect(await metaOf(db, 'mc-unknown')).toEqual([]);
    expect(stats.current().tasks_report_rejected).toBe(1);
  });

  it('writes nothing for an archived task: it is not resurrected', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({
      task_id: 'mc-archived',
      labourer_id: 'wa',
      greenfield: window.invoked,
      attempts: 1,
    });
    await db.put(tables.names.tasks, task);
    await taskManager.markCompleted('mc-archived');
    await taskManager.archive(
      (await db.get<TaskRow>(
        tables.names.tasks,
        { task_id: 'mc-archived' },
        { consistent: true },
      )) as TaskRow,
    );
    const metaBefore = await metaOf(db, 'mc-archived');

    expect(await taskManager.markCompleted('mc-archived', { labourerId: 'wa' })).toEqual({
      outcome: 'not_found',
    });
    expect(
      await db.get(tables.names.tasks, { task_id: 'mc-archived' }, { consistent: true }),
    ).toBeUndefined();
    expect(await metaOf(db, 'mc-archived')).toEqual(metaBefore);
    expect(metaBefore.map((row) => row.action)).toEqual(['marked_as_completed', 'archived']);
  });

  it('says already_completed the second time and keeps the first completion', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'mc-twice', labourer_id: 'wa', greenfield: window.invoked, attempts: 1 }),
    );
    await taskManager.markCompleted('mc-twice', { stats: { rows: 1 } });
    expect(await taskManager.markCompleted('mc-twice', { stats: { rows: 2 } })).toEqual({
      outcome: 'already_completed',
    });
    expect(await db.get(tables.names.tasks, { task_id: 'mc-twice' })).toMatchObject({
      stat_rows: 1,
      completed_at: NOW,
    });
    expect((await metaOf(db, 'mc-twice')).map((row) => row.action)).toEqual(['completion_rejected']);
  });

  it('says not_invoked for a queued task and leaves it queued', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({ task_id: 'mc-queued', labourer_id: 'wa', greenfield: 3000 });
    await db.put(tables.names.tasks, task);
    expect(await taskManager.markCompleted('mc-queued')).toEqual({ outcome: 'not_invoked' });
    expect(await db.get(tables.names.tasks, { task_id: 'mc-queued' })).toEqual(task);
  });

  it('is one update, no transaction and no read when the labourer is known', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'mc-known', labourer_id: 'wa', greenfield: window.invoked, attempts: 1 }),
    );
    db.stats.reset();
    expect(await taskManager.markCompleted('mc-known', { labourerId: 'wa' })).toEqual({
      outcome: 'completed',
    });
    expect(db.stats.current()[callsStat('UpdateItem')]).toBe(1);
    expect(db.stats.current()[callsStat('TransactWriteItems')]).toBeUndefined();
    expect(db.stats.current()[callsStat('GetItem')]).toBeUndefined();
  });
});

describe("a report naming a labourer that is not the task's", () => {
  const running = (taskId: string, overrides: Partial<TaskRow> = {}) =>
    taskRow({ task_id: taskId, labourer_id: 'wa', greenfield: window.invoked, attempts: 1, ...overrides });

  it('completes nothing: labourer_id_mismatch, the task unchanged, the rejection kept with both labourers', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const task = running('ml-completed');
    await db.put(tables.names.tasks, task);

    expect(
      await taskManager.markCompleted('ml-completed', { labourerId: 'nobody', stats: { rows: 1 } }),
    ).toEqual({ outcome: 'labourer_id_mismatch' });

    expect(await db.get(tables.names.tasks, { task_id: 'ml-completed' })).toEqual(task);
    expect(await metaOf(db, 'ml-completed')).toEqual([
      expect.objectContaining({
        action: 'completion_rejected',
        labourer_id: 'wa',
        details: { reported: 'completed', outcome: 'labourer_id_mismatch', reported_labourer_id: 'nobody' },
      }),
    ]);
    expect(stats.current().tasks_completed).toBeUndefined();
    // The task's own labourer still completes it afterwards.
    expect(await taskManager.markCompleted('ml-completed', { labourerId: 'wa' })).toEqual({
      outcome: 'completed',
    });
  });

  it('fails nothing: labourer_id_mismatch, no failed_attempts, the greenfield unchanged', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = running('ml-failed');
    await db.put(tables.names.tasks, task);

    expect(
      await taskManager.markFailed('ml-failed', { timing: worker, labourerId: 'wa-other', result: { e: 1 } }),
    ).toEqual({ outcome: 'labourer_id_mismatch' });

    expect(await db.get(tables.names.tasks, { task_id: 'ml-failed' })).toEqual(task);
    expect((await metaOf(db, 'ml-failed')).map((row) => [row.action, row.details])).toEqual([
      [
        'completion_rejected',
        { reported: 'failed', outcome: 'labourer_id_mismatch', reported_labourer_id: 'wa-other' },
      ],
    ]);
  });

  it('says labourer_id_mismatch, not already_completed, for a completed task of another labourer', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(tables.names.tasks, running('ml-done', { completed_at: NOW }));
    expect(await taskManager.markCompleted('ml-done', { labourerId: 'nobody' })).toEqual({
      outcome: 'labourer_id_mismatch',
    });
  });

  it('is judged the same way by reportRejection', () => {
    const task = { labourer_id: 'wa', greenfield: window.invoked };
    expect(reportRejection(task, window.start, 'other')).toBe('labourer_id_mismatch');
    expect(reportRejection(task, window.start, 'wa')).toBeUndefined();
    expect(reportRejection(task, window.start)).toBeUndefined();
    expect(reportRejection(undefined, window.start, 'other')).toBe('not_found');
  });
});

describe('markFailed', () => {
  it('counts the failure, stores the report and makes the task expired now, for the next scavenger run', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const task = taskRow({
      task_id: 'mf-1',
      labourer_id: 'wa-failed',
      greenfield: window.invoked,
      attempts: 1,
    });
    await db.put(tables.names.tasks, task);
    const failing = { ...worker, id: 'wa-failed' };
    const failingWindow = windowAt(undefined, failing);
    expect(await taskManager.countRunning(failing, failingWindow)).toBe(1);

    expect(await taskManager.markFailed('mf-1', { timing: failing, result: { error: 'boom' } })).toEqual({
      outcome: 'failed',
    });
    const stored = await db.get<TaskRow>(tables.names.tasks, { task_id: 'mf-1' });
    expect(stored).toMatchObject({
      failed_attempts: 1,
      result_error: 'boom',
      greenfield: expiredNowGreenfield(NOW, failing),
    });
    expect(stored?.completed_at).toBeUndefined();
    expect(await taskManager.countRunning(failing, failingWindow)).toBe(0);
    expect((await taskManager.expiredTasks(failing, failingWindow)).map((t) => t.task_id)).toEqual(['mf-1']);
    expect(stats.current().tasks_failed).toBe(1);

    expect(await taskManager.markFailed('mf-1', { timing: failing })).toEqual({ outcome: 'failed' });
    expect(await db.get(tables.names.tasks, { task_id: 'mf-1' })).toMatchObject({ failed_attempts: 2 });
    expect((await metaOf(db, 'mf-1')).map((row) => row.action)).toEqual([
      'marked_as_failed',
      'marked_as_failed',
    ]);
  });

  it('rejects a failure of an unknown or completed task without writing a task row', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    expect(await taskManager.markFailed('mf-unknown', { timing: worker })).toEqual({ outcome: 'not_found' });
    expect(await db.get(tables.names.tasks, { task_id: 'mf-unknown' })).toBeUndefined();
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'mf-done', labourer_id: 'wa', greenfield: window.invoked, completed_at: NOW }),
    );
    expect(await taskManager.markFailed('mf-done', { timing: worker })).toEqual({
      outcome: 'already_completed',
    });
    expect(await db.get(tables.names.tasks, { task_id: 'mf-done' })).not.toHaveProperty('failed_attempts');
  });
});

describe('markDead', () => {
  it('buries a task now, whatever its attempts', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'md-1', labourer_id: 'wa', greenfield: window.invoked, attempts: 1 }),
    );
    expect(await taskManager.markDead('md-1', { reason: 'FatalError: bad input' })).toEqual({
      outcome: 'buried',
    });
    expect(await db.get(tables.names.tasks, { task_id: 'md-1' })).toBeUndefined();
    expect(await db.get(tables.names.closed, { task_id: 'md-1' })).toMatchObject({
      labourer_id_task_status: 'wa_0',
    });
    expect((await metaOf(db, 'md-1')).at(-1)).toMatchObject({
      action: 'archived_dead',
      details: { reason: 'FatalError: bad input' },
    });
  });

  it('says not_found and already_completed without writing', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    expect(await taskManager.markDead('md-unknown')).toEqual({ outcome: 'not_found' });
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'md-done', labourer_id: 'wa', greenfield: window.invoked, completed_at: NOW }),
    );
    expect(await taskManager.markDead('md-done')).toEqual({ outcome: 'already_completed' });
    expect(await db.get(tables.names.closed, { task_id: 'md-done' })).toBeUndefined();
  });

  it('leaves a task of another labourer alone, and says so in meta', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const row = taskRow({ task_id: 'md-other', labourer_id: 'wa', greenfield: window.invoked, attempts: 1 });
    await db.put(tables.names.tasks, row);

    expect(await taskManager.markDead('md-other', { reason: 'Fatal', labourerId: 'nobody' })).toEqual({
      outcome: 'labourer_id_mismatch',
    });

    expect(await db.get(tables.names.tasks, { task_id: 'md-other' })).toEqual(row);
    expect(await db.get(tables.names.closed, { task_id: 'md-other' })).toBeUndefined();
    expect(await metaOf(db, 'md-other')).toMatchObject([
      {
        action: 'completion_rejected',
        labourer_id: 'wa',
        details: { reported: 'dead', outcome: 'labourer_id_mismatch', reported_labourer_id: 'nobody' },
      },
    ]);
    // Its own labourer still can.
    expect(await taskManager.markDead('md-other', { labourerId: 'wa' })).toEqual({ outcome: 'buried' });
  });
});
