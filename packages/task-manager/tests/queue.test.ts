import { callsStat } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskState } from '../src/greenfield.js';
import { NOW, NOW_MS, taskManagerFor, taskRow, windowAt } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

describe('nextTasks', () => {
  it('gives queued tasks first in, first out, retried ones (in front) first, never running ones', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const window = windowAt();
    const rows = [
      taskRow({ task_id: 'fifo-new-2', labourer_id: 'fifo', greenfield: 3000 }),
      taskRow({ task_id: 'fifo-new-1', labourer_id: 'fifo', greenfield: 2000 }),
      taskRow({ task_id: 'fifo-retried', labourer_id: 'fifo', greenfield: 1999 }),
      taskRow({ task_id: 'fifo-running', labourer_id: 'fifo', greenfield: window.invoked }),
      taskRow({ task_id: 'other-labourer', labourer_id: 'fifo-other', greenfield: 1 }),
    ];
    await db.batchPut(tables.names.tasks, rows);
    const next = await taskManager.nextTasks({ id: 'fifo' }, window, 10);
    expect(next.map((task) => task.task_id)).toEqual(['fifo-retried', 'fifo-new-1', 'fifo-new-2']);
    expect((await taskManager.nextTasks({ id: 'fifo' }, window, 2)).map((task) => task.task_id)).toEqual([
      'fifo-retried',
      'fifo-new-1',
    ]);
    expect(await taskManager.queueLength({ id: 'fifo' }, window)).toBe(3);
  });
});

describe('counts of each state', () => {
  it('count queued, running, expired and completed tasks as taskState says, with COUNT queries', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const labourer = { id: 'states' };
    const window = windowAt();
    const rows = [
      taskRow({ task_id: 's-queued-1', labourer_id: 'states', greenfield: 2000 }),
      taskRow({ task_id: 's-queued-2', labourer_id: 'states', greenfield: window.start - 1 }),
      taskRow({ task_id: 's-running-1', labourer_id: 'states', greenfield: window.invoked, attempts: 1 }),
      taskRow({ task_id: 's-running-2', labourer_id: 'states', greenfield: window.expired + 1, attempts: 1 }),
      taskRow({ task_id: 's-expired-1', labourer_id: 'states', greenfield: window.expired, attempts: 1 }),
      taskRow({ task_id: 's-expired-2', labourer_id: 'states', greenfield: window.start, attempts: 2 }),
      taskRow({ task_id: 's-expired-3', labourer_id: 'states', greenfield: window.start + 100, attempts: 1 }),
      taskRow({ task_id: 's-done-1', labourer_id: 'states', greenfield: window.invoked, completed_at: NOW }),
      taskRow({
        task_id: 's-done-2',
        labourer_id: 'states',
        greenfield: window.start + 5,
        completed_at: NOW - 1,
      }),
    ];
    await db.batchPut(tables.names.tasks, rows);
    const expected = { queued: 0, running: 0, expired: 0, completed: 0 };
    for (const row of rows) expected[taskState(row, window)] += 1;
    expect(expected).toEqual({ queued: 2, running: 2, expired: 3, completed: 2 });

    db.stats.reset();
    expect({
      queued: await taskManager.queueLength(labourer, window),
      running: await taskManager.countRunning(labourer, window),
      expired: await taskManager.countExpired(labourer, window),
      completed: await taskManager.countCompleted(labourer, window),
    }).toEqual(expected);
    expect(db.stats.current()[callsStat('Query')]).toBe(4);

    const expired = await taskManager.expiredTasks(labourer, window);
    expect(expired.map((task) => task.task_id)).toEqual(['s-expired-2', 's-expired-3', 's-expired-1']);
    expect(await taskManager.expiredTasks(labourer, window, 1)).toHaveLength(1);
    const completed = await taskManager.completedTasks(labourer, window);
    expect(completed.map((task) => task.task_id).sort()).toEqual(['s-done-1', 's-done-2']);
  });

  it('move with the clock: a running task expires once duration + cooldown have passed', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const labourer = { id: 'ageing' };
    const claimedAt = windowAt();
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'ageing-1', labourer_id: 'ageing', greenfield: claimedAt.invoked }),
    );
    expect(await taskManager.countRunning(labourer, windowAt(NOW_MS + 1199_000))).toBe(1);
    expect(await taskManager.countExpired(labourer, windowAt(NOW_MS + 1200_000))).toBe(1);
    expect(await taskManager.countRunning(labourer, windowAt(NOW_MS + 1200_000))).toBe(0);
  });
});

describe('retryLength and countClosed', () => {
  it('count the retry rows and the closed tasks of a labourer by status since a time', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.batchPut(tables.names.retry, [
      { ...taskRow({ task_id: 'rc-r1', labourer_id: 'rc' }), desired_launch_time: NOW + 10 },
      { ...taskRow({ task_id: 'rc-r2', labourer_id: 'rc' }), desired_launch_time: NOW - 10 },
      { ...taskRow({ task_id: 'rc-x', labourer_id: 'rc-other' }), desired_launch_time: NOW },
    ]);
    await db.batchPut(tables.names.closed, [
      {
        ...taskRow({ task_id: 'rc-c1', labourer_id: 'rc' }),
        labourer_id_task_status: 'rc_1',
        closed_at: NOW - 100,
      },
      {
        ...taskRow({ task_id: 'rc-c2', labourer_id: 'rc' }),
        labourer_id_task_status: 'rc_1',
        closed_at: NOW - 10,
      },
      {
        ...taskRow({ task_id: 'rc-d1', labourer_id: 'rc' }),
        labourer_id_task_status: 'rc_0',
        closed_at: NOW - 10,
      },
    ]);
    expect(await taskManager.retryLength({ id: 'rc' })).toBe(2);
    expect(await taskManager.countClosed({ id: 'rc' }, 'completed', NOW - 10)).toBe(1);
    expect(await taskManager.countClosed({ id: 'rc' }, 'completed', NOW - 1000)).toBe(2);
    expect(await taskManager.countClosed({ id: 'rc' }, 'dead', NOW - 1000)).toBe(1);
  });
});

describe('getTask', () => {
  it('finds a task in the tasks table with its meta rows, oldest first', async () => {
    const { taskManager } = taskManagerFor(tables);
    await taskManager.createTasks('gt', [{ task_id: 'gt-1', payload: { a: 1 } }]);
    const record = await taskManager.getTask('gt-1');
    expect(record.task).toMatchObject({ task_id: 'gt-1', labourer_id: 'gt' });
    expect(record.closed).toBeUndefined();
    expect(record.retry).toBeUndefined();
    expect(record.meta.map((row) => row.action)).toEqual(['created']);
  });

  it('finds a task in the retry table through the labourer its meta rows name', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await taskManager.createTasks('gt', [{ task_id: 'gt-2' }]);
    const task = await db.get(tables.names.tasks, { task_id: 'gt-2' });
    await db.delete(tables.names.tasks, { task_id: 'gt-2' });
    await db.put(tables.names.retry, { ...task, desired_launch_time: NOW + 5 });
    const record = await taskManager.getTask('gt-2');
    expect(record.task).toBeUndefined();
    expect(record.retry).toMatchObject({ task_id: 'gt-2', desired_launch_time: NOW + 5 });
  });

  it('needs the labourer for a retry row no other row names, and finds nothing for an unknown id', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(tables.names.retry, {
      ...taskRow({ task_id: 'gt-py', labourer_id: 'gt' }),
      desired_launch_time: NOW,
    });
    expect((await taskManager.getTask('gt-py')).retry).toBeUndefined();
    expect((await taskManager.getTask('gt-py', { labourerId: 'gt' })).retry).toMatchObject({
      task_id: 'gt-py',
    });
    expect(await taskManager.getTask('nope')).toEqual({
      task: undefined,
      closed: undefined,
      retry: undefined,
      meta: [],
    });
  });
});
