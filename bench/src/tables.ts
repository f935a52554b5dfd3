import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS } from '@sosw/tables';
import { taskTableNames, type TaskTables } from '@sosw/task-manager';

/** Creates every sosw table under `prefix` on the DynamoDB endpoint of the environment: the task tables' names. */
export async function createTables(prefix: string): Promise<TaskTables> {
  const raw = new DynamoDBClient({});
  await Promise.all(TABLE_KEYS.map((key) => raw.send(new CreateTableCommand(createTableInput(key, prefix)))));
  raw.destroy();
  return taskTableNames(undefined, prefix);
}
