import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../src/errors.js';
import { keyConditionExpression, type SortKeyCondition } from '../src/key-condition.js';
import { Placeholders } from '../src/placeholders.js';

const partition = { name: 'pk', value: 'p1' };

function build(sortKey?: SortKeyCondition) {
  const p = new Placeholders();
  return { expression: keyConditionExpression(partition, sortKey, p), ...p.attributes() };
}

describe('keyConditionExpression', () => {
  it('is the partition key alone when there is no sort key condition', () => {
    expect(build()).toEqual({
      expression: '#n0 = :v0',
      ExpressionAttributeNames: { '#n0': 'pk' },
      ExpressionAttributeValues: { ':v0': 'p1' },
    });
  });

  it.each([
    [{ name: 'sk', eq: 3 }, '#n1 = :v1'],
    [{ name: 'sk', lt: 3 }, '#n1 < :v1'],
    [{ name: 'sk', le: 3 }, '#n1 <= :v1'],
    [{ name: 'sk', gt: 3 }, '#n1 > :v1'],
    [{ name: 'sk', ge: 3 }, '#n1 >= :v1'],
  ] as const)('compares the sort key: %o', (sortKey, clause) => {
    expect(build(sortKey)).toEqual({
      expression: `#n0 = :v0 AND ${clause}`,
      ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
      ExpressionAttributeValues: { ':v0': 'p1', ':v1': 3 },
    });
  });

  it('between takes both ends as values', () => {
    expect(build({ name: 'sk', between: [2, 9] })).toMatchObject({
      expression: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      ExpressionAttributeValues: { ':v0': 'p1', ':v1': 2, ':v2': 9 },
    });
  });

  it('beginsWith uses begins_with', () => {
    expect(build({ name: 'sk', beginsWith: 'a#' })).toMatchObject({
      expression: '#n0 = :v0 AND begins_with(#n1, :v1)',
      ExpressionAttributeValues: { ':v0': 'p1', ':v1': 'a#' },
    });
  });

  it('refuses a sort key condition with no operator or two, naming the attribute', () => {
    expect(() => build({ name: 'sk' } as SortKeyCondition)).toThrow(InvalidRequestError);
    expect(() => build({ name: 'sk' } as SortKeyCondition)).toThrow(/"sk" needs exactly one of .*; got none/);
    expect(() => build({ name: 'sk', lt: 1, gt: 0 })).toThrow(/got lt, gt/);
  });

  it('refuses an unknown operator, an undefined value and a malformed between', () => {
    expect(() => build({ name: 'sk', ne: 1 } as unknown as SortKeyCondition)).toThrow(
      /unknown operator "ne"/,
    );
    expect(() => build({ name: 'sk', lt: undefined } as unknown as SortKeyCondition)).toThrow(
      /"lt" is undefined/,
    );
    expect(() => build({ name: 'sk', between: [1] } as unknown as SortKeyCondition)).toThrow(
      /needs \[low, high\]/,
    );
  });
});
