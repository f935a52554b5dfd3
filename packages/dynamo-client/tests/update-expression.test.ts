import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../src/errors.js';
import { Placeholders } from '../src/placeholders.js';
import { updateExpression, type UpdateSpec } from '../src/update-expression.js';

function build(spec: UpdateSpec) {
  const p = new Placeholders();
  return { expression: updateExpression(spec, p), ...p.attributes() };
}

describe('updateExpression', () => {
  it('sets values', () => {
    expect(build({ set: { status: 'done', n: 2 } })).toEqual({
      expression: 'SET #n0 = :v0, #n1 = :v1',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'n' },
      ExpressionAttributeValues: { ':v0': 'done', ':v1': 2 },
    });
  });

  it('increments from 0 when the attribute is missing', () => {
    expect(build({ increment: { attempts: 1 } })).toEqual({
      expression: 'SET #n0 = if_not_exists(#n0, :v0) + :v1',
      ExpressionAttributeNames: { '#n0': 'attempts' },
      ExpressionAttributeValues: { ':v0': 0, ':v1': 1 },
    });
  });

  it('removes attributes', () => {
    expect(build({ remove: ['lock', 'owner'] })).toEqual({
      expression: 'REMOVE #n0, #n1',
      ExpressionAttributeNames: { '#n0': 'lock', '#n1': 'owner' },
    });
  });

  it('puts all assignments in one SET clause, then REMOVE', () => {
    expect(build({ remove: ['lock'], increment: { attempts: 2 }, set: { status: 'x' } }).expression).toBe(
      'SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2 REMOVE #n2',
    );
  });

  it('refuses an update that changes nothing', () => {
    expect(() => build({})).toThrow(InvalidRequestError);
    expect(() => build({ set: {}, increment: {}, remove: [] })).toThrow(/changes nothing/);
  });

  it('refuses setting undefined, pointing at remove', () => {
    expect(() => build({ set: { note: undefined } })).toThrow(/sets attribute "note" to undefined.*"remove"/);
  });

  it('refuses a non-finite increment', () => {
    expect(() => build({ increment: { n: Number.NaN } })).toThrow(/increments attribute "n" by NaN/);
    expect(() => build({ increment: { n: Infinity } })).toThrow(InvalidRequestError);
  });

  it('refuses one attribute in two clauses, naming both', () => {
    expect(() => build({ set: { n: 1 }, increment: { n: 1 } })).toThrow(/"n" in both "set" and "increment"/);
    expect(() => build({ set: { n: 1 }, remove: ['n'] })).toThrow(/"n" in both "set" and "remove"/);
  });
});
