import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS, tableName } from '@sosw/tables';

/** What a `tables` command did, per table name. */
export interface TablesOutcome {
  done: string[];
  /** Already there (create) or already gone (delete). */
  unchanged: string[];
}

const WAIT = { maxWaitTime: 120, minDelay: 1, maxDelay: 2 };

/**
 * Creates every sosw table under `prefix` (on-demand), and `extra` tables if given; tables that exist
 * are left alone, so it can run again. Waits until all are ACTIVE.
 *
 * @example
 * ```ts
 * await createTables('dev_'); // { done: ['dev_sosw_tasks', ...], unchanged: [] }
 * ```
 */
export async function createTables(
  prefix = '',
  {
    client = new DynamoDBClient({}),
    extra = [],
  }: { client?: DynamoDBClient; extra?: CreateTableCommandInput[] } = {},
): Promise<TablesOutcome> {
  const inputs = [...TABLE_KEYS.map((key) => createTableInput(key, prefix)), ...extra];
  const outcome: TablesOutcome = { done: [], unchanged: [] };
  await Promise.all(
    inputs.map(async (input) => {
      const name = input.TableName ?? '';
      try {
        await client.send(new CreateTableCommand(input));
        outcome.done.push(name);
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        outcome.unchanged.push(name);
      }
      await waitUntilTableExists({ client, ...WAIT }, { TableName: name });
    }),
  );
  return outcome;
}

/**
 * Deletes every sosw table under `prefix`; tables already gone are reported as `unchanged`.
 *
 * @example
 * ```ts
 * await deleteTables('dev_');
 * ```
 */
export async function deleteTables(
  prefix = '',
  { client = new DynamoDBClient({}) }: { client?: DynamoDBClient } = {},
): Promise<TablesOutcome> {
  const outcome: TablesOutcome = { done: [], unchanged: [] };
  await Promise.all(
    TABLE_KEYS.map(async (key) => {
      const name = tableName(key, prefix);
      try {
        await client.send(new DeleteTableCommand({ TableName: name }));
        outcome.done.push(name);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        outcome.unchanged.push(name);
        return;
      }
      await waitUntilTableNotExists({ client, ...WAIT }, { TableName: name });
    }),
  );
  return outcome;
}
