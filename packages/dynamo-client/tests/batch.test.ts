import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callsStat,
  DynamoClient,
  STAT_NAMES,
  UnprocessedItemsError,
  UnprocessedKeysError,
  type Item,
} from '../src/index.js';
import { leaveKeysUnprocessed, leaveWritesUnprocessed, watchBatches } from './helpers/send-double.js';
import { createTables, type TestTables } from './helpers/tables.js';

let tables: TestTables;
let db: DynamoClient;
let run = 0;
let prefix: string;

/** `count` items with ids unique to this test: `<test>-0`, `<test>-1`, ... */
const makeItems = (count: number): Item[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, n: i, payload: 'x'.repeat(100) }));
const keysOf = (items: Item[]) => items.map((item) => ({ id: item.id as string }));
const ids = (items: Item[]) => items.map((item) => item.id as string).sort();

/** Reads items back through a client of its own, so the test's stats stay the test's. */
const readBack = (items: Item[]) =>
  new DynamoClient().batchGet(tables.items, keysOf(items), { consistent: true });

// Quick retries, so give-up tests take milliseconds.
const fastRetry = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 4 };

beforeAll(async () => {
  tables = await createTables();
});
afterAll(async () => {
  await tables.drop();
});
beforeEach(() => {
  prefix = `run${++run}`;
  db = new DynamoClient();
});

describe('batch write', () => {
  it('writes 60 items in 3 requests of at most 25', async () => {
    const items = makeItems(60);
    const watched = watchBatches(db);
    await db.batchPut(tables.items, items);
    expect(watched.requestSizes.sort((a, b) => a - b)).toEqual([10, 25, 25]);
    expect(db.stats.current()[callsStat('BatchWriteItem')]).toBe(3);
    expect(db.stats.current()[STAT_NAMES.consumedCapacity]).toBe(60);
    expect(ids(await readBack(items))).toEqual(ids(items));
  });

  it('deletes by key, and mixes puts and deletes across tables in one call', async () => {
    const items = makeItems(30);
    await db.batchPut(tables.items, items);
    await db.batchDelete(tables.items, keysOf(items.slice(0, 20)));
    expect(ids(await readBack(items))).toEqual(ids(items.slice(20)));

    await db.batchWrite([
      { table: tables.items, delete: { id: items[25]!.id as string } },
      { table: tables.numbers, put: { pk: prefix, sk: 1 } },
      { table: tables.strings, put: { pk: prefix, sk: 'a' } },
    ]);
    expect(await db.get(tables.items, { id: items[25]!.id as string })).toBeUndefined();
    expect(await db.get(tables.numbers, { pk: prefix, sk: 1 })).toEqual({ pk: prefix, sk: 1 });
    expect(await db.get(tables.strings, { pk: prefix, sk: 'a' })).toEqual({ pk: prefix, sk: 'a' });
  });

  it('sends nothing for no writes', async () => {
    await db.batchWrite([]);
    expect(db.stats.current()[callsStat('BatchWriteItem')]).toBeUndefined();
  });

  it('keeps at most batchConcurrency requests in flight', async () => {
    const one = new DynamoClient({ batchConcurrency: 1 });
    const serial = watchBatches(one);
    await one.batchPut(tables.items, makeItems(100));
    expect(serial.mostInFlight).toBe(1);

    const three = new DynamoClient({ batchConcurrency: 3 });
    const parallel = watchBatches(three);
    await three.batchPut(tables.items, makeItems(200));
    expect(parallel.requestSizes).toHaveLength(8);
    expect(parallel.mostInFlight).toBe(3);
  });

  it('retries unprocessed items until all are written (simulated UnprocessedItems, see send-double.ts)', async () => {
    const items = makeItems(60);
    const client = new DynamoClient({ batchRetry: { ...fastRetry, maxRetries: 8 } });
    // Each request writes half of what it carries (rounded up); the rest comes back "unprocessed".
    const double = leaveWritesUnprocessed(client, (size) => Math.ceil(size / 2));
    await client.batchPut(tables.items, items);
    expect(ids(await readBack(items))).toEqual(ids(items));
    // A chunk of 25 leaves 12, then 6, 3, 1; the chunk of 10 leaves 5, 2, 1: each retry resends only those.
    expect(double.requestSizes.sort((a, b) => b - a)).toEqual([
      25, 25, 12, 12, 10, 6, 6, 5, 3, 3, 2, 1, 1, 1,
    ]);
    expect(client.stats.current()[STAT_NAMES.unprocessedRetries]).toBe(11);
    expect(client.stats.current()[callsStat('BatchWriteItem')]).toBe(14);
  });

  it('gives up after maxRetries with UnprocessedItemsError carrying exactly the unwritten items', async () => {
    const items = makeItems(60);
    const client = new DynamoClient({ batchRetry: fastRetry });
    // Each request writes only its first item.
    const double = leaveWritesUnprocessed(client, () => 1);
    const attempt = client.batchPut(tables.items, items);
    await expect(attempt).rejects.toBeInstanceOf(UnprocessedItemsError);
    const error = (await attempt.catch((e: unknown) => e)) as UnprocessedItemsError;

    // Chunks 25, 25, 10: 1 + 3 retries each write 4 items per chunk; 21 + 21 + 6 are left.
    expect(double.requestSizes).toHaveLength(12);
    expect(error.unprocessed).toHaveLength(48);
    expect(error.retries).toBe(3);
    expect(error.message).toContain('left 48 item(s) unprocessed after 3 retries');

    const written = await readBack(items);
    expect(written).toHaveLength(12);
    const left = error.unprocessed.map((request) => ('put' in request ? (request.put.id as string) : ''));
    expect([...ids(written), ...left].sort()).toEqual(ids(items));
    expect(error.unprocessed.every((request) => request.table === tables.items)).toBe(true);
  });

  it('gives up at once with maxRetries 0', async () => {
    const client = new DynamoClient({ batchRetry: { maxRetries: 0 } });
    const double = leaveWritesUnprocessed(client, () => 0);
    await expect(client.batchPut(tables.items, makeItems(5))).rejects.toThrow(
      /left 5 item\(s\) unprocessed after 0/,
    );
    expect(double.requestSizes).toEqual([5]);
  });

  it('lets a DynamoDB error through', async () => {
    await expect(db.batchPut(`${tables.items}_missing`, makeItems(2))).rejects.toThrow(
      /ResourceNotFound|non-existent table/,
    );
  });
});

describe('batch get', () => {
  it('reads 250 keys in 3 requests of at most 100 and skips missing items', async () => {
    const items = makeItems(240);
    await db.batchPut(tables.items, items);
    const keys = [
      ...keysOf(items),
      ...Array.from({ length: 10 }, (_, i) => ({ id: `${prefix}-missing-${i}` })),
    ];
    const client = new DynamoClient();
    const double = leaveKeysUnprocessed(client, (size) => size);
    const read = await client.batchGet<{ id: string; n: number }>(tables.items, keys);
    expect(double.requestSizes.sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(client.stats.current()[callsStat('BatchGetItem')]).toBe(3);
    expect(ids(read)).toEqual(ids(items));
    expect(read.find((item) => item.id === `${prefix}-7`)).toEqual(items[7]);
  });

  it('reads duplicate keys once, and sends nothing for no keys', async () => {
    const items = makeItems(2);
    await db.batchPut(tables.items, items);
    const read = await db.batchGet(tables.items, [...keysOf(items), ...keysOf(items)], { consistent: true });
    expect(ids(read)).toEqual(ids(items));
    expect(await db.batchGet(tables.items, [])).toEqual([]);
    expect(db.stats.current()[callsStat('BatchGetItem')]).toBe(1);
  });

  it('retries unprocessed keys until all are read (simulated UnprocessedKeys, see send-double.ts)', async () => {
    const items = makeItems(150);
    await db.batchPut(tables.items, items);
    const client = new DynamoClient({ batchRetry: { ...fastRetry, maxRetries: 8 } });
    // Each request reads half its keys (rounded up); the rest come back "unprocessed".
    const double = leaveKeysUnprocessed(client, (size) => Math.ceil(size / 2));
    const read = await client.batchGet(tables.items, keysOf(items));
    expect(ids(read)).toEqual(ids(items));
    // 100 leaves 50, 25, 12, 6, 3, 1; 50 leaves 25, 12, 6, 3, 1.
    expect(double.requestSizes.sort((a, b) => b - a)).toEqual([
      100, 50, 50, 25, 25, 12, 12, 6, 6, 3, 3, 1, 1,
    ]);
    expect(client.stats.current()[STAT_NAMES.unprocessedRetries]).toBe(11);
  });

  it('gives up with UnprocessedKeysError carrying the unread keys and the items read', async () => {
    const items = makeItems(10);
    await db.batchPut(tables.items, items);
    const client = new DynamoClient({ batchRetry: fastRetry });
    leaveKeysUnprocessed(client, () => 2);
    const attempt = client.batchGet(tables.items, keysOf(items));
    await expect(attempt).rejects.toBeInstanceOf(UnprocessedKeysError);
    const error = (await attempt.catch((e: unknown) => e)) as UnprocessedKeysError;
    expect(error.items).toHaveLength(8);
    expect(error.unprocessed).toHaveLength(2);
    expect(error.message).toContain(`from table ${tables.items} left 2 key(s) unread after 3 retries`);
    expect([...ids([...error.items]), ...error.unprocessed.map((key) => key.id as string)].sort()).toEqual(
      ids(items),
    );
  });
});
