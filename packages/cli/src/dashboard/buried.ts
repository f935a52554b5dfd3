import { mapConcurrent } from '@sosw/core';
import type { DynamoClient } from '@sosw/dynamo-client';
import { INDEXES } from '@sosw/tables';
import { closedStatusKey, type ClosedTaskRow, type LabourerRef } from '@sosw/task-manager';

/** A buried task as the closed-tasks index projects it: enough for a list that links to the task. */
export type BuriedTask = Pick<ClosedTaskRow, 'task_id' | 'closed_at' | 'attempts'> & { labourer_id: string };

/** Queries in flight at once when listing the buried tasks of many labourers. */
export const BURIED_CONCURRENCY = 8;

/**
 * The `limit` most recently buried tasks of `labourers`, newest first: per labourer, the first `limit`
 * items of its `<labourer>_0` partition of the closed-tasks index read backwards, then merged.
 *
 * @example
 * ```ts
 * const latest = await latestBuried(db, tables.closed, labourers, 20);
 * ```
 */
export async function latestBuried(
  db: DynamoClient,
  closedTable: string,
  labourers: readonly LabourerRef[],
  limit: number,
): Promise<BuriedTask[]> {
  const perLabourer = await mapConcurrent(labourers, BURIED_CONCURRENCY, async (labourer) => {
    const rows = await db.query<Pick<ClosedTaskRow, 'task_id' | 'closed_at' | 'attempts'>>(closedTable, {
      index: INDEXES.closedByStatus,
      partitionKey: { name: 'labourer_id_task_status', value: closedStatusKey(labourer.id, 'dead') },
      descending: true,
      limit,
    });
    return rows.map(({ task_id, closed_at, attempts }) => ({
      task_id,
      closed_at,
      attempts,
      labourer_id: labourer.id,
    }));
  });
  return perLabourer
    .flat()
    .sort((a, b) => b.closed_at - a.closed_at || a.task_id.localeCompare(b.task_id))
    .slice(0, limit);
}
