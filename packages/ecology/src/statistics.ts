import { lowerIsBetter, type ComparisonOperator } from './operators.js';

/** The statistics CloudWatch computes for every metric. */
export const BASIC_STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'] as const;

export type BasicStatistic = (typeof BASIC_STATISTICS)[number];

/** A percentile such as `p99` or `p99.9`. */
export type Percentile = `p${string}`;

/** What CloudWatch is asked to compute for each period of a metric. */
export type MetricStatistic = BasicStatistic | Percentile;

// CloudWatch takes percentiles "p0.0" to "p100" with up to two decimal places:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
const PERCENTILE = /^p(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)$/;

/**
 * Whether a statistic is a percentile CloudWatch accepts.
 *
 * @example
 * isPercentile('p99.9'); // true
 * isPercentile('p101'); // false
 */
export function isPercentile(statistic: string): statistic is Percentile {
  return PERCENTILE.test(statistic);
}

/**
 * Whether a string is a statistic sosw can ask CloudWatch for.
 *
 * @example
 * isMetricStatistic('Sum'); // true
 * isMetricStatistic('Median'); // false
 */
export function isMetricStatistic(statistic: string): statistic is MetricStatistic {
  return (BASIC_STATISTICS as readonly string[]).includes(statistic) || isPercentile(statistic);
}

/**
 * One value for a health metric from its per-period values over the window, or `undefined` when there
 * are none (no datapoints is not zero).
 *
 * - Average: the mean of the periods' averages (as sosw did).
 * - Minimum / Maximum: the smallest / largest.
 * - Sum / SampleCount: the total over the window ("errors in the last 5 minutes").
 * - a percentile cannot be combined exactly, so the worst period counts: the highest when lower is
 *   better (`<`, `<=`), the lowest when higher is better (`>`, `>=`).
 *
 * @example
 * metricValue('Average', [10, 20, 60], '<='); // 30
 * metricValue('Sum', [1, 2, 3], '<'); // 6
 * metricValue('p99', [120, 900, 110], '<='); // 900
 * metricValue('Maximum', [], '<='); // undefined
 */
export function metricValue(
  statistic: MetricStatistic,
  values: readonly number[],
  operator: ComparisonOperator,
): number | undefined {
  if (values.length === 0) return undefined;
  switch (statistic) {
    case 'Average':
      return sum(values) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'Sum':
    case 'SampleCount':
      return sum(values);
    default:
      return lowerIsBetter(operator) ? Math.max(...values) : Math.min(...values);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
