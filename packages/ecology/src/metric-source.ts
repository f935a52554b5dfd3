import type { Datapoint, MetricQuery } from './metric-query.js';

/** What one run asks a metric source for: every distinct query, over one time window. */
export interface MetricRequest {
  /** Distinct by `metricKey`. */
  readonly queries: readonly MetricQuery[];
  readonly start: Date;
  readonly end: Date;
}

/** What came back for one query: its datapoints (maybe none), or why it could not be read. */
export type MetricReading =
  | { readonly ok: true; readonly datapoints: readonly Datapoint[] }
  | { readonly ok: false; readonly error: unknown };

/**
 * Where health metrics come from. CloudWatch in production (`CloudWatchMetricSource`); an in-memory
 * source for tests and `pnpm start` (`InMemoryMetricSource`).
 *
 * `fetch` is called once per ecology run with every query of the run. It answers by `metricKey(query)`;
 * a query it leaves out counts as one with no datapoints. It may throw: the run then treats every query
 * as unreadable, and carries on.
 */
export interface MetricSource {
  fetch(request: MetricRequest): Promise<ReadonlyMap<string, MetricReading>>;
}
