/**
 * How a health metric's value is compared with a feeling's threshold: `value <op> threshold`.
 * `<` and `<=` are for "lower is better" metrics (CPU, latency, errors), `>` and `>=` for "higher is
 * better" ones (free IOPS, free memory).
 */
export type ComparisonOperator = '<' | '<=' | '>' | '>=';

/**
 * Every spelling a config may use. sosw looked the operator up with `getattr(operator, name)`, so its
 * configs say `__le__` or `le` as often as `<=`: all of them work here.
 */
export const COMPARISON_OPERATOR_ALIASES: Readonly<Record<string, ComparisonOperator>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  __lt__: '<',
  __le__: '<=',
  __gt__: '>',
  __ge__: '>=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

/**
 * The operator a config spelling stands for, or `undefined` when it is none of them.
 *
 * @example
 * toComparisonOperator('__le__'); // '<='
 * toComparisonOperator('=='); // undefined
 */
export function toComparisonOperator(spelling: string): ComparisonOperator | undefined {
  return Object.hasOwn(COMPARISON_OPERATOR_ALIASES, spelling)
    ? COMPARISON_OPERATOR_ALIASES[spelling]
    : undefined;
}

/**
 * Whether `value <op> threshold` holds.
 *
 * @example
 * satisfies(25, '<=', 25); // true
 * satisfies(99, '>=', 100); // false
 */
export function satisfies(value: number, operator: ComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/** Whether a metric compared with this operator is better when it is lower. */
export function lowerIsBetter(operator: ComparisonOperator): boolean {
  return operator === '<' || operator === '<=';
}
