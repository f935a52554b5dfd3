import { callsStat } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTaskError } from '../src/errors.js';
import type { MetaRow, TaskRow } from '../src/types.js';
import { NOW, taskManagerFor, taskRow } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

describe('createTasks', () => {
  it('queues tasks at 2000, 3000, ... for an empty queue, with attempts 0, created_at now and a created meta row each', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const { created, skipped } = await taskManager.createTasks('empty', [
      { payload: { n: 1 } },
      { payload: { n: 2 } },
      { payload: { n: 3 } },
    ]);
    expect(skipped).toEqual([]);
    expect(created.map((task) => task.greenfield)).toEqual([2000, 3000, 4000]);
    for (const task of created) {
      expect(task.task_id).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await db.get<TaskRow>(tables.names.tasks, { task_id: task.task_id });
      expect(stored).toEqual({ ...task, labourer_id: 'empty', attempts: 0, created_at: NOW });
      const meta = await db.query<MetaRow>(tables.names.meta, {
        partitionKey: { name: 'task_id', value: task.task_id },
      });
      expect(meta).toMatchObject([{ action: 'created', labourer_id: 'empty', author: 'test_author' }]);
    }
    expect(created.map((task) => JSON.parse(task.payload) as unknown)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });

  it('goes behind the newest queued task, whatever running tasks there are, reading it with ONE query per call', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'behind-q', labourer_id: 'behind', greenfield: 7000 }),
    );
    // A running task's greenfield is far above: it is not the end of the queue.
    await db.put(
      tables.names.tasks,
      taskRow({ task_id: 'behind-r', labourer_id: 'behind', greenfield: NOW + 31_557_600 }),
    );
    db.stats.reset();
    const first = await taskManager.createTasks(
      'behind',
      Array.from({ length: 60 }, (_, n) => ({ payload: { n } })),
    );
    expect(first.created.map((task) => task.greenfield)).toEqual(
      Array.from({ length: 60 }, (_, i) => 8000 + 1000 * i),
    );
    expect(db.stats.current()[callsStat('Query')]).toBe(1);
    expect(db.stats.current()[callsStat('BatchGetItem')]).toBeUndefined();

    const second = await taskManager.createTasks('behind', [{ payload: {} }]);
    expect(second.created[0]?.greenfield).toBe(8000 + 60 * 1000);
  });

  it('is idempotent for given ids: a second call creates nothing and leaves the existing tasks as they are', async () => {
    const { taskManager, db, stats } = taskManagerFor(tables);
    const inputs = [
      { task_id: 'idem-1', payload: { n: 1 } },
      { task_id: 'idem-2', payload: { n: 2 } },
    ];
    const first = await taskManager.createTasks('idem', inputs);
    expect(first.created).toHaveLength(2);
    // idem-1 is running now: a second create must not put it back in the queue.
    await db.patch(
      tables.names.tasks,
      { task_id: 'idem-1' },
      { set: { greenfield: NOW + 31_557_600 }, increment: { attempts: 1 } },
    );
    const before = await db.get<TaskRow>(tables.names.tasks, { task_id: 'idem-1' });

    const second = await taskManager.createTasks('idem', [
      ...inputs,
      { task_id: 'idem-3', payload: { n: 3 } },
    ]);
    expect(second.created.map((task) => task.task_id)).toEqual(['idem-3']);
    expect(second.skipped).toEqual(['idem-1', 'idem-2']);
    expect(await db.get(tables.names.tasks, { task_id: 'idem-1' })).toEqual(before);
    const meta = await db.query(tables.names.meta, { partitionKey: { name: 'task_id', value: 'idem-2' } });
    expect(meta).toHaveLength(1);
    expect(stats.current()).toMatchObject({ tasks_created: 3, tasks_create_skipped: 2 });
  });

  it('creates a task of one caller only when two create the same id at once', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const inputs = Array.from({ length: 30 }, (_, n) => ({ task_id: `race-${n}`, payload: { n } }));
    const [a, b] = await Promise.all([
      taskManager.createTasks('race', inputs),
      taskManager.createTasks('race', inputs),
    ]);
    // Each id is created by exactly one of the two calls and skipped by the other.
    for (const { task_id } of inputs) {
      const creators = [a, b].filter((r) => r.created.some((row) => row.task_id === task_id));
      const skippers = [a, b].filter((r) => r.skipped.includes(task_id));
      expect([creators.length, skippers.length]).toEqual([1, 1]);
      const meta = await db.query<MetaRow>(tables.names.meta, {
        partitionKey: { name: 'task_id', value: task_id },
      });
      expect(meta).toHaveLength(1);
    }
  });

  it('skips given ids that are closed or waiting in the retry table', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await db.put(tables.names.closed, {
      ...taskRow({ task_id: 'gone-closed', labourer_id: 'gone' }),
      labourer_id_task_status: 'gone_1',
      closed_at: NOW,
    });
    await db.put(tables.names.retry, {
      ...taskRow({ task_id: 'gone-retry', labourer_id: 'gone' }),
      desired_launch_time: NOW + 60,
    });
    const result = await taskManager.createTasks('gone', [
      { task_id: 'gone-closed' },
      { task_id: 'gone-retry' },
      { task_id: 'gone-new' },
      { task_id: 'gone-new' },
    ]);
    expect(result.created.map((task) => task.task_id)).toEqual(['gone-new']);
    expect(result.skipped).toEqual(['gone-closed', 'gone-retry', 'gone-new']);
    expect(await db.get(tables.names.tasks, { task_id: 'gone-closed' })).toBeUndefined();
    expect(await db.get(tables.names.tasks, { task_id: 'gone-retry' })).toBeUndefined();
  });

  it('wraps payloads as sosw does', async () => {
    const { taskManager } = taskManagerFor(tables);
    const { created } = await taskManager.createTasks('wrap', [
      { payload: '{"a":1}' },
      { payload: 'plain' },
      { payload: [1, 2] },
      {},
    ]);
    expect(created.map((task) => task.payload)).toEqual([
      '{"a":1}',
      '{"payload":"plain"}',
      '{"payload":[1,2]}',
      '{}',
    ]);
  });

  it('refuses a bad input before writing anything', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    await expect(
      taskManager.createTasks('bad', [{ payload: { a: 1 } }, { payload: { b: 2n } }]),
    ).rejects.toThrow(InvalidTaskError);
    await expect(taskManager.createTasks('bad', [{ task_id: '' }])).rejects.toThrow(/tasks\[0\]\.task_id/);
    expect(
      await db.count(tables.names.tasks, {
        index: 'sosw_tasks_greenfield',
        partitionKey: { name: 'labourer_id', value: 'bad' },
      }),
    ).toBe(0);
  });

  it('makes no call for no tasks', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    db.stats.reset();
    expect(await taskManager.createTasks('none', [])).toEqual({ created: [], skipped: [] });
    expect(db.stats.current()).toEqual({});
  });
});
