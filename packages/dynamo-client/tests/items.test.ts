import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Stats } from '@sosw/core';
import {
  callsStat,
  ConditionFailedError,
  DynamoClient,
  InvalidRequestError,
  isConditionFailure,
  STAT_NAMES,
  type Comparison,
} from '../src/index.js';
import { createTables, type TestTables } from './helpers/tables.js';

let tables: TestTables;
let db: DynamoClient;
let id = 0;
const nextId = (): string => `item-${++id}`;

beforeAll(async () => {
  tables = await createTables();
});
afterAll(async () => {
  await tables.drop();
});
beforeEach(() => {
  db = new DynamoClient();
});

describe('get and put', () => {
  it('writes an item and reads it back, consistent or not, and returns undefined for a missing key', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, n: 1, tags: new Set(['a']), note: undefined });
    expect(await db.get(tables.items, key, { consistent: true })).toEqual({
      ...key,
      n: 1,
      tags: new Set(['a']),
    });
    expect(await db.get(tables.items, key)).toEqual({ ...key, n: 1, tags: new Set(['a']) });
    expect(await db.get(tables.items, { id: 'no-such-item' })).toBeUndefined();
  });

  it('put replaces an existing item unless ifAbsent is given', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, v: 'first' });
    await db.put(tables.items, { ...key, v: 'second' });
    expect(await db.get(tables.items, key, { consistent: true })).toEqual({ ...key, v: 'second' });
  });

  it('put with ifAbsent succeeds once, then throws ConditionFailedError and leaves the item alone', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, v: 'first' }, { ifAbsent: 'id' });
    const second = db.put(tables.items, { ...key, v: 'second' }, { ifAbsent: 'id' });
    await expect(second).rejects.toBeInstanceOf(ConditionFailedError);
    const error = (await second.catch((e: unknown) => e)) as ConditionFailedError;
    expect(error).toMatchObject({ operation: 'PutItem', table: tables.items, key });
    expect(error.message).toContain(tables.items);
    expect(error.message).toContain(key.id);
    expect(isConditionFailure(error)).toBe(true);
    expect(await db.get(tables.items, key, { consistent: true })).toEqual({ ...key, v: 'first' });
  });

  it('put with ifAbsent refuses an item that lacks the named key attribute, before sending', async () => {
    await expect(db.put(tables.items, { other: 'x' }, { ifAbsent: 'id' })).rejects.toThrow(
      /ifAbsent "id": the item has no key attribute "id"/,
    );
    expect(db.stats.current()[callsStat('PutItem')]).toBeUndefined();
  });

  it('put with a condition writes only when it holds', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, version: 1 });
    await db.put(tables.items, { ...key, version: 2 }, { condition: { version: { eq: 1 } } });
    await expect(
      db.put(tables.items, { ...key, version: 3 }, { condition: { version: { eq: 1 } } }),
    ).rejects.toThrow(ConditionFailedError);
    expect(await db.get(tables.items, key, { consistent: true })).toEqual({ ...key, version: 2 });
  });
});

describe('update and patch', () => {
  it('sets, increments (from 0 when missing, and onwards) and removes, returning the new item', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, status: 'new', lock: 'x', attempts: 2 });
    const updated = await db.update(tables.items, key, {
      set: { status: 'running', 'odd.name': 1 },
      increment: { attempts: 1, failures: 3 },
      remove: ['lock'],
    });
    const expected = { ...key, status: 'running', 'odd.name': 1, attempts: 3, failures: 3 };
    expect(updated).toEqual(expected);
    expect(await db.get(tables.items, key, { consistent: true })).toEqual(expected);
    expect(await db.update(tables.items, key, { increment: { attempts: -2 } })).toMatchObject({
      attempts: 1,
    });
  });

  it('update creates a missing item; patch refuses to and throws ConditionFailedError', async () => {
    const created = { id: nextId() };
    expect(await db.update(tables.items, created, { set: { v: 1 } })).toEqual({ ...created, v: 1 });

    const missing = { id: nextId() };
    const patch = db.patch(tables.items, missing, { set: { completed_at: 123 } });
    await expect(patch).rejects.toBeInstanceOf(ConditionFailedError);
    await expect(patch).rejects.toMatchObject({ operation: 'UpdateItem', key: missing });
    expect(await db.get(tables.items, missing, { consistent: true })).toBeUndefined();
  });

  it("returns only the attributes written with returns: 'updated'", async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, greenfield: 100, payload: 'x'.repeat(1000) });
    const changed = await db.patch(
      tables.items,
      key,
      { set: { greenfield: 500 }, increment: { attempts: 1 } },
      { condition: { greenfield: { lt: 200 } }, returns: 'updated' },
    );
    expect(changed).toEqual({ greenfield: 500, attempts: 1 });
    expect(await db.get(tables.items, key, { consistent: true })).toMatchObject({
      greenfield: 500,
      attempts: 1,
    });
  });

  it('patch changes an existing item, and also honours its own condition', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, greenfield: 100 });
    const claimed = await db.patch(
      tables.items,
      key,
      { set: { greenfield: 500 }, increment: { attempts: 1 } },
      { condition: { greenfield: { lt: 200 } } },
    );
    expect(claimed).toEqual({ ...key, greenfield: 500, attempts: 1 });
    // A second claim finds greenfield 500, no longer < 200.
    await expect(
      db.patch(tables.items, key, { set: { greenfield: 900 } }, { condition: { greenfield: { lt: 200 } } }),
    ).rejects.toThrow(ConditionFailedError);
    expect(await db.get(tables.items, key, { consistent: true })).toMatchObject({
      greenfield: 500,
      attempts: 1,
    });
  });

  // Each test against an item with n = 5 and no attribute `gone`: one value that passes, one that fails.
  const cases: [string, Comparison, Comparison][] = [
    ['eq', { eq: 5 }, { eq: 6 }],
    ['ne', { ne: 6 }, { ne: 5 }],
    ['lt', { lt: 6 }, { lt: 5 }],
    ['le', { le: 5 }, { le: 4 }],
    ['gt', { gt: 4 }, { gt: 5 }],
    ['ge', { ge: 5 }, { ge: 6 }],
    ['exists', { exists: true }, { exists: false }],
    ['range', { gt: 4, lt: 6 }, { gt: 4, lt: 5 }],
  ];
  it.each(cases)('condition %s passes and fails as DynamoDB evaluates it', async (_name, passes, fails) => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, n: 5, seen: 0 });
    await db.update(tables.items, key, { increment: { seen: 1 } }, { condition: { n: passes } });
    await expect(
      db.update(tables.items, key, { increment: { seen: 1 } }, { condition: { n: fails } }),
    ).rejects.toThrow(ConditionFailedError);
    expect(await db.get(tables.items, key, { consistent: true })).toMatchObject({ seen: 1 });
  });

  it('attribute_not_exists: a condition on a missing attribute', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, n: 5 });
    await db.update(
      tables.items,
      key,
      { set: { done: true } },
      { condition: { completed_at: { exists: false } } },
    );
    await db.update(tables.items, key, { set: { completed_at: 1 } });
    await expect(
      db.update(
        tables.items,
        key,
        { set: { done: false } },
        { condition: { completed_at: { exists: false } } },
      ),
    ).rejects.toThrow(ConditionFailedError);
    expect(await db.get(tables.items, key, { consistent: true })).toMatchObject({ done: true });
  });

  it('conditions on several attributes must all hold (AND)', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, a: 1, b: 2 });
    await expect(
      db.update(tables.items, key, { set: { c: 3 } }, { condition: { a: { eq: 1 }, b: { eq: 3 } } }),
    ).rejects.toThrow(ConditionFailedError);
    expect(
      await db.update(tables.items, key, { set: { c: 3 } }, { condition: { a: { eq: 1 }, b: { eq: 2 } } }),
    ).toEqual({ ...key, a: 1, b: 2, c: 3 });
  });

  it('values that look like expression syntax are stored as values', async () => {
    const key = { id: nextId() };
    const sneaky = ':v0 OR attribute_exists(#n0)';
    await db.put(tables.items, { ...key, note: 'x' });
    await expect(
      db.update(tables.items, key, { set: { note: 'changed' } }, { condition: { note: { eq: sneaky } } }),
    ).rejects.toThrow(ConditionFailedError);
    expect(await db.update(tables.items, key, { set: { note: sneaky } })).toMatchObject({ note: sneaky });
  });

  it('refuses an update that changes nothing, before sending', async () => {
    await expect(db.update(tables.items, { id: nextId() }, {})).rejects.toBeInstanceOf(InvalidRequestError);
    expect(db.stats.current()[callsStat('UpdateItem')]).toBeUndefined();
  });
});

describe('delete', () => {
  it('deletes an item and returns it; deleting a missing item returns undefined', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, v: 1 });
    expect(await db.delete(tables.items, key)).toEqual({ ...key, v: 1 });
    expect(await db.get(tables.items, key, { consistent: true })).toBeUndefined();
    expect(await db.delete(tables.items, key)).toBeUndefined();
  });

  it('a delete with a condition that does not hold throws ConditionFailedError and keeps the item', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, { ...key, v: 1 });
    const attempt = db.delete(tables.items, key, { condition: { completed_at: { exists: true } } });
    await expect(attempt).rejects.toMatchObject({
      name: 'ConditionFailedError',
      operation: 'DeleteItem',
      key,
    });
    expect(await db.get(tables.items, key, { consistent: true })).toEqual({ ...key, v: 1 });
  });
});

describe('stats', () => {
  it('counts calls per operation and consumed capacity, and resets the current figures', async () => {
    const stats = new Stats();
    const counted = new DynamoClient({ stats });
    expect(counted.stats).toBe(stats);
    const key = { id: nextId() };
    await counted.put(tables.items, { ...key, v: 1 });
    await counted.get(tables.items, key);
    await counted.get(tables.items, key);
    await counted.update(tables.items, key, { set: { v: 2 } });
    await counted.delete(tables.items, key);

    const current = stats.current();
    expect(current[callsStat('PutItem')]).toBe(1);
    expect(current[callsStat('GetItem')]).toBe(2);
    expect(current[callsStat('UpdateItem')]).toBe(1);
    expect(current[callsStat('DeleteItem')]).toBe(1);
    // put 1 WCU, 2 eventually consistent gets 0.5 RCU each, update 1, delete 1
    expect(current[STAT_NAMES.consumedCapacity]).toBe(4);

    stats.reset();
    expect(stats.current()).toEqual({});
    expect(stats.lifetime()[callsStat('GetItem')]).toBe(2);
  });

  it('counts the call of a conditional write that failed', async () => {
    const key = { id: nextId() };
    await db.put(tables.items, key);
    await expect(db.put(tables.items, key, { ifAbsent: 'id' })).rejects.toThrow(ConditionFailedError);
    expect(db.stats.current()[callsStat('PutItem')]).toBe(2);
  });
});
