import { InvalidRequestError } from './errors.js';
import type { Placeholders } from './placeholders.js';

/**
 * Tests on one attribute; several tests on one attribute must all hold (`{ ge: 1, lt: 5 }`).
 * `exists: true` is `attribute_exists`, `exists: false` is `attribute_not_exists`.
 */
export interface Comparison {
  eq?: unknown;
  ne?: unknown;
  lt?: unknown;
  le?: unknown;
  gt?: unknown;
  ge?: unknown;
  exists?: boolean;
}

/**
 * A condition on an item: attribute name to its tests, all joined with AND. Names and values become
 * placeholders, never expression text.
 *
 * @example
 * // the orchestrator's claim: still queued, and not completed
 * const claimable: Condition = { greenfield: { lt: start }, completed_at: { exists: false } };
 */
export type Condition = Readonly<Record<string, Comparison>>;

const OPERATORS = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
type Operator = keyof typeof OPERATORS;
const TESTS = [...Object.keys(OPERATORS), 'exists'].join(', ');

function isOperator(test: string): test is Operator {
  return Object.hasOwn(OPERATORS, test);
}

/** The clauses of one attribute's comparison, e.g. `['#n0 >= :v0', '#n0 < :v1']`. */
function comparisonClauses(attribute: string, comparison: Comparison, placeholders: Placeholders): string[] {
  const tests = Object.entries(comparison);
  if (tests.length === 0) {
    throw new InvalidRequestError(`condition on attribute "${attribute}" has no test: give one of ${TESTS}`);
  }
  return tests.map(([test, value]) => {
    if (value === undefined) {
      throw new InvalidRequestError(`condition on attribute "${attribute}": "${test}" is undefined`);
    }
    const name = placeholders.name(attribute);
    if (test === 'exists') {
      if (typeof value !== 'boolean') {
        throw new InvalidRequestError(
          `condition on attribute "${attribute}": "exists" must be true or false`,
        );
      }
      return value ? `attribute_exists(${name})` : `attribute_not_exists(${name})`;
    }
    if (!isOperator(test)) {
      throw new InvalidRequestError(
        `condition on attribute "${attribute}" has an unknown test "${test}": use ${TESTS}`,
      );
    }
    return `${name} ${OPERATORS[test]} ${placeholders.value(value)}`;
  });
}

/**
 * The `ConditionExpression` (or `FilterExpression`) for conditions joined with AND, or `undefined` when
 * there is nothing to test. `undefined` entries are skipped, so optional conditions can be passed as is.
 *
 * @example
 * const p = new Placeholders();
 * conditionExpression([{ greenfield: { lt: 100 } }, { task_id: { exists: true } }], p);
 * // '#n0 < :v0 AND attribute_exists(#n1)'
 */
export function conditionExpression(
  conditions: readonly (Condition | undefined)[],
  placeholders: Placeholders,
): string | undefined {
  const clauses = conditions.flatMap((condition) =>
    Object.entries(condition ?? {}).flatMap(([attribute, comparison]) =>
      comparisonClauses(attribute, comparison, placeholders),
    ),
  );
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}
