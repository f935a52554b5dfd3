import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskTables } from '@sosw/task-manager';
import { inParallel, perSecond, timed } from '../measure.js';
import { createTables } from '../tables.js';

/** Tasks per transaction: 33 of 3 actions, as the scavenger groups them (99 of DynamoDB's 100). */
const TASKS_PER_TRANSACTION = 33;
const IN_FLIGHT = 8;

/**
 * The floor of archiving, measured the way the floor is: the scavenger's archive transactions, sent with
 * the bare SDK (no `ReturnConsumedCapacity`, no idempotency token, nothing read first) to tables of their
 * own with sosw's keys and indexes. Each task is a conditional put of its closed row, a conditional
 * delete of its task row and a put of its `archived` row. The `TransactWriteItems` floor puts items in a
 * table without an index; these writes also move index entries and check conditions, which DynamoDB Local
 * makes several times slower, so this is what the archive line can be held to.
 */
export class ArchiveFloor {
  #next = 0;

  private constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: TaskTables,
  ) {}

  /** Creates its tables (sosw's, under `<prefix>archive_floor_`). */
  static async create(prefix: string): Promise<ArchiveFloor> {
    const tables = await createTables(`${prefix}archive_floor_`);
    return new ArchiveFloor(DynamoDBDocumentClient.from(new DynamoDBClient({})), tables);
  }

  /** About `count` completed tasks archived (33 per transaction, 8 in flight): tasks per second. */
  async tasksPerSecond(count: number): Promise<number> {
    const transactions = Math.ceil(count / TASKS_PER_TRANSACTION);
    const first = this.#next;
    const total = transactions * TASKS_PER_TRANSACTION;
    this.#next += total;
    const ids = (t: number) =>
      Array.from({ length: TASKS_PER_TRANSACTION }, (_, i) => first + t * TASKS_PER_TRANSACTION + i);
    // The completed tasks to archive, not timed.
    await inParallel(Math.ceil(total / 25), IN_FLIGHT, (b) =>
      this.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tables.tasks]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: { Item: completedTask(first + b * 25 + i) },
            })),
          },
        }),
      ),
    );
    const { ms } = await timed(() =>
      inParallel(transactions, IN_FLIGHT, (t) =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: ids(t).flatMap((i) => {
              const task = completedTask(i);
              return [
                {
                  Put: {
                    TableName: this.tables.closed,
                    Item: { ...task, labourer_id_task_status: `${task.labourer_id}_1`, closed_at: CLOSED_AT },
                    ConditionExpression: 'attribute_not_exists(task_id)',
                  },
                },
                {
                  Delete: {
                    TableName: this.tables.tasks,
                    Key: { task_id: task.task_id },
                    ConditionExpression: 'completed_at = :completed',
                    ExpressionAttributeValues: { ':completed': task.completed_at },
                  },
                },
                {
                  Put: {
                    TableName: this.tables.meta,
                    Item: {
                      task_id: task.task_id,
                      created_at: CLOSED_AT + 0.000001,
                      action: 'archived',
                      labourer_id: task.labourer_id,
                      author: 'bench',
                    },
                  },
                },
              ];
            }),
          }),
        ),
      ),
    );
    return perSecond(total, ms);
  }
}

const COMPLETED_AT = 1_700_000_000;
const CLOSED_AT = COMPLETED_AT + 60;

/** A completed task as the bench's lifecycle leaves it. */
const completedTask = (i: number) => ({
  task_id: `archive-floor-${i}`,
  labourer_id: 'bench_worker',
  created_at: COMPLETED_AT - 120,
  greenfield: 2_000_000_000 + i,
  attempts: 1,
  payload: '{"section":"section-1","store":"store-1-1"}',
  completed_at: COMPLETED_AT,
  stat_rows: 1,
});
