import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ClosedTaskRow, MetaRow, RetryTaskRow, TaskRow, TaskTables } from '@sosw/task-manager';
import type { InvocationRecord } from '@sosw/testing';
import type { RunningSample, SystemSnapshot, TaskInvocation } from './types.js';

/** Parallel scan segments: a 50,000-task run leaves a quarter of a million meta rows to read. */
const SEGMENTS = 4;

/**
 * Every row of a table, read with a parallel scan (strongly consistent: the checker must see the last
 * writes). Scans are fine here: these are test tables.
 *
 * @example
 * const closed = await scanAll<ClosedTaskRow>(tables.closed);
 */
export async function scanAll<T>(tableName: string, client = defaultClient()): Promise<T[]> {
  const segments = await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      const items: T[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        items.push(...((page.Items ?? []) as T[]));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey !== undefined);
      return items;
    }),
  );
  return segments.flat();
}

/** A client on `AWS_ENDPOINT_URL_DYNAMODB` as it is now, patient with a DynamoDB that is restarting. */
function defaultClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 10 }));
}

/**
 * The worker runs in an invocation log of the local Lambda endpoint: the invocations of `workerNames`
 * that actually ran (an `abandoned` one, dropped when the endpoint stopped, never did), with the task
 * and attempt each carried.
 *
 * @example
 * const runs = taskInvocations(lambda.invocations, ['chaos_worker']);
 */
export function taskInvocations(
  records: readonly InvocationRecord[],
  workerNames: readonly string[],
): TaskInvocation[] {
  const names = new Set(workerNames);
  const runs: TaskInvocation[] = [];
  for (const record of records) {
    if (!names.has(record.name) || record.status === 'abandoned' || record.status === 'queued') continue;
    const payload = record.payload as Partial<Record<'task_id' | 'labourer_id' | 'attempts', unknown>>;
    runs.push({
      functionName: record.name,
      task_id: String(payload.task_id),
      labourer_id: String(payload.labourer_id),
      attempts: Number(payload.attempts),
      requestId: record.requestId,
    });
  }
  return runs;
}

/**
 * Reads the whole state the checker judges: the four task tables and the worker runs, with the running
 * counts a `RunningSampler` took while the scenario ran.
 *
 * @example
 * const snapshot = await readSnapshot(tables.names, lambda.invocations, ['chaos_worker'], sampler.samples);
 * // `client`: where to read (default: a client on `AWS_ENDPOINT_URL_DYNAMODB`)
 */
export async function readSnapshot(
  tables: TaskTables,
  invocations: readonly InvocationRecord[],
  workerNames: readonly string[],
  runningSamples: readonly RunningSample[],
  client = defaultClient(),
): Promise<SystemSnapshot> {
  const [tasks, retry, closed, meta] = await Promise.all([
    scanAll<TaskRow>(tables.tasks, client),
    scanAll<RetryTaskRow>(tables.retry, client),
    scanAll<ClosedTaskRow>(tables.closed, client),
    scanAll<MetaRow>(tables.meta, client),
  ]);
  return {
    tasks,
    retry,
    closed,
    meta,
    invocations: taskInvocations(invocations, workerNames),
    runningSamples,
  };
}
