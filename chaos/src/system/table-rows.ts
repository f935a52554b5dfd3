import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

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
