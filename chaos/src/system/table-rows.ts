import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MetaRow } from '@sosw/task-manager';

/**
 * How many rows a table holds, by a strongly consistent scan: what a write that should not have happened
 * would change.
 */
export async function countRows(client: DynamoDBClient, tableName: string): Promise<number> {
  let total = 0;
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey }),
    );
    total += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey !== undefined);
  return total;
}

/** A task's meta rows, by a strongly consistent query: its story as written so far. */
export async function metaRowsOf(
  documents: DynamoDBDocumentClient,
  metaTable: string,
  taskId: string,
): Promise<MetaRow[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: metaTable,
      KeyConditionExpression: 'task_id = :id',
      ExpressionAttributeValues: { ':id': taskId },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []) as MetaRow[];
}
