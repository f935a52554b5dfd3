import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { chunk } from './chunk.js';
import { MetricQueryError } from './errors.js';
import { metricKey, type Datapoint, type MetricQuery } from './metric-query.js';
import type { MetricReading, MetricRequest, MetricSource } from './metric-source.js';

/** "You can include up to 500 MetricDataQuery structures in one GetMetricData call" (CloudWatch API reference). */
export const GET_METRIC_DATA_MAX_QUERIES = 500;

export interface CloudWatchMetricSourceOptions {
  /** Defaults to `new CloudWatchClient({})`: region and credentials from the Lambda's environment. */
  readonly client?: CloudWatchClient;
}

/** What a query's pages add up to. */
interface Collected {
  datapoints: Datapoint[];
  statusCode: MetricDataResult['StatusCode'];
  messages: string[];
}

function toMetricDataQuery(query: MetricQuery, id: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: query.dimensions.map((dimension) => ({ Name: dimension.name, Value: dimension.value })),
      },
      Period: query.period,
      // GetMetricData takes basic statistics and percentiles alike in `Stat`.
      Stat: query.statistic,
      ...(query.unit === undefined ? {} : { Unit: query.unit }),
    },
    ReturnData: true,
  };
}

function toReading(collected: Collected | undefined, query: MetricQuery): MetricReading {
  if (collected === undefined) return { ok: true, datapoints: [] };
  if (collected.statusCode === 'InternalError' || collected.statusCode === 'Forbidden') {
    const detail = collected.messages.length > 0 ? `: ${collected.messages.join('; ')}` : '';
    return {
      ok: false,
      error: new MetricQueryError(
        `CloudWatch answered ${collected.statusCode} for ${query.namespace} ${query.metricName} ` +
          `(${query.statistic}, ${query.period} s)${detail}`,
      ),
    };
  }
  return { ok: true, datapoints: collected.datapoints };
}

/**
 * Health metrics from CloudWatch: every query of a run in one `GetMetricData` call (one per 500 queries),
 * following `NextToken` until the answer is complete.
 *
 * A call that fails makes its queries unreadable (the run then gives them `status_when_no_data` and logs
 * why) rather than throwing: an ecology that cannot see must not stop the orchestrator.
 *
 * @example
 * const source = new CloudWatchMetricSource({ client: new CloudWatchClient({ region: 'us-west-2' }) });
 * const ecology = new Ecology({ source });
 */
export class CloudWatchMetricSource implements MetricSource {
  readonly #client: CloudWatchClient;

  constructor(options: CloudWatchMetricSourceOptions = {}) {
    this.#client = options.client ?? new CloudWatchClient({});
  }

  async fetch(request: MetricRequest): Promise<ReadonlyMap<string, MetricReading>> {
    const readings = new Map<string, MetricReading>();
    for (const queries of chunk(request.queries, GET_METRIC_DATA_MAX_QUERIES)) {
      try {
        const collected = await this.#fetchChunk(queries, request);
        queries.forEach((query, index) =>
          readings.set(metricKey(query), toReading(collected.get(`m${index}`), query)),
        );
      } catch (error) {
        for (const query of queries) readings.set(metricKey(query), { ok: false, error });
      }
    }
    return readings;
  }

  /** One call for up to 500 queries, named `m0`, `m1`, ...: ids must start with a lower-case letter. */
  async #fetchChunk(
    queries: readonly MetricQuery[],
    request: MetricRequest,
  ): Promise<Map<string, Collected>> {
    const metricDataQueries = queries.map((query, index) => toMetricDataQuery(query, `m${index}`));
    const collected = new Map<string, Collected>();
    let nextToken: string | undefined;
    do {
      const response = await this.#client.send(
        new GetMetricDataCommand({
          MetricDataQueries: metricDataQueries,
          StartTime: request.start,
          EndTime: request.end,
          ScanBy: 'TimestampDescending',
          NextToken: nextToken,
        }),
      );
      for (const result of response.MetricDataResults ?? []) {
        if (result.Id === undefined) continue;
        const entry = collected.get(result.Id) ?? { datapoints: [], statusCode: undefined, messages: [] };
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        timestamps.forEach((timestamp, index) => {
          const value = values[index];
          if (value !== undefined) entry.datapoints.push({ timestamp, value });
        });
        entry.statusCode = result.StatusCode ?? entry.statusCode;
        entry.messages.push(...(result.Messages ?? []).map((message) => `${message.Code}: ${message.Value}`));
        collected.set(result.Id, entry);
      }
      nextToken = response.NextToken;
    } while (nextToken);
    return collected;
  }
}
