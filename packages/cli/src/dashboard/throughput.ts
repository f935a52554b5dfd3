import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { mapConcurrent } from '@sosw/core';
import type { DynamoClient } from '@sosw/dynamo-client';
import { INDEXES } from '@sosw/tables';
import { closedStatusKey, type ClosedStatus, type LabourerRef } from '@sosw/task-manager';

/** Tasks closed per minute, as completed (`_1`) and as dead (`_0`). */
export interface Throughput {
  /** The start of each minute, epoch milliseconds, oldest first; the last one is the current minute. */
  minutes: number[];
  /** Tasks archived after completion in each minute. */
  completed: number[];
  /** Tasks buried (closed as dead) in each minute. */
  buried: number[];
}

/** Queries of the closed-tasks index in flight at once: enough to be quick, few enough to spare the table. */
export const THROUGHPUT_CONCURRENCY = 8;

/**
 * Counts the tasks of `labourers` closed in each of the last `minutes` minutes (the current one
 * included), summed over the labourers, from the closed table's index `labourer_task_status_with_time`.
 *
 * One query per labourer and status over the whole window, reading only `closed_at`, and bucketed here,
 * rather than a `Select: COUNT` query per minute. Both read the same index items (a query is billed
 * on the data it reads, counted or not), but a count per minute is at least one request per minute per
 * series (36,000 for 100 labourers over 3 hours), whereas one query is one request per ~1 MB of index
 * items (some 10,000 tasks): fewer requests unless a labourer closes more than ~10,000 tasks a minute.
 *
 * @example
 * ```ts
 * const { minutes, completed, buried } = await readThroughput(db, tables.closed, labourers, 180, Date.now());
 * ```
 */
export async function readThroughput(
  db: DynamoClient,
  closedTable: string,
  labourers: readonly LabourerRef[],
  minutes: number,
  nowMs: number,
): Promise<Throughput> {
  const currentMinute = Math.floor(nowMs / 60_000) * 60;
  const first = currentMinute - (minutes - 1) * 60;
  const starts = Array.from({ length: minutes }, (_, i) => (first + i * 60) * 1000);
  const completed = new Array<number>(minutes).fill(0);
  const buried = new Array<number>(minutes).fill(0);
  const series = labourers.flatMap((labourer) =>
    (['completed', 'dead'] as const).map((status) => ({ labourer, status })),
  );
  await mapConcurrent(series, THROUGHPUT_CONCURRENCY, async ({ labourer, status }) => {
    const counts = status === 'completed' ? completed : buried;
    for await (const closedAt of closedTimes(
      db,
      closedTable,
      labourer.id,
      status,
      first,
      currentMinute + 59,
    )) {
      const bucket = Math.floor((closedAt - first) / 60);
      if (bucket >= 0 && bucket < minutes) counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
  });
  return { minutes: starts, completed, buried };
}

/** The `closed_at` of every task of a labourer closed as `status` between two epoch seconds (inclusive). */
async function* closedTimes(
  db: DynamoClient,
  closedTable: string,
  labourerId: string,
  status: ClosedStatus,
  fromSeconds: number,
  toSeconds: number,
): AsyncGenerator<number> {
  const pages = paginateQuery(
    { client: db.documentClient },
    {
      TableName: closedTable,
      IndexName: INDEXES.closedByStatus,
      KeyConditionExpression: '#status = :status AND #closed BETWEEN :from AND :to',
      ProjectionExpression: '#closed',
      ExpressionAttributeNames: { '#status': 'labourer_id_task_status', '#closed': 'closed_at' },
      ExpressionAttributeValues: {
        ':status': closedStatusKey(labourerId, status),
        ':from': fromSeconds,
        ':to': toSeconds,
      },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const closedAt: unknown = item.closed_at;
      if (typeof closedAt === 'number') yield Math.floor(closedAt);
    }
  }
}
