import { describe, expect, it } from 'vitest';
import { sumConsumedCapacity } from '../src/consumed-capacity.js';
import { callsStat } from '../src/stat-names.js';

describe('sumConsumedCapacity', () => {
  it('reads one entry', () => {
    expect(sumConsumedCapacity({ TableName: 't', CapacityUnits: 1.5 })).toEqual({
      total: 1.5,
      read: 0,
      write: 0,
    });
  });

  it('sums entries of several tables, with read and write where given', () => {
    expect(
      sumConsumedCapacity([
        { TableName: 'a', CapacityUnits: 2, WriteCapacityUnits: 2 },
        { TableName: 'b', CapacityUnits: 3, ReadCapacityUnits: 1, WriteCapacityUnits: 2 },
        { TableName: 'c' },
      ]),
    ).toEqual({ total: 5, read: 1, write: 4 });
  });

  it('is zero when DynamoDB reported nothing', () => {
    expect(sumConsumedCapacity(undefined)).toEqual({ total: 0, read: 0, write: 0 });
    expect(sumConsumedCapacity([])).toEqual({ total: 0, read: 0, write: 0 });
  });
});

describe('callsStat', () => {
  it('names the counter of an operation in snake_case', () => {
    expect(callsStat('GetItem')).toBe('dynamodb_get_item_calls');
    expect(callsStat('Query')).toBe('dynamodb_query_calls');
    expect(callsStat('TransactWriteItems')).toBe('dynamodb_transact_write_items_calls');
    expect(callsStat('BatchWriteItem')).toBe('dynamodb_batch_write_item_calls');
  });
});
