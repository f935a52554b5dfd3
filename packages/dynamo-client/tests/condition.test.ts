import { describe, expect, it } from 'vitest';
import { conditionExpression, type Comparison, type Condition } from '../src/condition.js';
import { InvalidRequestError } from '../src/errors.js';
import { Placeholders } from '../src/placeholders.js';

function build(...conditions: (Condition | undefined)[]) {
  const p = new Placeholders();
  return { expression: conditionExpression(conditions, p), ...p.attributes() };
}

describe('conditionExpression', () => {
  it.each([
    ['eq', '='],
    ['ne', '<>'],
    ['lt', '<'],
    ['le', '<='],
    ['gt', '>'],
    ['ge', '>='],
  ])('%s compares with %s', (test, operator) => {
    expect(build({ n: { [test]: 7 } })).toEqual({
      expression: `#n0 ${operator} :v0`,
      ExpressionAttributeNames: { '#n0': 'n' },
      ExpressionAttributeValues: { ':v0': 7 },
    });
  });

  it('exists true and false are attribute_exists and attribute_not_exists, with no value', () => {
    expect(build({ a: { exists: true }, b: { exists: false } })).toEqual({
      expression: 'attribute_exists(#n0) AND attribute_not_exists(#n1)',
      ExpressionAttributeNames: { '#n0': 'a', '#n1': 'b' },
    });
  });

  it('joins every test of every attribute and every condition with AND, reusing name placeholders', () => {
    expect(build({ g: { ge: 1, lt: 5 } }, undefined, { g: { ne: 3 }, done: { exists: false } })).toEqual({
      expression: '#n0 >= :v0 AND #n0 < :v1 AND #n0 <> :v2 AND attribute_not_exists(#n1)',
      ExpressionAttributeNames: { '#n0': 'g', '#n1': 'done' },
      ExpressionAttributeValues: { ':v0': 1, ':v1': 5, ':v2': 3 },
    });
  });

  it('is undefined when there is nothing to test', () => {
    expect(build()).toEqual({ expression: undefined });
    expect(build(undefined, {})).toEqual({ expression: undefined });
  });

  it('never puts a value into the expression text', () => {
    const sneaky = 'x OR attribute_exists(#n0)';
    const { expression, ExpressionAttributeValues } = build({ name: { eq: sneaky } });
    expect(expression).toBe('#n0 = :v0');
    expect(ExpressionAttributeValues).toEqual({ ':v0': sneaky });
  });

  it('refuses an attribute without a test, naming it', () => {
    expect(() => build({ status: {} })).toThrow(InvalidRequestError);
    expect(() => build({ status: {} })).toThrow(/attribute "status" has no test/);
  });

  it('refuses an undefined value, naming the attribute and the test', () => {
    expect(() => build({ status: { eq: undefined } })).toThrow(/attribute "status": "eq" is undefined/);
  });

  it('refuses an unknown test and a non-boolean exists', () => {
    expect(() => build({ status: { equals: 1 } as Comparison })).toThrow(/unknown test "equals"/);
    expect(() => build({ status: { exists: 'yes' } as unknown as Comparison })).toThrow(
      /"exists" must be true or false/,
    );
  });
});
