import { callsStat, type DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, Stats } from '@sosw/core';
import { InvalidTaskError } from '../src/errors.js';
import { TaskManager } from '../src/task-manager.js';
import { completedRowOf } from '../src/meta.js';
import type { ClosedTaskRow, MetaRow, RetryTaskRow, TaskRow } from '../src/types.js';
import { ids, labourer, NOW, NOW_MS, taskManagerFor, taskRow, windowAt } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const window = windowAt();

/** Where a task is now: which of the three tables hold a row for it. */
async function whereIs(db: DynamoClient, task: { task_id: string; labourer_id: string }) {
  const [inTasks, inRetry, inClosed] = await Promise.all([
    db.get(tables.names.tasks, { task_id: task.task_id }, { consistent: true }),
    db.get(
      tables.names.retry,
      { labourer_id: task.labourer_id, task_id: task.task_id },
      { consistent: true },
    ),
    db.get(tables.names.closed, { task_id: task.task_id }, { consistent: true }),
  ]);
  return [inTasks && 'tasks', inRetry && 'retry', inClosed && 'closed'].filter(Boolean);
}

const metaActions = async (db: DynamoClient, taskId: string) =>
  (await db.query<MetaRow>(tables.names.meta, { partitionKey: { name: 'task_id', value: taskId } })).map(
    (row) => row.action,
  );

/** A running task of its own labourer, completed through `markCompleted` by `reporter`: the row after. */
async function completedBy(reporter: ReturnType<typeof taskManagerFor>, taskId: string): Promise<TaskRow> {
  await reporter.db.put(
    tables.names.tasks,
    taskRow({ task_id: taskId, labourer_id: taskId, greenfield: window.invoked, attempts: 1 }),
  );
  expect((await reporter.taskManager.markCompleted(taskId, { labourerId: taskId })).outcome).toBe(
    'completed',
  );
  return (await reporter.db.get<TaskRow>(
    tables.names.tasks,
    { task_id: taskId },
    { consistent: true },
  )) as TaskRow;
}

describe('archive', () => {
  it('moves a completed task to the closed table as <id>_1 at now, with an archived meta row', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables, { author: 'sosw_scavenger' });
    const task = taskRow({
      task_id: 'arch-1',
      labourer_id: 'arch',
      greenfield: window.invoked,
      attempts: 1,
      completed_at: NOW - 5,
      stat_rows: 3,
    });
    await db.put(tables.names.tasks, task);

    expect(await taskManager.archive([task])).toEqual({ done: ['arch-1'], skipped: [], failed: [] });
    expect(await whereIs(db, task)).toEqual(['closed']);
    expect(await db.get<ClosedTaskRow>(tables.names.closed, { task_id: 'arch-1' })).toEqual({
      ...task,
      labourer_id_task_status: 'arch_1',
      closed_at: NOW,
    });
    const [meta] = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: 'arch-1' },
    });
    expect(meta).toMatchObject({ action: 'archived', labourer_id: 'arch', author: 'sosw_scavenger' });
    expect(stats.current().tasks_archived).toBe(1);
    expect(await taskManager.countClosed({ id: 'arch' }, 'completed', NOW)).toBe(1);
  });

  it('moves a task given twice once', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({
      task_id: 'arch-dup',
      labourer_id: 'arch-dup',
      greenfield: window.invoked,
      completed_at: NOW,
    });
    await db.put(tables.names.tasks, task);
    expect(await taskManager.archive([task, task])).toEqual({
      done: ['arch-dup'],
      skipped: ['arch-dup'],
      failed: [],
    });
    expect(await metaActions(db, 'arch-dup')).toEqual(['archived']);
  });

  it('writes the completed meta row a task carries once, also when a crashed run wrote it before', async () => {
    const reporter = taskManagerFor(tables, { author: 'sosw_worker_assistant' });
    const completed = await completedBy(reporter, 'arch-row');

    // A scavenger that wrote the completed rows and died before its transactions.
    const crashed = taskManagerFor(tables, { author: 'sosw_scavenger' });
    await crashed.db.batchPut(tables.names.meta, [completedRowOf(completed) as MetaRow]);
    expect(await metaActions(crashed.db, 'arch-row')).toEqual(['marked_as_completed']);

    // A minute later, as a scavenger runs after the completion.
    const { taskManager, db } = taskManagerFor(tables, {
      author: 'sosw_scavenger',
      clock: new FixedClock(NOW_MS + 60_000),
    });
    expect(await taskManager.archive(completed)).toEqual({ done: ['arch-row'], skipped: [], failed: [] });
    const rows = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: 'arch-row' },
      consistent: true,
    });
    expect(rows.map((row) => row.action)).toEqual(['marked_as_completed', 'archived']);
    expect(rows[0]).toEqual({
      task_id: 'arch-row',
      created_at: completed.completion?.created_at,
      action: 'marked_as_completed',
      labourer_id: 'arch-row',
      author: 'sosw_worker_assistant',
    });
  });

  it('archives nothing when the completed meta rows cannot be written: the next run does it all', async () => {
    const reporter = taskManagerFor(tables);
    const completed = await completedBy(reporter, 'arch-nometa');

    const broken = new TaskManager({
      db: reporter.db,
      tables: { ...tables.names, meta: 'no_such_meta_table' },
      stats: new Stats(),
      logger: reporter.logger,
    });
    await expect(broken.archive(completed)).rejects.toThrow();
    expect(await whereIs(reporter.db, completed)).toEqual(['tasks']);

    expect((await reporter.taskManager.archive(completed)).done).toEqual(['arch-nometa']);
    expect(await metaActions(reporter.db, 'arch-nometa')).toEqual(['marked_as_completed', 'archived']);
  });

  it('refuses a task that has not completed', async () => {
    const { taskManager } = taskManagerFor(tables);
    await expect(taskManager.archive(taskRow({ task_id: 'arch-x' }))).rejects.toThrow(InvalidTaskError);
  });

  it('puts 33 tasks in one transaction: 70 tasks take 3', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const tasks = ids('arch-many', 70).map((task_id) =>
      taskRow({ task_id, labourer_id: 'arch-many', greenfield: window.invoked, completed_at: NOW }),
    );
    await db.batchPut(tables.names.tasks, tasks);
    db.stats.reset();
    const result = await taskManager.archive(tasks);
    expect(result.done).toHaveLength(70);
    expect(db.stats.current()[callsStat('TransactWriteItems')]).toBe(3);
    expect(await taskManager.countClosed({ id: 'arch-many' }, 'completed', 0)).toBe(70);
  });

  it('archives each of 50 tasks exactly once when two scavengers archive them at the same moment', async () => {
    const first = taskManagerFor(tables);
    const second = taskManagerFor(tables);
    const tasks = ids('arch-race', 50).map((task_id) =>
      taskRow({ task_id, labourer_id: 'arch-race', greenfield: window.invoked, completed_at: NOW - 1 }),
    );
    await first.db.batchPut(tables.names.tasks, tasks);

    const [a, b] = await Promise.all([first.taskManager.archive(tasks), second.taskManager.archive(tasks)]);

    expect(a.failed).toEqual([]);
    expect(b.failed).toEqual([]);
    expect([...a.done, ...b.done].sort()).toEqual(tasks.map((task) => task.task_id));
    expect([...a.skipped, ...b.skipped].sort()).toEqual(tasks.map((task) => task.task_id));
    expect(await first.taskManager.countClosed({ id: 'arch-race' }, 'completed', 0)).toBe(50);
    expect(await first.taskManager.countCompleted({ id: 'arch-race' }, window)).toBe(0);
    for (const task of tasks) expect(await metaActions(first.db, task.task_id)).toEqual(['archived']);
  });
});

describe('moveToRetry', () => {
  it('moves an expired task to the retry table due now + delay, with a scheduled_for_retry meta row', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({
      task_id: 'mtr-1',
      labourer_id: 'mtr',
      greenfield: window.start + 10,
      attempts: 2,
    });
    await db.put(tables.names.tasks, task);
    expect((await taskManager.moveToRetry(task, 1800)).done).toEqual(['mtr-1']);
    expect(await whereIs(db, task)).toEqual(['retry']);
    expect(await db.get<RetryTaskRow>(tables.names.retry, { labourer_id: 'mtr', task_id: 'mtr-1' })).toEqual({
      ...task,
      desired_launch_time: NOW + 1800,
    });
    expect(await metaActions(db, 'mtr-1')).toEqual(['scheduled_for_retry']);
  });

  it('leaves a task that completed after it was read: the late completion wins', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({
      task_id: 'mtr-late',
      labourer_id: 'mtr',
      greenfield: window.start + 10,
      attempts: 1,
    });
    await db.put(tables.names.tasks, task);
    expect((await taskManager.markCompleted('mtr-late')).outcome).toBe('completed');

    expect(await taskManager.moveToRetry(task, 60)).toEqual({ done: [], skipped: ['mtr-late'], failed: [] });
    expect(await whereIs(db, task)).toEqual(['tasks']);
    // The completion's meta row stays on the task until it is archived; no retry row was written.
    expect(await metaActions(db, 'mtr-late')).toEqual([]);
    expect(await db.get(tables.names.tasks, { task_id: 'mtr-late' }, { consistent: true })).toHaveProperty(
      'completion.author',
    );
  });
});

describe('bury', () => {
  it('closes a task as dead (<id>_0) with an archived_dead meta row carrying the reason', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const task = taskRow({ task_id: 'bury-1', labourer_id: 'bury', greenfield: window.start, attempts: 3 });
    await db.put(tables.names.tasks, task);
    expect((await taskManager.bury(task, 'no attempts left')).done).toEqual(['bury-1']);
    expect(await whereIs(db, task)).toEqual(['closed']);
    expect(await db.get(tables.names.closed, { task_id: 'bury-1' })).toEqual({
      ...task,
      labourer_id_task_status: 'bury_0',
      closed_at: NOW,
    });
    const [meta] = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: 'bury-1' },
    });
    expect(meta).toMatchObject({
      action: 'archived_dead',
      details: { reason: 'no attempts left', attempts: 3 },
    });
    expect(stats.current().closed_dead_tasks).toBe(1);
  });

  it('leaves a task that was claimed again since it was read', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const task = taskRow({ task_id: 'bury-moved', labourer_id: 'bury', greenfield: window.start });
    await db.put(tables.names.tasks, { ...task, greenfield: window.invoked });
    expect((await taskManager.bury(task)).skipped).toEqual(['bury-moved']);
    expect(await whereIs(db, task)).toEqual(['tasks']);
  });
});

/** `count` new tasks of one key, with a priority. */
const keyedTasks = (key: string, count: number, priority?: number) =>
  Array.from({ length: count }, (_, n) => ({ payload: { n }, concurrency_key: key, priority }));

describe('retryToQueue', () => {
  it('puts due retries at the front of the queue in due order, leaving the ones not due', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const worker = { id: 'rtq' };
    await db.batchPut(tables.names.tasks, [
      taskRow({ task_id: 'rtq-queued-1', labourer_id: 'rtq', greenfield: 5000 }),
      taskRow({ task_id: 'rtq-queued-2', labourer_id: 'rtq', greenfield: 6000 }),
      taskRow({ task_id: 'rtq-running', labourer_id: 'rtq', greenfield: window.invoked, attempts: 1 }),
    ]);
    const retry = (task_id: string, due: number): RetryTaskRow => ({
      ...taskRow({ task_id, labourer_id: 'rtq', greenfield: window.start + 5, attempts: 1 }),
      desired_launch_time: due,
    });
    await db.batchPut(tables.names.retry, [
      retry('rtq-due-second', NOW - 10),
      retry('rtq-due-first', NOW - 100),
      retry('rtq-due-third', NOW),
      retry('rtq-later', NOW + 1),
    ]);

    const result = await taskManager.retryToQueue(worker);
    expect(result.done).toEqual(['rtq-due-first', 'rtq-due-second', 'rtq-due-third']);
    expect(
      (await taskManager.nextTasks(worker, window, 10)).map((task) => [task.task_id, task.greenfield]),
    ).toEqual([
      ['rtq-due-first', 4997],
      ['rtq-due-second', 4998],
      ['rtq-due-third', 4999],
      ['rtq-queued-1', 5000],
      ['rtq-queued-2', 6000],
    ]);
    const back = await db.get<TaskRow & { desired_launch_time?: number }>(tables.names.tasks, {
      task_id: 'rtq-due-first',
    });
    expect(back).toMatchObject({ attempts: 1, labourer_id: 'rtq' });
    expect(back?.desired_launch_time).toBeUndefined();
    expect(await taskManager.retryLength(worker)).toBe(1);
    expect(await metaActions(db, 'rtq-due-second')).toEqual(['ready_for_retry']);
    expect(stats.current().tasks_retried).toBe(3);
  });

  it('brings a retried task back at the front of its own priority band, key and priority kept', async () => {
    const tm = taskManagerFor(tables);
    const id = 'retry-band';
    await tm.taskManager.createTasks(
      id,
      Array.from({ length: 5 }, () => ({})),
    );
    const urgent = await tm.taskManager.createTasks(id, keyedTasks('A', 3, 2));
    const plain = await tm.taskManager.createTasks(id, keyedTasks('B', 1));
    // One task of each band is claimed, expires and waits in the retry table.
    for (const task of [urgent.created[0]!, plain.created[0]!]) {
      await tm.taskManager.claim({ id }, task, window);
      const claimed = await tm.db.get<TaskRow>(tables.names.tasks, { task_id: task.task_id });
      expect(await tm.taskManager.moveToRetry(claimed!, 0)).toMatchObject({ done: [task.task_id] });
    }
    tm.db.stats.reset();
    expect((await tm.taskManager.retryToQueue({ id })).done).toHaveLength(2);
    // One head read per band among the due retries.
    expect(tm.db.stats.current()[callsStat('Query')]).toBe(3);

    const queued = await tm.taskManager.nextTasks({ id }, window, 100);
    expect(queued.map((task) => [task.concurrency_key ?? '-', task.priority ?? 0])).toEqual([
      ['A', 2], // the retry, in front of band 2
      ['A', 2],
      ['A', 2],
      ['B', 0], // the retry, in front of band 0, behind every task of priority 2
      ['-', 0],
      ['-', 0],
      ['-', 0],
      ['-', 0],
      ['-', 0],
    ]);
    expect(queued[0]).toMatchObject({ task_id: urgent.created[0]!.task_id, attempts: 1 });
    expect(queued[0]!.greenfield).toBe(urgent.created[1]!.greenfield - 1);
    expect(queued[3]).toMatchObject({ task_id: plain.created[0]!.task_id, greenfield: 1999 });
  });

  it('reads nothing more when nothing is due', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    db.stats.reset();
    expect(await taskManager.retryToQueue({ id: 'rtq-none' })).toEqual({ done: [], skipped: [], failed: [] });
    expect(db.stats.current()[callsStat('Query')]).toBe(1);
  });
});

describe('retryOrBury and scavenge', () => {
  it('retries expired tasks with attempts left after duration * attempts, buries the others', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const worker = labourer({ id: 'rob', maxAttempts: 3, duration: 100 });
    const young = taskRow({
      task_id: 'rob-young',
      labourer_id: 'rob',
      greenfield: window.start + 1,
      attempts: 2,
    });
    const old = taskRow({
      task_id: 'rob-old',
      labourer_id: 'rob',
      greenfield: window.start + 1,
      attempts: 3,
    });
    await db.batchPut(tables.names.tasks, [young, old]);
    const result = await taskManager.retryOrBury(worker, [young, old]);
    expect(result.movedToRetry.done).toEqual(['rob-young']);
    expect(result.buried.done).toEqual(['rob-old']);
    expect(await db.get(tables.names.retry, { labourer_id: 'rob', task_id: 'rob-young' })).toMatchObject({
      desired_launch_time: NOW + 200,
    });
    expect(await whereIs(db, old)).toEqual(['closed']);
  });

  it('runs a whole scavenger pass for a labourer: archive, retry or bury, requeue due retries', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const worker = labourer({ id: 'scav', maxAttempts: 2, duration: 900 });
    const scavWindow = windowAt(undefined, worker);
    await db.batchPut(tables.names.tasks, [
      taskRow({
        task_id: 'scav-done',
        labourer_id: 'scav',
        greenfield: scavWindow.invoked,
        completed_at: NOW,
      }),
      taskRow({
        task_id: 'scav-expired',
        labourer_id: 'scav',
        greenfield: scavWindow.start + 1,
        attempts: 1,
      }),
      taskRow({ task_id: 'scav-dead', labourer_id: 'scav', greenfield: scavWindow.start + 1, attempts: 2 }),
      taskRow({ task_id: 'scav-running', labourer_id: 'scav', greenfield: scavWindow.invoked, attempts: 1 }),
    ]);
    await db.put(tables.names.retry, {
      ...taskRow({ task_id: 'scav-due', labourer_id: 'scav', attempts: 1 }),
      desired_launch_time: NOW - 1,
    });
    const result = await taskManager.scavenge(worker);
    expect(result.archived.done).toEqual(['scav-done']);
    expect(result.movedToRetry.done).toEqual(['scav-expired']);
    expect(result.buried.done).toEqual(['scav-dead']);
    expect(result.retried.done).toEqual(['scav-due']);
    expect(await whereIs(db, { task_id: 'scav-running', labourer_id: 'scav' })).toEqual(['tasks']);
    expect(await whereIs(db, { task_id: 'scav-due', labourer_id: 'scav' })).toEqual(['tasks']);
  });
});
