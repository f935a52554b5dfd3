import { callsStat } from '@sosw/dynamo-client';
import type { TaskManagerContext } from '../src/context.js';
import { MetaTimestamps } from '../src/meta.js';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTaskError } from '../src/errors.js';
import { priorityBand, priorityOfGreenfield } from '../src/fair-share.js';
import { flowScope, recordFlow, type FlowRow } from '../src/flow-state.js';
import type { TaskRow } from '../src/types.js';
import { taskManagerFor, taskRow, windowAt } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const window = windowAt();

/** `count` new tasks of one key (or none), numbered in their payloads. */
const tasksOf = (key: string | undefined, count: number, extra: { priority?: number } = {}) =>
  Array.from({ length: count }, (_, n) => ({
    payload: { key: key ?? null, n },
    ...(key !== undefined && { concurrency_key: key }),
    ...extra,
  }));

/** The keys of the first `limit` queued tasks, in the order the orchestrator reads them. */
async function queueKeys(tm: ReturnType<typeof taskManagerFor>['taskManager'], id: string, limit = 1000) {
  return (await tm.nextTasks({ id }, window, limit)).map((task) => task.concurrency_key ?? '-');
}

/** The context the task manager's operations work with, for calling one of them directly. */
function contextOf(tm: ReturnType<typeof taskManagerFor>): TaskManagerContext {
  return {
    db: tm.db,
    lambda: () => tm.lambda,
    tables: tables.names,
    clock: tm.clock,
    stats: tm.stats,
    logger: tm.logger,
    author: { author: 'test_author' },
    stamps: new MetaTimestamps(tm.clock),
    transactionConcurrency: 8,
    invokeRefusalsBeforeFailure: 5,
    throttlesBeforeAttempt: 5,
  };
}

function flowRow(tm: ReturnType<typeof taskManagerFor>, id: string, key?: string, priority = 0) {
  return tm.db.get<FlowRow>(tables.names.dispatch, { scope: flowScope(id, priority, key) });
}

describe('createTasks with concurrency keys (fair share)', () => {
  it('without keys nor priorities writes what it always did: no new attribute, no flow row, ONE query', async () => {
    const tm = taskManagerFor(tables);
    await tm.taskManager.createTasks('plain', tasksOf(undefined, 3));
    tm.db.stats.reset();
    const { created } = await tm.taskManager.createTasks('plain', tasksOf(undefined, 4));
    expect(created.map((task) => task.greenfield)).toEqual([5000, 6000, 7000, 8000]);
    const stored = await tm.db.get<TaskRow>(tables.names.tasks, { task_id: created[0]!.task_id });
    expect(Object.keys(stored!).sort()).toEqual(
      ['attempts', 'created_at', 'greenfield', 'labourer_id', 'payload', 'task_id'].sort(),
    );
    const calls = tm.db.stats.current();
    expect(calls[callsStat('Query')]).toBe(1);
    expect(calls[callsStat('BatchGetItem')]).toBeUndefined();
    expect(calls[callsStat('UpdateItem')]).toBeUndefined();
    expect(await flowRow(tm, 'plain')).toBeUndefined();
  });

  it('puts a late tenant at the head: B (10 tasks) is served at once beside A (200 queued), not after A', async () => {
    const tm = taskManagerFor(tables);
    await tm.taskManager.createTasks('late', tasksOf('A', 200));
    tm.db.stats.reset();
    const { created } = await tm.taskManager.createTasks('late', tasksOf('B', 10));
    const calls = tm.db.stats.current();

    const keys = await queueKeys(tm.taskManager, 'late');
    expect(keys).toHaveLength(210);
    // B's first task is one of the first two read; all ten of B within the first 20, alternating with A.
    expect(keys.slice(0, 2)).toContain('B');
    expect(keys.slice(0, 20).filter((key) => key === 'B')).toHaveLength(10);
    expect(keys.slice(20).every((key) => key === 'A')).toBe(true);
    expect(created.every((task) => task.concurrency_key === 'B')).toBe(true);

    // The cost of a fair batch: head and tail (2 queries), the rows of B and of the tail's flow A, the
    // task A's row names (2 BatchGetItem), B's row written (A's already names the tail: not written).
    expect(calls[callsStat('Query')]).toBe(2);
    expect(calls[callsStat('BatchGetItem')]).toBe(2);
    expect(calls[callsStat('UpdateItem')]).toBe(1);
    const newestB = created.at(-1)!;
    expect(await flowRow(tm, 'late', 'B')).toMatchObject({
      scope: 'flow#late#0#B',
      labourer_id: 'late',
      priority: 0,
      concurrency_key: 'B',
      last_greenfield: newestB.greenfield,
      last_task_id: newestB.task_id,
    });
    // A's row by A's batch, B's by B's; A's row left as it was by B's batch.
    expect(tm.stats.current()).toMatchObject({
      fair_share_flows_recorded: 2,
      fair_share_flow_records_skipped: 1,
    });
  });

  it('keeps a key behind its own backlog from one batch to the next, interleaved with the others', async () => {
    const tm = taskManagerFor(tables);
    const first = await tm.taskManager.createTasks('own', tasksOf('A', 30));
    await tm.taskManager.createTasks('own', tasksOf('B', 30));
    const second = await tm.taskManager.createTasks('own', tasksOf('A', 30));

    const lastOfFirst = Math.max(...first.created.map((task) => task.greenfield));
    expect(Math.min(...second.created.map((task) => task.greenfield))).toBeGreaterThan(lastOfFirst);
    const queued = await tm.taskManager.nextTasks({ id: 'own' }, window, 1000);
    const a = queued.filter((task) => task.concurrency_key === 'A').map((task) => task.payload);
    // A's 60 tasks are read in the order they were given: batch one, then batch two.
    expect(a).toEqual([...first.created, ...second.created].map((task) => task.payload));
    // B (30) shares the first 60 turns with A.
    const keys = queued.map((task) => task.concurrency_key);
    expect(keys.slice(0, 60).filter((key) => key === 'B')).toHaveLength(30);
  });

  it('gives keys turns in proportion to their weights', async () => {
    const tm = taskManagerFor(tables);
    await tm.taskManager.createTasks('weights', [...tasksOf('heavy', 60), ...tasksOf('light', 60)], {
      keyWeights: { heavy: 3 },
    });
    const keys = await queueKeys(tm.taskManager, 'weights', 40);
    const heavy = keys.filter((key) => key === 'heavy').length;
    expect(heavy).toBeGreaterThanOrEqual(29);
    expect(heavy).toBeLessThanOrEqual(31);
  });

  it('forgets where a key ended once its tasks have left the queue: it starts at the head again', async () => {
    const tm = taskManagerFor(tables);
    const id = 'drained';
    const old = await tm.taskManager.createTasks(id, tasksOf('A', 20));
    // A's tasks are all invoked: the queue is empty, and greenfields start again at 2000.
    for (const task of old.created) await tm.taskManager.claim({ id }, task, window);
    const c = await tm.taskManager.createTasks(id, tasksOf('C', 50));
    expect(c.created[0]?.greenfield).toBe(2000);

    const again = await tm.taskManager.createTasks(id, tasksOf('A', 5));
    // A's row still says 21000, but that task is running: A starts at the head, beside C's first tasks.
    expect(again.created.map((task) => task.greenfield)).toEqual([2000, 3000, 4000, 5000, 6000]);
    expect((await queueKeys(tm.taskManager, id)).slice(0, 10).filter((key) => key === 'A')).toHaveLength(5);
    // Its row moved down, as read, to its newest queued task.
    expect(await flowRow(tm, id, 'A')).toMatchObject({
      last_greenfield: 6000,
      last_task_id: again.created[4]?.task_id,
    });
  });

  it('keeps the unkeyed flow (and Python sosw tasks) behind their own tail, not behind the keyed backlog', async () => {
    const tm = taskManagerFor(tables);
    const id = 'mixed';
    // Twenty tasks as Python sosw writes them: no key, no priority, 1000 apart from 2000.
    await tm.db.batchPut(
      tables.names.tasks,
      Array.from({ length: 20 }, (_, i) =>
        taskRow({ task_id: `mixed-py-${i}`, labourer_id: id, greenfield: 2000 + 1000 * i }),
      ),
    );
    const keyed = await tm.taskManager.createTasks(id, tasksOf('A', 40));
    // A interleaves with the Python tasks from the head on.
    expect(keyed.created[0]?.greenfield).toBe(2000);
    // The unkeyed flow's row was written by A's batch, which went past its tail.
    expect(await flowRow(tm, id)).toMatchObject({ last_task_id: 'mixed-py-19', last_greenfield: 21_000 });

    const unkeyed = await tm.taskManager.createTasks(id, tasksOf(undefined, 5));
    expect(unkeyed.created.map((task) => task.greenfield)).toEqual([22_000, 23_000, 24_000, 25_000, 26_000]);
    expect(await flowRow(tm, id)).toMatchObject({ last_greenfield: 26_000 });
  });

  it('queues every task of a higher priority first, fair among the keys of that priority', async () => {
    const tm = taskManagerFor(tables);
    const id = 'prio';
    await tm.taskManager.createTasks(id, [...tasksOf('A', 10), ...tasksOf(undefined, 10)]);
    const urgent = await tm.taskManager.createTasks(id, [
      ...tasksOf('A', 5, { priority: 2 }),
      ...tasksOf('B', 5, { priority: 2 }),
    ]);
    const queued = await tm.taskManager.nextTasks({ id }, window, 100);
    expect(queued).toHaveLength(30);
    expect(queued.slice(0, 10).every((task) => task.priority === 2)).toBe(true);
    expect(new Set(queued.slice(0, 2).map((task) => task.concurrency_key))).toEqual(new Set(['A', 'B']));
    expect(queued.slice(10).every((task) => task.priority === undefined)).toBe(true);
    for (const task of urgent.created) {
      expect(priorityOfGreenfield(task.greenfield)).toBe(2);
      expect(task.greenfield).toBeGreaterThanOrEqual(priorityBand(2).base + 1000);
    }
    // Priority 2 has its own flows: A's row of band 0 is untouched by A's tasks of band 2.
    expect(await flowRow(tm, id, 'A', 2)).toMatchObject({ priority: 2, concurrency_key: 'A' });
    expect(await flowRow(tm, id, 'A', 0)).toMatchObject({ last_greenfield: 11_000 });
  });

  it('leaves the higher greenfield in a flow row when two schedulers write one key at once', async () => {
    const one = taskManagerFor(tables);
    const two = taskManagerFor(tables);
    const id = 'race';
    await Promise.all([
      one.taskManager.createTasks(id, tasksOf('A', 5)),
      two.taskManager.createTasks(id, tasksOf('A', 40)),
    ]);
    const queued = await one.taskManager.nextTasks({ id }, window, 100);
    const newest = queued.reduce((a, b) => (b.greenfield > a.greenfield ? b : a));
    expect(await flowRow(one, id, 'A')).toMatchObject({ last_greenfield: newest.greenfield });
  });

  it('raises a flow row only; moves it down only as read, when allowed', async () => {
    const tm = taskManagerFor(tables);
    const flow = { key: 'K', priority: 0, scope: flowScope('raise', 0, 'K') };
    const write = (seen: FlowRow | null, greenfield: number, mayLower: boolean) =>
      recordFlow(
        contextOf(tm),
        'raise',
        { ...flow, seen },
        { task_id: `t-${greenfield}`, greenfield },
        { mayLower },
      );
    expect(await write(null, 90_000, true)).toBe(true);
    const seen = (await flowRow(tm, 'raise', 'K'))!;
    expect(seen).toMatchObject({ last_greenfield: 90_000, last_task_id: 't-90000' });
    // Lower, from a stale read: refused.
    expect(await write({ ...seen, last_greenfield: 95_000 }, 50_000, true)).toBe(false);
    // Lower, as read, but for a flow this writer did not judge: refused.
    expect(await write(seen, 50_000, false)).toBe(false);
    expect(await flowRow(tm, 'raise', 'K')).toMatchObject({ last_greenfield: 90_000 });
    // Lower, as read, judged: written.
    expect(await write(seen, 50_000, true)).toBe(true);
    expect(await flowRow(tm, 'raise', 'K')).toMatchObject({ last_greenfield: 50_000 });
    // A second writer that judged the same old row may only raise it.
    expect(await write(seen, 40_000, true)).toBe(false);
    expect(await write(seen, 60_000, true)).toBe(true);
    expect(await flowRow(tm, 'raise', 'K')).toMatchObject({ last_greenfield: 60_000 });
    // A creation that lost the race to another one raises what that one wrote.
    expect(await write(null, 70_000, true)).toBe(true);
    expect(await write(null, 65_000, true)).toBe(false);
  });

  it('refuses a bad key, priority or weight before anything is read or written', async () => {
    const tm = taskManagerFor(tables);
    tm.db.stats.reset();
    const create = (task: Record<string, unknown>, options = {}) =>
      tm.taskManager.createTasks('bad', [{ payload: {} }, task], options);
    await expect(create({ concurrency_key: '' })).rejects.toThrow(/tasks\[1\]\.concurrency_key/);
    await expect(create({ concurrency_key: 42 })).rejects.toThrow(InvalidTaskError);
    await expect(create({ concurrency_key: 'x'.repeat(257) })).rejects.toThrow(/1 to 256 characters/);
    await expect(create({ priority: -1 })).rejects.toThrow(/tasks\[1\]\.priority/);
    await expect(create({ priority: 1.5 })).rejects.toThrow(/whole number from 0 to 1000/);
    await expect(create({ priority: 1001 })).rejects.toThrow(InvalidTaskError);
    await expect(create({}, { keyWeights: { a: 0 } })).rejects.toThrow(/keyWeights\.a/);
    await expect(create({}, { keyWeights: { a: 1001 } })).rejects.toThrow(/at most 1000/);
    expect(tm.db.stats.current()).toEqual({});
  });
});
