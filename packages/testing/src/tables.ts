import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_KEYS, tableNames, type TableKey } from '@sosw/tables';
import { TableSetupError } from './errors.js';

/** The sosw tables of one test file. */
export interface TestTables {
  /** The prefix of this test file's tables, e.g. `t3f9a1c0b_`. */
  prefix: string;
  /** Every sosw table's name under that prefix. */
  names: Record<TableKey, string>;
  /** Deletes the tables (idempotent: a table already gone is fine). */
  drop(): Promise<void>;
}

/** Options of `createTestTables()`. */
export interface TestTablesOptions {
  /** The client to use; default: one for this run's DynamoDB endpoint (from the environment). */
  client?: DynamoDBClient;
  /** How long tables may take to become ACTIVE, in ms (default 60 000). */
  activeTimeoutMs?: number;
}

const DEFAULT_ACTIVE_TIMEOUT_MS = 60_000;
const LONGEST_PAUSE_MS = 1_000;

/**
 * A fresh table prefix, `t<8 hex digits>_`: tables under two prefixes never see each other's rows.
 *
 * @example
 * ```ts
 * uniqueTablePrefix(); // e.g. 't3f9a1c0b_'
 * ```
 */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(4).toString('hex')}_`;
}

/**
 * Creates all sosw tables (from `@sosw/tables`) under a fresh prefix on this run's DynamoDB endpoint and
 * waits until they and their indexes are ACTIVE. Call it once per test file, in `beforeAll`.
 * If one table cannot be created, the ones that were are deleted again and a `TableSetupError` names it.
 *
 * @example
 * ```ts
 * let tables: TestTables;
 * beforeAll(async () => {
 *   tables = await createTestTables();
 * });
 * afterAll(() => tables.drop());
 * ```
 */
export async function createTestTables(
  prefix = uniqueTablePrefix(),
  options: TestTablesOptions = {},
): Promise<TestTables> {
  const client = options.client ?? new DynamoDBClient({});
  const names = tableNames(prefix);
  const drop = async () => {
    await Promise.all(Object.values(names).map((name) => deleteTable(client, name)));
  };

  const created = await Promise.allSettled(
    TABLE_KEYS.map((key) => client.send(new CreateTableCommand(createTableInput(key, prefix)))),
  );
  const failed = created.findIndex((result) => result.status === 'rejected');
  if (failed !== -1) {
    const result = created[failed] as PromiseRejectedResult;
    const name = names[TABLE_KEYS[failed] as TableKey];
    // Only what this call created: a table that existed before belongs to someone else.
    const ours = TABLE_KEYS.filter((_, index) => created[index]?.status === 'fulfilled');
    await Promise.all(ours.map((key) => deleteTable(client, names[key]))).catch(() => undefined);
    const hint =
      result.reason instanceof ResourceInUseException ? ' (it exists already: use a fresh prefix)' : '';
    throw new TableSetupError(
      `Could not create test table ${name} under prefix '${prefix}'${hint}: ${describe(result.reason)}`,
      name,
      { cause: result.reason },
    );
  }

  try {
    const deadline = performance.now() + (options.activeTimeoutMs ?? DEFAULT_ACTIVE_TIMEOUT_MS);
    await Promise.all(Object.values(names).map((name) => waitUntilActive(client, name, deadline)));
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { prefix, names, drop };
}

/** Whether a table and all its global indexes can be used. */
export function isActive(table: TableDescription | undefined): boolean {
  return (
    table?.TableStatus === 'ACTIVE' &&
    (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
  );
}

async function waitUntilActive(client: DynamoDBClient, name: string, deadline: number): Promise<void> {
  // DynamoDB Local makes tables ACTIVE at once; DynamoDB takes seconds. Poll quickly, then back off.
  for (let pause = 25; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (isActive(Table)) return;
    if (performance.now() + pause > deadline) {
      throw new TableSetupError(
        `Test table ${name} is still ${Table?.TableStatus ?? 'unknown'} (or one of its indexes is not ACTIVE) after the wait`,
        name,
      );
    }
    await delay(pause);
  }
}

async function deleteTable(client: DynamoDBClient, name: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
