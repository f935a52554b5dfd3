import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callsStat,
  DynamoClient,
  isConditionFailure,
  isTransactionConflict,
  TransactionCanceledError,
  TransactionTooLargeError,
  type TransactAction,
} from '../src/index.js';
import { createTables, type TestTables } from './helpers/tables.js';

let tables: TestTables;
let db: DynamoClient;
let run = 0;
let prefix: string;
const id = (name: string) => `${prefix}-${name}`;

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

describe('transactWrite', () => {
  it('applies put, update, patch, delete and condition check together', async () => {
    await db.put(tables.items, { id: id('counter'), n: 1 });
    await db.put(tables.items, { id: id('task'), status: 'running' });
    await db.put(tables.items, { id: id('old') });
    await db.put(tables.items, { id: id('flag'), on: true });

    await db.transactWrite([
      { type: 'put', table: tables.items, item: { id: id('new'), v: 1 }, ifAbsent: 'id' },
      { type: 'update', table: tables.items, key: { id: id('counter') }, update: { increment: { n: 2 } } },
      { type: 'patch', table: tables.items, key: { id: id('task') }, update: { set: { status: 'done' } } },
      { type: 'delete', table: tables.items, key: { id: id('old') }, condition: { id: { exists: true } } },
      {
        type: 'conditionCheck',
        table: tables.items,
        key: { id: id('flag') },
        condition: { on: { eq: true } },
      },
      { type: 'put', table: tables.numbers, item: { pk: id('meta'), sk: 1, action: 'archived' } },
    ]);

    expect(await db.get(tables.items, { id: id('new') }, { consistent: true })).toEqual({
      id: id('new'),
      v: 1,
    });
    expect(await db.get(tables.items, { id: id('counter') }, { consistent: true })).toEqual({
      id: id('counter'),
      n: 3,
    });
    expect(await db.get(tables.items, { id: id('task') }, { consistent: true })).toEqual({
      id: id('task'),
      status: 'done',
    });
    expect(await db.get(tables.items, { id: id('old') }, { consistent: true })).toBeUndefined();
    expect(await db.get(tables.numbers, { pk: id('meta'), sk: 1 }, { consistent: true })).toMatchObject({
      action: 'archived',
    });
    expect(db.stats.current()[callsStat('TransactWriteItems')]).toBe(1);
  });

  it('a failed condition at index 2 cancels everything and the error names action 2, its table and key', async () => {
    await db.put(tables.items, { id: id('a'), n: 1 });
    await db.put(tables.items, { id: id('c'), status: 'closed' });
    await db.put(tables.items, { id: id('d') });

    const actions: TransactAction[] = [
      { type: 'put', table: tables.items, item: { id: id('new') }, ifAbsent: 'id' },
      { type: 'update', table: tables.items, key: { id: id('a') }, update: { increment: { n: 1 } } },
      {
        type: 'conditionCheck',
        table: tables.items,
        key: { id: id('c') },
        condition: { status: { eq: 'open' } },
      },
      { type: 'delete', table: tables.items, key: { id: id('d') } },
    ];
    const attempt = db.transactWrite(actions);
    await expect(attempt).rejects.toBeInstanceOf(TransactionCanceledError);
    const error = (await attempt.catch((e: unknown) => e)) as TransactionCanceledError;

    expect(error.reasons.map((reason) => reason.code)).toEqual([
      'None',
      'None',
      'ConditionalCheckFailed',
      'None',
    ]);
    expect(error.conditionFailures).toEqual([
      expect.objectContaining({
        index: 2,
        action: 'conditionCheck',
        table: tables.items,
        key: { id: id('c') },
      }),
    ]);
    expect(error.message).toContain(
      `action 2 (conditionCheck on table ${tables.items}, key {"id":"${id('c')}"})`,
    );
    expect(error.message).not.toMatch(/action [013]/);
    expect(isConditionFailure(error)).toBe(true);
    expect(isTransactionConflict(error)).toBe(false);
    expect((error.cause as Error).name).toBe('TransactionCanceledException');

    // Nothing was written.
    expect(await db.get(tables.items, { id: id('new') }, { consistent: true })).toBeUndefined();
    expect(await db.get(tables.items, { id: id('a') }, { consistent: true })).toEqual({ id: id('a'), n: 1 });
    expect(await db.get(tables.items, { id: id('d') }, { consistent: true })).toEqual({ id: id('d') });
  });

  it('names a put that found its item present, and a patch that found its item missing', async () => {
    await db.put(tables.items, { id: id('there') });
    const attempt = db.transactWrite([
      { type: 'put', table: tables.items, item: { id: id('there') }, ifAbsent: 'id' },
      { type: 'patch', table: tables.items, key: { id: id('missing') }, update: { set: { v: 1 } } },
    ]);
    const error = (await attempt.catch((e: unknown) => e)) as TransactionCanceledError;
    expect(error).toBeInstanceOf(TransactionCanceledError);
    expect(error.conditionFailures.map((reason) => [reason.index, reason.key])).toEqual([
      [0, { id: id('there') }],
      [1, { id: id('missing') }],
    ]);
    expect(await db.get(tables.items, { id: id('missing') }, { consistent: true })).toBeUndefined();
  });

  it('takes 100 actions', async () => {
    const actions = Array.from({ length: 100 }, (_, i): TransactAction => ({
      type: 'put',
      table: tables.items,
      item: { id: id(`${i}`) },
    }));
    await db.transactWrite(actions);
    expect(await db.get(tables.items, { id: id('99') }, { consistent: true })).toEqual({ id: id('99') });
  });

  it('refuses 101 actions before sending anything', async () => {
    const actions = Array.from({ length: 101 }, (_, i): TransactAction => ({
      type: 'put',
      table: tables.items,
      item: { id: id(`${i}`) },
    }));
    await expect(db.transactWrite(actions)).rejects.toBeInstanceOf(TransactionTooLargeError);
    expect(db.stats.current()[callsStat('TransactWriteItems')]).toBeUndefined();
    expect(await db.get(tables.items, { id: id('0') }, { consistent: true })).toBeUndefined();
  });

  it('with a client request token, a resent transaction is not applied twice', async () => {
    await db.put(tables.items, { id: id('counter'), n: 0 });
    const actions: TransactAction[] = [
      { type: 'update', table: tables.items, key: { id: id('counter') }, update: { increment: { n: 1 } } },
    ];
    const clientRequestToken = id('token');
    await db.transactWrite(actions, { clientRequestToken });
    await db.transactWrite(actions, { clientRequestToken });
    expect(await db.get(tables.items, { id: id('counter') }, { consistent: true })).toEqual({
      id: id('counter'),
      n: 1,
    });
    await db.transactWrite(actions);
    expect(await db.get(tables.items, { id: id('counter') }, { consistent: true })).toEqual({
      id: id('counter'),
      n: 2,
    });
  });

  it('lets other errors through unchanged', async () => {
    await expect(
      db.transactWrite([{ type: 'put', table: `${tables.items}_missing`, item: { id: 'x' } }]),
    ).rejects.toThrow(/ResourceNotFound|non-existent table|Requested resource not found/);
  });
});
