import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callsStat, DynamoClient, InvalidRequestError, type SortKeyCondition } from '../src/index.js';
import { createTables, GROUP_INDEX, type TestTables } from './helpers/tables.js';

let tables: TestTables;
let db: DynamoClient;

/** Items p/1 .. p/10 (group odd or even), q/1 (another partition), and strings a#1, a#2, b#1. */
beforeAll(async () => {
  tables = await createTables();
  const seed = new DynamoClient();
  await seed.batchPut(tables.numbers, [
    ...Array.from({ length: 10 }, (_, i) => ({
      pk: 'p',
      sk: i + 1,
      group: (i + 1) % 2 === 0 ? 'even' : 'odd',
      tag: i < 5 ? 'low' : 'high',
    })),
    { pk: 'q', sk: 1, group: 'odd', tag: 'other' },
  ]);
  await seed.batchPut(tables.strings, [
    { pk: 's', sk: 'a#1' },
    { pk: 's', sk: 'a#2' },
    { pk: 's', sk: 'b#1' },
  ]);
});
afterAll(async () => {
  await tables.drop();
});
beforeEach(() => {
  db = new DynamoClient();
});

const p = { name: 'pk', value: 'p' };
const sortKeys = (items: { sk: unknown }[]) => items.map((item) => item.sk);

describe('query key conditions', () => {
  it('reads a whole partition in ascending sort key order, and nothing of other partitions', async () => {
    expect(sortKeys(await db.query<{ sk: number }>(tables.numbers, { partitionKey: p }))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await db.query(tables.numbers, { partitionKey: { name: 'pk', value: 'q' } })).toEqual([
      { pk: 'q', sk: 1, group: 'odd', tag: 'other' },
    ]);
    expect(await db.query(tables.numbers, { partitionKey: { name: 'pk', value: 'none' } })).toEqual([]);
  });

  it.each<[string, SortKeyCondition, number[]]>([
    ['eq', { name: 'sk', eq: 3 }, [3]],
    ['lt', { name: 'sk', lt: 3 }, [1, 2]],
    ['le', { name: 'sk', le: 3 }, [1, 2, 3]],
    ['gt', { name: 'sk', gt: 8 }, [9, 10]],
    ['ge', { name: 'sk', ge: 8 }, [8, 9, 10]],
    ['between', { name: 'sk', between: [4, 6] }, [4, 5, 6]],
  ])('sort key %s', async (_name, sortKey, expected) => {
    expect(sortKeys(await db.query<{ sk: number }>(tables.numbers, { partitionKey: p, sortKey }))).toEqual(
      expected,
    );
  });

  it('sort key beginsWith', async () => {
    const items = await db.query<{ sk: string }>(tables.strings, {
      partitionKey: { name: 'pk', value: 's' },
      sortKey: { name: 'sk', beginsWith: 'a#' },
    });
    expect(sortKeys(items)).toEqual(['a#1', 'a#2']);
  });

  it('descending reverses the order', async () => {
    const items = await db.query<{ sk: number }>(tables.numbers, {
      partitionKey: p,
      sortKey: { name: 'sk', le: 4 },
      descending: true,
    });
    expect(sortKeys(items)).toEqual([4, 3, 2, 1]);
  });

  it('a filter keeps only matching items', async () => {
    const items = await db.query<{ sk: number }>(tables.numbers, {
      partitionKey: p,
      sortKey: { name: 'sk', ge: 3 },
      filter: { tag: { eq: 'low' } },
    });
    expect(sortKeys(items)).toEqual([3, 4, 5]);
  });

  it('queries a global secondary index', async () => {
    const items = await db.query<{ pk: string; sk: number }>(tables.numbers, {
      index: GROUP_INDEX,
      partitionKey: { name: 'group', value: 'odd' },
      sortKey: { name: 'sk', le: 3 },
    });
    expect(items.map((item) => `${item.pk}/${item.sk}`).sort()).toEqual(['p/1', 'p/3', 'q/1']);
  });

  it('consistent reads reach DynamoDB: fine on the table, refused on a global index', async () => {
    expect(await db.query(tables.numbers, { partitionKey: p, consistent: true })).toHaveLength(10);
    await expect(
      db.query(tables.numbers, {
        index: GROUP_INDEX,
        partitionKey: { name: 'group', value: 'odd' },
        consistent: true,
      }),
    ).rejects.toThrow(/[Cc]onsistent read/);
  });

  it('refuses a bad sort key condition before sending', async () => {
    await expect(
      db.query(tables.numbers, { partitionKey: p, sortKey: { name: 'sk', lt: 1, gt: 0 } }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(db.stats.current()[callsStat('Query')]).toBeUndefined();
  });
});

describe('paging', () => {
  it('reads all pages, one request per page', async () => {
    const items = await db.query<{ sk: number }>(tables.numbers, { partitionKey: p, pageSize: 3 });
    expect(sortKeys(items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(db.stats.current()[callsStat('Query')]).toBe(4); // 3 + 3 + 3 + 1
  });

  it('stops at limit, across pages, without reading further', async () => {
    const items = await db.query<{ sk: number }>(tables.numbers, { partitionKey: p, limit: 4, pageSize: 3 });
    expect(sortKeys(items)).toEqual([1, 2, 3, 4]);
    expect(db.stats.current()[callsStat('Query')]).toBe(2);
    expect(sortKeys(await db.query<{ sk: number }>(tables.numbers, { partitionKey: p, limit: 2 }))).toEqual([
      1, 2,
    ]);
  });

  it('with limit and a filter, keeps paging until limit matching items are found', async () => {
    const items = await db.query<{ sk: number }>(tables.numbers, {
      partitionKey: p,
      filter: { tag: { eq: 'high' } },
      limit: 2,
    });
    expect(sortKeys(items)).toEqual([6, 7]);
  });

  it('queryPage returns one page and a cursor that resumes exactly after it', async () => {
    const first = await db.queryPage<{ sk: number }>(tables.numbers, { partitionKey: p, limit: 4 });
    expect(sortKeys(first.items)).toEqual([1, 2, 3, 4]);
    expect(first.cursor).toBeDefined();
    const second = await db.queryPage<{ sk: number }>(tables.numbers, {
      partitionKey: p,
      limit: 4,
      cursor: first.cursor,
    });
    expect(sortKeys(second.items)).toEqual([5, 6, 7, 8]);
    const third = await db.queryPage<{ sk: number }>(tables.numbers, {
      partitionKey: p,
      limit: 4,
      cursor: second.cursor,
    });
    expect(sortKeys(third.items)).toEqual([9, 10]);
    expect(third.cursor).toBeUndefined();
    expect(db.stats.current()[callsStat('Query')]).toBe(3);
  });

  it('queryPage honours the sort key, order and index like query', async () => {
    const page = await db.queryPage<{ sk: number }>(tables.numbers, {
      index: GROUP_INDEX,
      partitionKey: { name: 'group', value: 'even' },
      sortKey: { name: 'sk', gt: 2 },
      descending: true,
      limit: 2,
    });
    expect(sortKeys(page.items)).toEqual([10, 8]);
  });

  it('refuses a limit or page size that is not a positive integer', async () => {
    await expect(db.query(tables.numbers, { partitionKey: p, limit: 0 })).rejects.toThrow(
      /"limit" must be a positive integer/,
    );
    await expect(db.count(tables.numbers, { partitionKey: p, pageSize: -1 })).rejects.toThrow(/"pageSize"/);
  });
});

describe('count', () => {
  it('counts a partition over several pages, summing them', async () => {
    expect(await db.count(tables.numbers, { partitionKey: p, pageSize: 3 })).toBe(10);
    expect(db.stats.current()[callsStat('Query')]).toBe(4);
  });

  it('counts with one request when the page is big enough', async () => {
    expect(await db.count(tables.numbers, { partitionKey: p })).toBe(10);
    expect(db.stats.current()[callsStat('Query')]).toBe(1);
  });

  it('counts under a sort key condition, a filter and on an index', async () => {
    expect(
      await db.count(tables.numbers, {
        partitionKey: p,
        sortKey: { name: 'sk', between: [2, 7] },
        pageSize: 2,
      }),
    ).toBe(6);
    expect(
      await db.count(tables.numbers, { partitionKey: p, filter: { tag: { eq: 'high' } }, pageSize: 4 }),
    ).toBe(5);
    expect(
      await db.count(tables.numbers, { index: GROUP_INDEX, partitionKey: { name: 'group', value: 'odd' } }),
    ).toBe(6);
    expect(await db.count(tables.numbers, { partitionKey: { name: 'pk', value: 'none' } })).toBe(0);
  });
});
