import { TransactionCanceledError, type CancellationReason } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ids, labourer, NOW, taskManagerFor, taskRow, windowAt } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const window = windowAt();

/** A cancellation as DynamoDB reports it: one code per action, `None` for the actions that were fine. */
function cancelled(codes: string[]): TransactionCanceledError {
  const reasons: CancellationReason[] = codes.map((code, index) => ({
    index,
    code,
    message: code === 'None' ? undefined : code,
    action: 'put',
    table: tables.names.closed,
    key: undefined,
  }));
  return new TransactionCanceledError(reasons);
}

async function completedTasks(prefix: string, count: number) {
  const { taskManager, db, stats, logger } = taskManagerFor(tables);
  const tasks = ids(prefix, count).map((task_id) =>
    taskRow({ task_id, labourer_id: prefix, greenfield: window.invoked, completed_at: NOW }),
  );
  await db.batchPut(tables.names.tasks, tasks);
  return { taskManager, db, stats, logger, tasks };
}

describe('a transition cancelled by DynamoDB', () => {
  it('sends the transaction again after a conflict with another writer', async () => {
    const { taskManager, db, stats, tasks } = await completedTasks('conflict', 3);
    const transactWrite = vi.spyOn(db, 'transactWrite');
    transactWrite.mockRejectedValueOnce(
      cancelled(['None', 'None', 'None', 'TransactionConflict', 'None', 'None', 'None', 'None', 'None']),
    );

    const result = await taskManager.archive(tasks);
    expect(result).toEqual({ done: tasks.map((task) => task.task_id), skipped: [], failed: [] });
    expect(transactWrite).toHaveBeenCalledTimes(2);
    expect(stats.current().tasks_transaction_conflict_retries).toBe(1);
    expect(await taskManager.countClosed({ id: 'conflict' }, 'completed', 0)).toBe(3);
  });

  it('drops a task DynamoDB refuses, logs it, and writes the others', async () => {
    const { taskManager, db, logger, tasks } = await completedTasks('refused', 3);
    vi.spyOn(db, 'transactWrite').mockRejectedValueOnce(
      cancelled(['None', 'None', 'None', 'ValidationError', 'None', 'None', 'None', 'None', 'None']),
    );
    const result = await taskManager.archive(tasks);
    expect(result.failed).toEqual(['refused-0001']);
    expect(result.done).toEqual(['refused-0000', 'refused-0002']);
    expect(logger.errors[0]?.extra).toMatchObject({ task_id: 'refused-0001' });
    expect(await db.get(tables.names.tasks, { task_id: 'refused-0001' })).toBeDefined();
  });

  it('throws when nothing at all could be written, so a broken setup is not a quiet run', async () => {
    const { taskManager, db, tasks } = await completedTasks('broken', 2);
    vi.spyOn(db, 'transactWrite').mockRejectedValue(
      Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
    );
    await expect(taskManager.archive(tasks)).rejects.toThrow('no');
  });
});

describe('averageDuration', () => {
  it('averages the newest closed tasks of a labourer from the closed index', async () => {
    const { taskManager, db } = taskManagerFor(tables);
    const worker = labourer({ id: 'avg', duration: 300 });
    expect(await taskManager.averageDuration(worker)).toBeUndefined();

    const claimedAt = NOW - 1000;
    const completed = (task_id: string, seconds: number, closedAt: number) => ({
      ...taskRow({
        task_id,
        labourer_id: 'avg',
        greenfield: claimedAt + 31_557_600,
        attempts: 1,
        completed_at: claimedAt + seconds,
      }),
      labourer_id_task_status: 'avg_1',
      closed_at: closedAt,
    });
    await db.batchPut(tables.names.closed, [
      completed('avg-1', 20, NOW - 30),
      completed('avg-2', 40, NOW - 20),
      {
        ...taskRow({ task_id: 'avg-dead', labourer_id: 'avg', attempts: 2 }),
        labourer_id_task_status: 'avg_0',
        closed_at: NOW - 10,
      },
      // Old: outside a sample of 3.
      completed('avg-old', 1000, NOW - 5000),
    ]);
    // (20 + 40 + 2 * 300) / 4
    expect(await taskManager.averageDuration(worker, { sample: 3 })).toBe(165);
    expect(await taskManager.averageDuration(worker)).toBe((20 + 40 + 600 + 1000) / 5);
  });
});
