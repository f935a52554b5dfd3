import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../src/errors.js';
import { deleteRequest, putRequest, updateRequest } from '../src/write-requests.js';

describe('putRequest', () => {
  it('is a plain put without options', () => {
    expect(putRequest('t', { id: 'a', n: 1 })).toEqual({
      fields: { TableName: 't', Item: { id: 'a', n: 1 } },
      key: undefined,
    });
  });

  it('with ifAbsent adds attribute_not_exists on the key attribute and knows the key', () => {
    expect(putRequest('t', { id: 'a', n: 1 }, { ifAbsent: 'id' })).toEqual({
      fields: {
        TableName: 't',
        Item: { id: 'a', n: 1 },
        ConditionExpression: 'attribute_not_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'id' },
      },
      key: { id: 'a' },
    });
  });

  it('joins ifAbsent and a condition with AND', () => {
    expect(
      putRequest('t', { id: 'a' }, { ifAbsent: 'id', condition: { v: { lt: 3 } } }).fields,
    ).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#n0) AND #n1 < :v0',
      ExpressionAttributeValues: { ':v0': 3 },
    });
  });

  it('refuses ifAbsent naming an attribute the item lacks or that cannot be a key', () => {
    expect(() => putRequest('t', { n: 1 }, { ifAbsent: 'id' })).toThrow(InvalidRequestError);
    expect(() => putRequest('t', { id: { nested: 1 } }, { ifAbsent: 'id' })).toThrow(
      /has no key attribute "id"/,
    );
  });
});

describe('updateRequest', () => {
  it('builds the update and its condition over one set of placeholders', () => {
    expect(updateRequest('t', { id: 'a' }, { set: { s: 'x' } }, { condition: { s: { ne: 'x' } } })).toEqual({
      TableName: 't',
      Key: { id: 'a' },
      UpdateExpression: 'SET #n0 = :v0',
      ConditionExpression: '#n0 <> :v1',
      ExpressionAttributeNames: { '#n0': 's' },
      ExpressionAttributeValues: { ':v0': 'x', ':v1': 'x' },
    });
  });

  it('mustExist (patch) requires the first key attribute to exist', () => {
    expect(
      updateRequest(
        't',
        { pk: 'a', sk: 1 },
        { increment: { n: 1 } },
        { mustExist: true, condition: { n: { lt: 5 } } },
      ),
    ).toMatchObject({
      ConditionExpression: 'attribute_exists(#n1) AND #n0 < :v2',
      ExpressionAttributeNames: { '#n0': 'n', '#n1': 'pk' },
    });
  });

  it('refuses a patch with an empty key', () => {
    expect(() => updateRequest('t', {}, { set: { a: 1 } }, { mustExist: true })).toThrow(
      /patch of table t: the key has no attributes/,
    );
  });
});

describe('deleteRequest', () => {
  it('has no expression fields without a condition', () => {
    expect(deleteRequest('t', { id: 'a' })).toEqual({ TableName: 't', Key: { id: 'a' } });
  });

  it('carries a condition', () => {
    expect(deleteRequest('t', { id: 'a' }, { condition: { done: { exists: true } } })).toEqual({
      TableName: 't',
      Key: { id: 'a' },
      ConditionExpression: 'attribute_exists(#n0)',
      ExpressionAttributeNames: { '#n0': 'done' },
    });
  });
});
