// MINIMAL BOOTSTRAP VERSION — to be replaced by the full harness.
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS, tableNames, type TableKey } from '@sosw/tables';

export interface TestTables {
  /** The prefix of this test file's tables, e.g. `t3f9a1c_`. */
  prefix: string;
  /** Every sosw table's name under that prefix. */
  names: Record<TableKey, string>;
  /** Deletes the tables. */
  drop(): Promise<void>;
}

/** A fresh table prefix: test files never see each other's rows. */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(4).toString('hex')}_`;
}

/** Creates all sosw tables (from @sosw/tables) under a fresh prefix on this run's DynamoDB endpoint. */
export async function createTestTables(prefix = uniqueTablePrefix()): Promise<TestTables> {
  const client = new DynamoDBClient({});
  await Promise.all(TABLE_KEYS.map((key) => client.send(new CreateTableCommand(createTableInput(key, prefix)))));
  const names = tableNames(prefix);
  return {
    prefix,
    names,
    drop: async () => {
      await Promise.all(Object.values(names).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
    },
  };
}
