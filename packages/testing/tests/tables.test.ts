import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { INDEXES, TABLE_KEYS } from '@sosw/tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTables, TableSetupError, uniqueTablePrefix, type TestTables } from '../src/index.js';
import { isActive } from '../src/tables.js';

const client = new DynamoDBClient({});
let first: TestTables;
let second: TestTables;

beforeAll(async () => {
  [first, second] = await Promise.all([createTestTables(), createTestTables()]);
});
afterAll(async () => {
  await Promise.all([first.drop(), second.drop()]);
  client.destroy();
});

async function tableNames(): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  return names;
}

describe('uniqueTablePrefix', () => {
  it('gives a new short prefix each time', () => {
    const prefixes = new Set(Array.from({ length: 100 }, () => uniqueTablePrefix()));

    expect(prefixes.size).toBe(100);
    for (const prefix of prefixes) expect(prefix).toMatch(/^t[0-9a-f]{8}_$/);
  });
});

describe('createTestTables', () => {
  it('creates every sosw table, ACTIVE with its indexes, under its prefix', async () => {
    expect(first.prefix).not.toBe(second.prefix);
    expect(Object.keys(first.names).sort()).toEqual([...TABLE_KEYS].sort());
    expect(first.names.tasks).toBe(`${first.prefix}sosw_tasks`);
    expect(first.names.config).toBe(`${first.prefix}config`);

    const existing = await tableNames();
    for (const name of Object.values(first.names)) expect(existing).toContain(name);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: first.names.tasks }));
    expect(isActive(Table)).toBe(true);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([INDEXES.greenfield]);
  });

  it('keeps the rows of two prefixes apart', async () => {
    const task = { task_id: { S: 'task-1' }, labourer_id: { S: 'l1' }, greenfield: { N: '1000' } };
    await client.send(new PutItemCommand({ TableName: first.names.tasks, Item: task }));

    const mine = await client.send(
      new GetItemCommand({ TableName: first.names.tasks, Key: { task_id: task.task_id } }),
    );
    const theirs = await client.send(new ScanCommand({ TableName: second.names.tasks }));

    expect(mine.Item).toEqual(task);
    expect(theirs.Items).toEqual([]);
  });

  it('refuses a prefix whose tables exist, naming the table, and leaves them alone', async () => {
    const error = await createTestTables(first.prefix).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TableSetupError);
    expect((error as TableSetupError).tableName.startsWith(first.prefix)).toBe(true);
    expect((error as Error).message).toContain('exists already');
    const existing = await tableNames();
    for (const name of Object.values(first.names)) expect(existing).toContain(name);
  });

  it('drops its tables, and a second drop is fine', async () => {
    const tables = await createTestTables();

    await tables.drop();
    await tables.drop();

    const existing = await tableNames();
    for (const name of Object.values(tables.names)) expect(existing).not.toContain(name);
  });
});

describe('isActive', () => {
  it('needs the table and every global index ACTIVE', () => {
    expect(isActive({ TableStatus: 'ACTIVE' })).toBe(true);
    expect(isActive({ TableStatus: 'CREATING' })).toBe(false);
    expect(isActive(undefined)).toBe(false);
    expect(isActive({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'ACTIVE' }] })).toBe(
      true,
    );
    expect(isActive({ TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: 'CREATING' }] })).toBe(
      false,
    );
  });
});
