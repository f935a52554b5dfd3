import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  isConditionFailure,
  isTransactionConflict,
  TransactionCanceledError,
  TransactionTooLargeError,
  ConditionFailedError,
} from '../src/errors.js';
import {
  cancellationReasons,
  transactItems,
  TRANSACTION_LIMIT,
  type TransactAction,
} from '../src/transact.js';

const actions: TransactAction[] = [
  { type: 'put', table: 'closed', item: { task_id: 't1', v: 1 }, ifAbsent: 'task_id' },
  { type: 'put', table: 'meta', item: { task_id: 't1', created_at: 5 } },
  { type: 'update', table: 'tasks', key: { task_id: 't2' }, update: { increment: { n: 1 } } },
  {
    type: 'patch',
    table: 'tasks',
    key: { task_id: 't3' },
    update: { set: { s: 'x' } },
    condition: { s: { ne: 'x' } },
  },
  { type: 'delete', table: 'tasks', key: { task_id: 't1' }, condition: { completed_at: { exists: true } } },
  {
    type: 'conditionCheck',
    table: 'config',
    key: { env: 'p', config_name: 'c' },
    condition: { on: { eq: true } },
  },
];

describe('transactItems', () => {
  it('turns each kind of action into its TransactWriteItem', () => {
    expect(transactItems(actions)).toEqual([
      {
        Put: {
          TableName: 'closed',
          Item: { task_id: 't1', v: 1 },
          ConditionExpression: 'attribute_not_exists(#n0)',
          ExpressionAttributeNames: { '#n0': 'task_id' },
        },
      },
      { Put: { TableName: 'meta', Item: { task_id: 't1', created_at: 5 } } },
      {
        Update: {
          TableName: 'tasks',
          Key: { task_id: 't2' },
          UpdateExpression: 'SET #n0 = if_not_exists(#n0, :v0) + :v1',
          ExpressionAttributeNames: { '#n0': 'n' },
          ExpressionAttributeValues: { ':v0': 0, ':v1': 1 },
        },
      },
      {
        Update: {
          TableName: 'tasks',
          Key: { task_id: 't3' },
          UpdateExpression: 'SET #n0 = :v0',
          ConditionExpression: 'attribute_exists(#n1) AND #n0 <> :v1',
          ExpressionAttributeNames: { '#n0': 's', '#n1': 'task_id' },
          ExpressionAttributeValues: { ':v0': 'x', ':v1': 'x' },
        },
      },
      {
        Delete: {
          TableName: 'tasks',
          Key: { task_id: 't1' },
          ConditionExpression: 'attribute_exists(#n0)',
          ExpressionAttributeNames: { '#n0': 'completed_at' },
        },
      },
      {
        ConditionCheck: {
          TableName: 'config',
          Key: { env: 'p', config_name: 'c' },
          ConditionExpression: '#n0 = :v0',
          ExpressionAttributeNames: { '#n0': 'on' },
          ExpressionAttributeValues: { ':v0': true },
        },
      },
    ]);
  });

  it('accepts exactly 100 actions and refuses 101 with TransactionTooLargeError', () => {
    const put = (i: number): TransactAction => ({ type: 'put', table: 't', item: { id: `${i}` } });
    expect(transactItems(Array.from({ length: TRANSACTION_LIMIT }, (_, i) => put(i)))).toHaveLength(100);
    const tooMany = Array.from({ length: 101 }, (_, i) => put(i));
    expect(() => transactItems(tooMany)).toThrow(TransactionTooLargeError);
    expect(() => transactItems(tooMany)).toThrow(/at most 100 actions, this one has 101/);
    try {
      transactItems(tooMany);
    } catch (error) {
      expect(error).toMatchObject({ actions: 101, limit: 100 });
      expect(error).toBeInstanceOf(InvalidRequestError);
    }
  });

  it('refuses an empty transaction and a condition check without a condition', () => {
    expect(() => transactItems([])).toThrow(/at least one action/);
    expect(() =>
      transactItems([
        actions[0]!,
        { type: 'conditionCheck', table: 'config', key: { env: 'p' }, condition: {} },
      ]),
    ).toThrow(/action 1 \(conditionCheck on config\) has no condition/);
  });
});

describe('cancellationReasons and TransactionCanceledError', () => {
  const dynamoReasons = [
    { Code: 'None' },
    { Code: 'None' },
    { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    { Code: 'None' },
    { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
    { Code: 'None' },
  ];

  it('pairs each reason with its action, table and key', () => {
    const reasons = cancellationReasons(actions, dynamoReasons);
    expect(reasons).toHaveLength(6);
    expect(reasons[0]).toEqual({
      index: 0,
      code: 'None',
      message: undefined,
      action: 'put',
      table: 'closed',
      key: { task_id: 't1' },
    });
    expect(reasons[1]).toMatchObject({ action: 'put', key: undefined });
    expect(reasons[2]).toEqual({
      index: 2,
      code: 'ConditionalCheckFailed',
      message: 'The conditional request failed',
      action: 'update',
      table: 'tasks',
      key: { task_id: 't2' },
    });
  });

  it('marks missing reasons as Unknown', () => {
    expect(cancellationReasons(actions.slice(0, 2), undefined).map((r) => r.code)).toEqual([
      'Unknown',
      'Unknown',
    ]);
  });

  it('names the failed actions in its message and tells condition failures from conflicts', () => {
    const error = new TransactionCanceledError(cancellationReasons(actions, dynamoReasons));
    expect(error.name).toBe('TransactionCanceledError');
    expect(error.message).toContain(
      'action 2 (update on table tasks, key {"task_id":"t2"}): ConditionalCheckFailed',
    );
    expect(error.message).toContain(
      'action 4 (delete on table tasks, key {"task_id":"t1"}): TransactionConflict',
    );
    expect(error.message).not.toContain('action 0');
    expect(error.conditionFailures.map((r) => r.index)).toEqual([2]);
    expect(error.hasConditionFailure).toBe(true);
    expect(error.hasConflict).toBe(true);
    expect(isConditionFailure(error)).toBe(true);
    expect(isTransactionConflict(error)).toBe(true);
  });

  it('a conflict alone is not a condition failure, and the reverse', () => {
    const conflict = new TransactionCanceledError(
      cancellationReasons(actions.slice(0, 2), [{ Code: 'TransactionConflict' }, { Code: 'None' }]),
    );
    expect(isConditionFailure(conflict)).toBe(false);
    expect(isTransactionConflict(conflict)).toBe(true);
    const condition = new TransactionCanceledError(
      cancellationReasons(actions.slice(0, 2), [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }]),
    );
    expect(isConditionFailure(condition)).toBe(true);
    expect(isTransactionConflict(condition)).toBe(false);
  });

  it('a single-item write refused because a transaction holds its item is a conflict too', () => {
    // What the SDK throws for PutItem / UpdateItem / DeleteItem then; its retry strategy does not retry it.
    const refused = Object.assign(new Error('Transaction is ongoing for the item'), {
      name: 'TransactionConflictException',
    });
    expect(isTransactionConflict(refused)).toBe(true);
    expect(isConditionFailure(refused)).toBe(false);
  });

  it('the helpers say no to other errors', () => {
    expect(isConditionFailure(new Error('x'))).toBe(false);
    expect(isTransactionConflict(new ConditionFailedError('PutItem', 't', undefined))).toBe(false);
    expect(isConditionFailure(new ConditionFailedError('PutItem', 't', undefined))).toBe(true);
    expect(isConditionFailure(undefined)).toBe(false);
  });

  it('says so when DynamoDB gave no reason', () => {
    expect(new TransactionCanceledError([]).message).toMatch(/no reason/);
  });
});
