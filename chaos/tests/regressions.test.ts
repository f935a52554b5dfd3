import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager, type MetaRow, type TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Bugs the chaos scenarios found in task-manager, since fixed, each kept here as a regression test: the
 * state the scenario reached, rebuilt on its own and deterministically, against real DynamoDB Local.
 */

let tables: TestTables;
let taskManager: TaskManager;
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  tables = await createTestTables();
  taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names }, author: 'chaos' });
});
afterAll(() => tables.drop());

async function metaOf(taskId: string): Promise<MetaRow[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: tables.names.meta,
      KeyConditionExpression: 'task_id = :id',
      ExpressionAttributeValues: { ':id': taskId },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []) as MetaRow[];
}

describe('regressions', () => {
  // FIXED created-row-lost (task-manager, create-tasks.ts): createTasks writes the task rows and their
  // `created` meta rows in separate batch requests. When the requests holding some tasks succeeded and the
  // ones holding their meta rows failed (DynamoDB restarting, throttled past the retries, the scheduler
  // killed between two requests), the documented remedy, "call again with the same ids", skipped those
  // tasks as existing and never wrote their `created` row: the task lived and closed, its story in meta
  // had no beginning. Found by dynamodb-restart.test.ts (seed 4: 15 of 200 tasks). Now createTasks puts
  // the `created` row of every task it skips again, keyed by the task's own `created_at` (idempotent).
  it('a createTasks called again after a part-way failure writes the missing `created` rows', async () => {
    const ids = ['part-way-0', 'part-way-1'];
    await taskManager.createTasks(
      'chaos_worker',
      ids.map((task_id) => ({ task_id, payload: { n: 1 } })),
    );
    // The state a part-way failure leaves: the task rows landed, their meta rows did not.
    for (const row of await metaOf('part-way-0')) {
      await documents.send(
        new DeleteCommand({
          TableName: tables.names.meta,
          Key: { task_id: row.task_id, created_at: row.created_at },
        }),
      );
    }
    expect(await metaOf('part-way-0')).toEqual([]);

    const again = await taskManager.createTasks(
      'chaos_worker',
      ids.map((task_id) => ({ task_id, payload: { n: 1 } })),
    );

    expect(again.skipped).toEqual(ids);
    const { task } = await taskManager.getTask('part-way-0');
    expect(await metaOf('part-way-0')).toMatchObject([{ action: 'created', created_at: task?.created_at }]);
    // Put again under the same key: the task whose row had landed still has exactly one.
    expect((await metaOf('part-way-1')).map((row) => row.action)).toEqual(['created']);
  });

  // FIXED meta-after-state (task-manager commit 30cac08, reverted: completion.ts, transitions.ts and
  // transaction-groups.ts): meta rows were written after the change they
  // describe instead of in the same transaction. A worker report updated the task, THEN wrote its
  // `completed` / `failed` row, stamped then; archive, bury, retry and requeue ran their transactions, THEN
  // batch-wrote their rows. So a scavenger archiving between a report's two writes made the story read
  // "archived > completed" (load scenario, seed 5: 1,219 of 2,000 tasks), and a writer that died or failed
  // between the two writes lost the row: kill scenario seed 393118224, 13 of 150 tasks archived with no
  // `archived` row; DynamoDB faults seed 392992573, 10 of 200 completed tasks with no `completed` row. Now
  // each change and its meta row are one transaction: both land, or neither.
  const labourer = { id: 'chaos_worker', duration: 60, cooldown: 0 };

  async function claimedTask(taskId: string): Promise<TaskRow> {
    await taskManager.createTasks(labourer.id, [{ task_id: taskId, payload: { n: 1 } }]);
    const { task } = await taskManager.getTask(taskId);
    const claimed = await taskManager.claim(labourer, task!, taskManager.window(labourer));
    return claimed!.task;
  }

  async function archiveCompleted(): Promise<void> {
    await taskManager.archive(await taskManager.completedTasks(labourer, taskManager.window(labourer)));
  }

  async function storyOf(taskId: string): Promise<string> {
    return (await metaOf(taskId))
      .sort((a, b) => a.created_at - b.created_at)
      .map((row) => row.action)
      .join(' > ');
  }

  /** The write methods of `DynamoClient`: a writer that dies is one whose next write never happens. */
  const WRITES = [
    'put',
    'update',
    'patch',
    'delete',
    'batchWrite',
    'batchPut',
    'batchDelete',
    'transactWrite',
  ] as const;

  /**
   * A client of a process that dies right after its first write to DynamoDB has landed: every later write
   * throws. A change written apart from its meta row loses one of the two here.
   */
  function diesAfterFirstWrite(db: DynamoClient): void {
    let written = false;
    for (const method of WRITES) {
      const original = db[method].bind(db) as (...args: unknown[]) => Promise<unknown>;
      vi.spyOn(db, method).mockImplementation((async (...args: unknown[]) => {
        if (written) throw new Error(`the process died before its ${method}`);
        const answer = await original(...args);
        written = true;
        return answer;
      }) as never);
    }
  }

  it('a completion archived at once still reads "completed" before "archived" in meta', async () => {
    const task = await claimedTask('report-then-archive');
    const db = new DynamoClient();
    const assistant = new TaskManager({ db, tables: { ...tables.names }, author: 'assistant' });
    const transactWrite = db.transactWrite.bind(db);
    // The scavenger's run lands right after the report's write.
    vi.spyOn(db, 'transactWrite').mockImplementationOnce(async (...args) => {
      await transactWrite(...args);
      await archiveCompleted();
    });
    expect(await assistant.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });

    expect(await storyOf(task.task_id)).toBe('created > completed > archived');
  });

  it('a completion whose writer dies after its first write has both its update and its row', async () => {
    const task = await claimedTask('report-then-die');
    const db = new DynamoClient();
    diesAfterFirstWrite(db);
    const assistant = new TaskManager({ db, tables: { ...tables.names }, author: 'assistant' });
    expect(await assistant.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });

    expect((await taskManager.getTask(task.task_id)).task?.completed_at).toBeTypeOf('number');
    await archiveCompleted();
    expect(await storyOf(task.task_id)).toBe('created > completed > archived');
  });

  it('a completion whose write fails leaves neither the update nor the row', async () => {
    const task = await claimedTask('report-write-fails');
    const db = new DynamoClient();
    const assistant = new TaskManager({ db, tables: { ...tables.names }, author: 'assistant' });
    vi.spyOn(db, 'transactWrite').mockRejectedValueOnce(new Error('connection reset by the fault proxy'));
    await expect(assistant.markCompleted(task.task_id, { labourerId: labourer.id })).rejects.toThrow(
      'connection reset',
    );

    expect((await taskManager.getTask(task.task_id)).task?.completed_at).toBeUndefined();
    expect(await storyOf(task.task_id)).toBe('created');
    // The worker's retry of the report is then taken, once.
    expect(await assistant.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });
    await archiveCompleted();
    expect(await storyOf(task.task_id)).toBe('created > completed > archived');
  });

  it('an archive whose writer dies after its first write has both the closed row and its meta row', async () => {
    const task = await claimedTask('archive-then-die');
    expect(await taskManager.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });
    const db = new DynamoClient();
    diesAfterFirstWrite(db);
    const scavenger = new TaskManager({ db, tables: { ...tables.names }, author: 'scavenger' });
    const done = await scavenger.archive(
      await scavenger.completedTasks(labourer, scavenger.window(labourer)),
    );
    expect(done.done).toEqual([task.task_id]);

    const record = await taskManager.getTask(task.task_id);
    expect(record.task).toBeUndefined();
    expect(record.closed?.labourer_id_task_status).toBe('chaos_worker_1');
    expect(await storyOf(task.task_id)).toBe('created > completed > archived');
  });
});
