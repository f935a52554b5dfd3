import type { StandardUnit } from '@aws-sdk/client-cloudwatch';
import type { MetricStatistic } from './statistics.js';

/** A CloudWatch dimension: which resource a metric is about (`DBInstanceIdentifier` = `my-db`). */
export interface MetricDimension {
  readonly name: string;
  readonly value: string;
}

/**
 * One CloudWatch metric statistic a health metric watches, normalised from sosw's `details`:
 * which metric, aggregated how, over how long.
 */
export interface MetricQuery {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
  /** Seconds per datapoint. */
  readonly period: number;
  readonly statistic: MetricStatistic;
  readonly unit?: StandardUnit | undefined;
  /** How far back the value looks, in seconds: sosw's `MetricAggregationTimeSlice`. */
  readonly windowSeconds: number;
}

/** A metric statistic's value for one period starting at `timestamp`. */
export interface Datapoint {
  readonly timestamp: Date;
  readonly value: number;
}

// CloudWatch does not care in which order dimensions are listed, so neither do the keys.
function sortedDimensions(dimensions: readonly MetricDimension[]): [string, string][] {
  return [...dimensions]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((dimension) => [dimension.name, dimension.value]);
}

/**
 * The identity of what CloudWatch is asked for: metric, dimensions (in any order), period, statistic and
 * unit. Health metrics with the same key share one query in a run; the window is not part of it, because
 * one query over the longest window serves the shorter ones too.
 *
 * @example
 * const cpu = { namespace: 'AWS/RDS', metricName: 'CPUUtilization', period: 60, statistic: 'Average' } as const;
 * metricKey({ ...cpu, dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }], windowSeconds: 300 }) ===
 *   metricKey({ ...cpu, dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }], windowSeconds: 600 }); // true
 */
export function metricKey(query: MetricQuery): string {
  return JSON.stringify([
    query.namespace,
    query.metricName,
    sortedDimensions(query.dimensions),
    query.period,
    query.statistic,
    query.unit ?? null,
  ]);
}

/** Which metric a query is about, whatever the statistic: the key of the in-memory source. */
export function metricIdentityKey(
  query: Pick<MetricQuery, 'namespace' | 'metricName' | 'dimensions'>,
): string {
  return JSON.stringify([query.namespace, query.metricName, sortedDimensions(query.dimensions)]);
}
