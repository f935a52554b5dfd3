import { SoswError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import {
  ConditionFailedError,
  DynamoClientError,
  InvalidRequestError,
  TransactionTooLargeError,
  UnprocessedItemsError,
  UnprocessedKeysError,
} from '../src/errors.js';

describe('errors', () => {
  it('all descend from SoswError through DynamoClientError, with their class name as name', () => {
    const errors = [
      new InvalidRequestError('x'),
      new TransactionTooLargeError(101, 100),
      new ConditionFailedError('DeleteItem', 't', { id: 'a' }),
      new UnprocessedItemsError([], 3),
      new UnprocessedKeysError('t', [], [], 3),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(SoswError);
      expect(error).toBeInstanceOf(DynamoClientError);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('ConditionFailedError names the operation, table and key, and keeps the cause', () => {
    const cause = new Error('ConditionalCheckFailedException');
    const error = new ConditionFailedError(
      'UpdateItem',
      'sosw_tasks',
      { task_id: 't1', blob: new Uint8Array(9) },
      { cause },
    );
    expect(error.message).toBe(
      'UpdateItem on table sosw_tasks failed its condition for key {"task_id":"t1","blob":"<9 bytes>"}',
    );
    expect(error.cause).toBe(cause);
    expect(new ConditionFailedError('PutItem', 't', undefined).message).toContain('(key unknown)');
  });

  it('UnprocessedItemsError and UnprocessedKeysError say how many were left and carry them', () => {
    const left = [
      { table: 't', put: { id: 'a' } },
      { table: 't', delete: { id: 'b' } },
    ];
    const writes = new UnprocessedItemsError(left, 8);
    expect(writes.message).toMatch(/left 2 item\(s\) unprocessed after 8 retries/);
    expect(writes.unprocessed).toBe(left);
    const reads = new UnprocessedKeysError('t', [{ id: 'a' }], [{ id: 'b' }], 4);
    expect(reads.message).toMatch(/from table t left 1 key\(s\) unread after 4 retries/);
    expect(reads).toMatchObject({ table: 't', unprocessed: [{ id: 'a' }], items: [{ id: 'b' }], retries: 4 });
  });
});
