import { InvalidRequestError } from './errors.js';
import type { Placeholders } from './placeholders.js';
import type { KeyValue } from './types.js';

/** The partition key of a query: every item returned has this value in this attribute. */
export interface PartitionKeyCondition {
  name: string;
  value: KeyValue;
}

/**
 * One test on the sort key of a query (exactly one operator). `between` includes both ends;
 * `beginsWith` works on string and binary keys.
 *
 * @example
 * const queued: SortKeyCondition = { name: 'greenfield', lt: start };
 * const window: SortKeyCondition = { name: 'closed_at', between: [from, to] };
 */
export type SortKeyCondition = { name: string } & (
  | { eq: KeyValue }
  | { lt: KeyValue }
  | { le: KeyValue }
  | { gt: KeyValue }
  | { ge: KeyValue }
  | { between: readonly [KeyValue, KeyValue] }
  | { beginsWith: string | Uint8Array }
);

const COMPARISONS = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
const OPERATORS = [...Object.keys(COMPARISONS), 'between', 'beginsWith'];

function sortKeyClause(condition: SortKeyCondition, placeholders: Placeholders): string {
  const { name: attribute, ...tests } = condition;
  const entries = Object.entries(tests) as [string, unknown][];
  const [only] = entries;
  if (entries.length !== 1 || only === undefined) {
    throw new InvalidRequestError(
      `sort key condition on "${attribute}" needs exactly one of ${OPERATORS.join(', ')}; ` +
        `got ${entries.length === 0 ? 'none' : entries.map(([test]) => test).join(', ')}`,
    );
  }
  const [test, value] = only;
  if (value === undefined)
    throw new InvalidRequestError(`sort key condition on "${attribute}": "${test}" is undefined`);
  const name = placeholders.name(attribute);
  if (test === 'between') {
    if (!Array.isArray(value) || value.length !== 2) {
      throw new InvalidRequestError(`sort key condition on "${attribute}": "between" needs [low, high]`);
    }
    const [low, high] = value as [unknown, unknown];
    return `${name} BETWEEN ${placeholders.value(low)} AND ${placeholders.value(high)}`;
  }
  if (test === 'beginsWith') return `begins_with(${name}, ${placeholders.value(value)})`;
  if (!Object.hasOwn(COMPARISONS, test)) {
    throw new InvalidRequestError(
      `sort key condition on "${attribute}" has an unknown operator "${test}": use ${OPERATORS.join(', ')}`,
    );
  }
  return `${name} ${COMPARISONS[test as keyof typeof COMPARISONS]} ${placeholders.value(value)}`;
}

/**
 * The `KeyConditionExpression` of a query: partition key equals a value, and at most one test on the
 * sort key.
 *
 * @example
 * keyConditionExpression({ name: 'labourer_id', value: 'l1' }, { name: 'greenfield', lt: 100 }, new Placeholders());
 * // '#n0 = :v0 AND #n1 < :v1'
 */
export function keyConditionExpression(
  partitionKey: PartitionKeyCondition,
  sortKey: SortKeyCondition | undefined,
  placeholders: Placeholders,
): string {
  const partition = `${placeholders.name(partitionKey.name)} = ${placeholders.value(partitionKey.value)}`;
  return sortKey === undefined ? partition : `${partition} AND ${sortKeyClause(sortKey, placeholders)}`;
}
