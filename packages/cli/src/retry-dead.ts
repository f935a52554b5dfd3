import { systemClock, type Clock } from '@sosw/core';
import { DynamoClient, TransactionCanceledError } from '@sosw/dynamo-client';
import { INDEXES } from '@sosw/tables';
import {
  closedStatusKey,
  MetaTimestamps,
  metaRow,
  taskTableNames,
  type ClosedTaskRow,
  type RetryTaskRow,
} from '@sosw/task-manager';

/** What `retryDead` did. */
export interface RetryDeadResult {
  /** Task ids moved from the closed table to the retry table. */
  requeued: string[];
  /** Task ids that changed meanwhile (requeued by someone else, or already back in retry). */
  skipped: string[];
}

/**
 * Moves a labourer's buried tasks (closed `<labourer>_0`, closed at or after `sinceSeconds`) back to the
 * retry table, due now and with their attempts reset, so the scavenger's next run puts them at the front
 * of the queue. One transaction per task: delete the closed row (if it is still the one read), put the
 * retry row (if there is none), and a `scheduled_for_retry` meta row saying who did it.
 *
 * @example
 * ```ts
 * const { requeued } = await retryDead('example_stats_puller', 'dev_', Math.floor(Date.now() / 1000) - 86_400);
 * ```
 */
export async function retryDead(
  labourerId: string,
  prefix: string,
  sinceSeconds: number,
  { db = new DynamoClient(), clock = systemClock }: { db?: DynamoClient; clock?: Clock } = {},
): Promise<RetryDeadResult> {
  const tables = taskTableNames(undefined, prefix);
  // The index projects a few attributes only: it gives the ids, the rows come from the table.
  const found = await db.query<Pick<ClosedTaskRow, 'task_id'>>(tables.closed, {
    index: INDEXES.closedByStatus,
    partitionKey: { name: 'labourer_id_task_status', value: closedStatusKey(labourerId, 'dead') },
    sortKey: { name: 'closed_at', ge: sinceSeconds },
  });
  const dead =
    found.length === 0
      ? []
      : await db.batchGet<ClosedTaskRow>(
          tables.closed,
          found.map(({ task_id }) => ({ task_id })),
          { consistent: true },
        );
  const stamps = new MetaTimestamps(clock);
  const result: RetryDeadResult = { requeued: [], skipped: [] };
  for (const closed of dead) {
    const { closed_at: closedAt, labourer_id_task_status: _status, ...task } = closed;
    const now = Math.floor(clock.nowMs() / 1000);
    const retryRow: RetryTaskRow = { ...task, attempts: 0, desired_launch_time: now };
    try {
      await db.transactWrite([
        {
          type: 'delete',
          table: tables.closed,
          key: { task_id: closed.task_id },
          condition: { closed_at: { eq: closedAt } },
        },
        { type: 'put', table: tables.retry, item: retryRow, ifAbsent: 'task_id' },
        {
          type: 'put',
          table: tables.meta,
          item: metaRow(
            closed,
            'scheduled_for_retry',
            stamps.next(),
            { author: 'sosw_cli' },
            { by: 'sosw retry-dead' },
          ),
        },
      ]);
      result.requeued.push(closed.task_id);
    } catch (error) {
      // A condition failed: the closed row changed, or the task is in retry already. Anything else is real.
      if (!(error instanceof TransactionCanceledError) || error.conditionFailures.length === 0) throw error;
      result.skipped.push(closed.task_id);
    }
  }
  return result;
}
