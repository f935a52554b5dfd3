import { metricIdentityKey, metricKey, type MetricDimension } from './metric-query.js';
import type { MetricReading, MetricRequest, MetricSource } from './metric-source.js';

/** Which metric a value is for: the statistic, period and window do not matter here. */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: readonly MetricDimension[];
}

/**
 * Metric values held in memory and set at run time: for tests and `pnpm start`, where there is no
 * CloudWatch. A metric has the value last `set` for it (whatever statistic is asked for), or no
 * datapoints until then. `fail` makes every fetch throw, like an unreachable CloudWatch.
 *
 * @example
 * const source = new InMemoryMetricSource();
 * source.set({ namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }] }, 80);
 * const ecology = new Ecology({ source });
 */
export class InMemoryMetricSource implements MetricSource {
  readonly #values = new Map<string, number>();
  #failure: Error | undefined;
  /** Every request received, oldest first. */
  readonly requests: MetricRequest[] = [];

  /** Sets a metric's value; `undefined` takes it away, so it has no datapoints. */
  set(metric: MetricIdentity, value: number | undefined): this {
    const key = metricIdentityKey({ ...metric, dimensions: metric.dimensions ?? [] });
    if (value === undefined) this.#values.delete(key);
    else this.#values.set(key, value);
    return this;
  }

  /** Makes every fetch throw `error` until `recover()`. */
  fail(error: Error): this {
    this.#failure = error;
    return this;
  }

  /** Undoes `fail`. */
  recover(): this {
    this.#failure = undefined;
    return this;
  }

  fetch(request: MetricRequest): Promise<ReadonlyMap<string, MetricReading>> {
    this.requests.push(request);
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const readings = new Map<string, MetricReading>();
    for (const query of request.queries) {
      const value = this.#values.get(metricIdentityKey(query));
      // One datapoint for the last period of the window, so every window sees it.
      const timestamp = new Date(request.end.getTime() - query.period * 1000);
      readings.set(metricKey(query), {
        ok: true,
        datapoints: value === undefined ? [] : [{ timestamp, value }],
      });
    }
    return Promise.resolve(readings);
  }
}
