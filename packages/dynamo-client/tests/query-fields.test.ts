import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../src/errors.js';
import { positiveInteger, queryFields } from '../src/query.js';

describe('queryFields', () => {
  it('builds key condition and filter over one set of placeholders, with index and order', () => {
    expect(
      queryFields('tasks', {
        index: 'by_greenfield',
        partitionKey: { name: 'labourer_id', value: 'l1' },
        sortKey: { name: 'greenfield', lt: 100 },
        filter: { completed_at: { exists: false } },
        descending: true,
        consistent: false,
      }),
    ).toEqual({
      TableName: 'tasks',
      IndexName: 'by_greenfield',
      KeyConditionExpression: '#n0 = :v0 AND #n1 < :v1',
      FilterExpression: 'attribute_not_exists(#n2)',
      ExpressionAttributeNames: { '#n0': 'labourer_id', '#n1': 'greenfield', '#n2': 'completed_at' },
      ExpressionAttributeValues: { ':v0': 'l1', ':v1': 100 },
      ScanIndexForward: false,
      ConsistentRead: false,
    });
  });

  it('leaves out what was not asked for', () => {
    expect(queryFields('t', { partitionKey: { name: 'pk', value: 1 } })).toEqual({
      TableName: 't',
      KeyConditionExpression: '#n0 = :v0',
      ExpressionAttributeNames: { '#n0': 'pk' },
      ExpressionAttributeValues: { ':v0': 1 },
    });
  });
});

describe('positiveInteger', () => {
  it('passes positive integers and undefined, and refuses the rest naming the option', () => {
    expect(positiveInteger('limit', 3)).toBe(3);
    expect(positiveInteger('limit', undefined)).toBeUndefined();
    expect(() => positiveInteger('limit', 0)).toThrow(InvalidRequestError);
    expect(() => positiveInteger('pageSize', 1.5)).toThrow(/"pageSize" must be a positive integer, got 1.5/);
  });
});
