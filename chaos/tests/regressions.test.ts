import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager, type MetaRow, type TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metaRowsOf } from '../src/system/table-rows.js';

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

function metaOf(taskId: string): Promise<MetaRow[]> {
  return metaRowsOf(documents, tables.names.meta, taskId);
}

describe('regressions', () => {
  // FIXED created-row-lost (task-manager, create-tasks.ts): createTasks wrote the task rows and their
  // `created` meta rows in separate batch requests. When the requests holding some tasks succeeded and the
  // ones holding their meta rows failed (DynamoDB restarting, throttled past the retries, the scheduler
  // killed between two requests), "call again with the same ids" skipped those tasks as existing and never
  // wrote their `created` row: the task lived and closed, its story in meta had no beginning. Found by
  // dynamodb-restart.test.ts (seed 4: 15 of 200 tasks). Now each task and its `created` row are one
  // transaction.
  it('a createTasks whose writer dies after its first write leaves no task without its `created` row', async () => {
    const db = new DynamoClient();
    diesAfterFirstWrite(db);
    const creator = new TaskManager({
      db,
      tables: { ...tables.names },
      author: 'chaos',
      transactionConcurrency: 1,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const ids = Array.from({ length: 60 }, (_, n) => `part-way-${n}`);

    await expect(
      creator.createTasks(
        'chaos_worker',
        ids.map((task_id) => ({ task_id, payload: { n: 1 } })),
      ),
    ).rejects.toThrow();

    const landed = [];
    for (const id of ids) {
      const { task } = await taskManager.getTask(id);
      const story = (await metaOf(id)).map((row) => row.action);
      expect(story, id).toEqual(task === undefined ? [] : ['created']);
      if (task !== undefined) landed.push(id);
    }
    // The first transaction (25 tasks) landed, the rest died with the writer.
    expect(landed).toHaveLength(25);
  });

  // FIXED late-create (task-manager, create-tasks.ts): DynamoDB Local restarted while the scheduler wrote
  // (dynamodb-restart.test.ts, seed 397835131). The restart cut the answer to a batch write of new tasks
  // that had landed, and the SDK sent it again after one of those tasks had been claimed, had expired and
  // moved to the retry table: the unconditional put brought the task back to the queue, attempt 1 ran
  // twice and a copy stayed in the tasks table. Now a task is created on condition that its id is in none
  // of the task tables.
  it('a create request that lands a second time does not bring back a task that moved on', async () => {
    // The SDK's resend, made here deterministic: the first write request of the call goes out again after
    // the task moved to the retry table, as a new request (this runs before the idempotency token is
    // filled in), as after a restart that forgot the token: only the write's own conditions can stop it.
    const client = new DynamoDBClient({});
    let resent = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const first = await next(args);
        const writesTasks = ['TransactWriteItemsCommand', 'BatchWriteItemCommand'].includes(
          context.commandName ?? '',
        );
        if (!writesTasks || resent > 0) return first;
        resent += 1;
        const { task } = await taskManager.getTask('late-create');
        await documents.send(
          new DeleteCommand({ TableName: tables.names.tasks, Key: { task_id: 'late-create' } }),
        );
        await documents.send(
          new PutCommand({
            TableName: tables.names.retry,
            Item: { ...task, attempts: 1, desired_launch_time: 1 },
          }),
        );
        return next(args);
      },
      { step: 'initialize', name: 'resendFirstWrite' },
    );
    const creator = new TaskManager({
      db: new DynamoClient({ client }),
      tables: { ...tables.names },
      author: 'chaos',
    });

    const result = await creator.createTasks('chaos_worker', [{ task_id: 'late-create', payload: { n: 1 } }]);

    expect(resent).toBe(1);
    expect(result.skipped).toEqual(['late-create']);
    const { task } = await taskManager.getTask('late-create');
    expect(task).toBeUndefined();
    expect((await metaOf('late-create')).map((row) => row.action)).toEqual(['created']);
  });

  // FIXED meta-after-state (task-manager commit 30cac08, reverted: completion.ts, transitions.ts and
  // transaction-groups.ts): meta rows were written after the change they
  // describe instead of in the same transaction. A worker report updated the task, THEN wrote its
  // `completed` / `failed` row, stamped then; archive, bury, retry and requeue ran their transactions, THEN
  // batch-wrote their rows. So a scavenger archiving between a report's two writes made the story read
  // "archived > completed" (load scenario, seed 5: 1,219 of 2,000 tasks), and a writer that died or failed
  // between the two writes lost the row: kill scenario seed 393118224, 13 of 150 tasks archived with no
  // `archived` row; DynamoDB faults seed 392992573, 10 of 200 completed tasks with no `completed` row. Now
  // each change and its meta row land together or not at all: archive, bury, retry and requeue in one
  // transaction; a completion in one update of the task, which carries its `completed` row (stamped at
  // the completion) until the scavenger writes that row, before it archives the task.
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

  it('a completion archived at once still reads "marked_as_completed" before "archived" in meta', async () => {
    const task = await claimedTask('report-then-archive');
    const db = new DynamoClient();
    const assistant = new TaskManager({ db, tables: { ...tables.names }, author: 'assistant' });
    const patch = db.patch.bind(db);
    // The scavenger's run lands right after the report's write.
    vi.spyOn(db, 'patch').mockImplementationOnce(async (...args) => {
      const changed = await patch(...args);
      await archiveCompleted();
      return changed;
    });
    expect(await assistant.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });

    expect(await storyOf(task.task_id)).toBe('created > marked_as_completed > archived');
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
    expect(await storyOf(task.task_id)).toBe('created > marked_as_completed > archived');
  });

  it('a completion whose write fails leaves neither the update nor the row', async () => {
    const task = await claimedTask('report-write-fails');
    const db = new DynamoClient();
    const assistant = new TaskManager({ db, tables: { ...tables.names }, author: 'assistant' });
    vi.spyOn(db, 'patch').mockRejectedValueOnce(new Error('connection reset by the fault proxy'));
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
    expect(await storyOf(task.task_id)).toBe('created > marked_as_completed > archived');
  });

  it('an archive whose writer dies after its first write has both the closed row and its meta row', async () => {
    const task = await claimedTask('archive-then-die');
    expect(await taskManager.markCompleted(task.task_id, { labourerId: labourer.id })).toEqual({
      outcome: 'completed',
    });
    const db = new DynamoClient();
    diesAfterFirstWrite(db);
    const scavenger = new TaskManager({ db, tables: { ...tables.names }, author: 'scavenger' });
    // Its first write is the `marked_as_completed` rows; it dies before the archive transaction.
    await expect(
      scavenger.archive(await scavenger.completedTasks(labourer, scavenger.window(labourer))),
    ).rejects.toThrow('the process died');
    expect((await taskManager.getTask(task.task_id)).task?.completed_at).toBeTypeOf('number');
    expect(await storyOf(task.task_id)).toBe('created > marked_as_completed');

    // The next run archives it, and writes the same `marked_as_completed` row over itself: one, not two.
    await archiveCompleted();
    const record = await taskManager.getTask(task.task_id);
    expect(record.task).toBeUndefined();
    expect(record.closed?.labourer_id_task_status).toBe('chaos_worker_1');
    expect(await storyOf(task.task_id)).toBe('created > marked_as_completed > archived');
  });
});
