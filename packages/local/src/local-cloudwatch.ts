import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndpointStartError } from './errors.js';
import { readBody } from './local-lambda-http.js';

/** Which metric a value is for (CloudWatch's identity of a metric: the statistic and period don't matter here). */
export interface LocalMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: readonly { readonly name: string; readonly value: string }[];
}

/** A local CloudWatch endpoint: see {@link startLocalCloudWatch}. */
export interface LocalCloudWatch {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_CLOUDWATCH`. */
  readonly endpoint: string;
  /** Sets a metric's value (every statistic of it reads this value); `undefined` removes it (no datapoints). */
  set(metric: LocalMetric, value: number | undefined): void;
  /** The value last set or put for a metric, if any. */
  get(metric: LocalMetric): number | undefined;
  /** `GetMetricData` calls answered so far. */
  readonly getMetricDataCalls: number;
  stop(): Promise<void>;
}

/** What the real SDK sends: JSON 1.0 with `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`. */
const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const MAX_BODY_BYTES = 1024 * 1024;

interface WireDimension {
  Name?: string;
  Value?: string;
}
interface WireMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: WireDimension[];
}
interface GetMetricDataInput {
  MetricDataQueries?: { Id?: string; MetricStat?: { Metric?: WireMetric; Period?: number } }[];
  EndTime?: number;
}
interface PutMetricDataInput {
  Namespace?: string;
  MetricData?: { MetricName?: string; Dimensions?: WireDimension[]; Value?: number }[];
}

/** One key per metric: namespace, name and dimensions sorted by name (CloudWatch ignores their order). */
function metricKey(namespace: string, metricName: string, dimensions: readonly WireDimension[]): string {
  const sorted = dimensions
    .map((dimension) => [dimension.Name ?? '', dimension.Value ?? ''] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([namespace, metricName, sorted]);
}

const wireDimensions = (metric: LocalMetric): WireDimension[] =>
  (metric.dimensions ?? []).map((dimension) => ({ Name: dimension.name, Value: dimension.value }));

/**
 * A local Amazon CloudWatch endpoint on 127.0.0.1 for the two calls sosw makes or a person makes by hand:
 * `GetMetricData` (the ecology's one call per orchestrator run) and `PutMetricData` (to change a metric while
 * `pnpm start` runs, with the AWS CLI or any SDK). The real `@aws-sdk/client-cloudwatch` reaches it through
 * `AWS_ENDPOINT_URL_CLOUDWATCH`, so the orchestrator reads its health metrics exactly as in AWS. A metric has
 * the value last set or put for it, answered as one datapoint at the end of the asked window, whatever the
 * statistic; a metric never set has no datapoints (the ecology's "no data" case).
 *
 * @example
 * ```ts
 * const cloudwatch = await startLocalCloudWatch();
 * process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.endpoint;
 * cloudwatch.set({ namespace: 'sosw/demo', metricName: 'DownstreamLatency' }, 900);
 * // ... the orchestrator now sees the downstream as unhealthy
 * await cloudwatch.stop();
 * ```
 */
export async function startLocalCloudWatch(): Promise<LocalCloudWatch> {
  const values = new Map<string, number>();
  let getMetricDataCalls = 0;

  const getMetricData = (input: GetMetricDataInput) => {
    getMetricDataCalls += 1;
    const end = input.EndTime ?? Date.now() / 1000;
    return {
      MetricDataResults: (input.MetricDataQueries ?? []).map((query) => {
        const metric = query.MetricStat?.Metric ?? {};
        const value = values.get(
          metricKey(metric.Namespace ?? '', metric.MetricName ?? '', metric.Dimensions ?? []),
        );
        const period = query.MetricStat?.Period ?? 60;
        return {
          Id: query.Id,
          Label: metric.MetricName,
          // One datapoint for the last period of the window, so every window of the metric sees it.
          Timestamps: value === undefined ? [] : [end - period],
          Values: value === undefined ? [] : [value],
          StatusCode: 'Complete',
        };
      }),
      Messages: [],
    };
  };

  const putMetricData = (input: PutMetricDataInput) => {
    for (const datum of input.MetricData ?? []) {
      if (typeof datum.Value !== 'number') continue;
      values.set(
        metricKey(input.Namespace ?? '', datum.MetricName ?? '', datum.Dimensions ?? []),
        datum.Value,
      );
    }
    return {};
  };

  const answer = (response: ServerResponse, status: number, body: object, errorType?: string) => {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      ...(errorType === undefined ? {} : { 'x-amzn-query-error': `${errorType};Sender` }),
    });
    response.end(JSON.stringify(errorType === undefined ? body : { __type: errorType, ...body }));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body.bytes === undefined) {
      answer(
        response,
        413,
        { message: `request body over ${String(MAX_BODY_BYTES)} bytes` },
        'InvalidParameterValue',
      );
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.bytes.toString('utf8'));
    } catch {
      answer(response, 400, { message: 'the request body is not JSON' }, 'InvalidParameterValue');
      return;
    }
    switch (target) {
      case `${TARGET_PREFIX}GetMetricData`:
        answer(response, 200, getMetricData(input as GetMetricDataInput));
        return;
      case `${TARGET_PREFIX}PutMetricData`:
        answer(response, 200, putMetricData(input as PutMetricDataInput));
        return;
      default:
        answer(
          response,
          400,
          { message: `this local CloudWatch serves GetMetricData and PutMetricData, not "${target}"` },
          'InvalidAction',
        );
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) answer(response, 500, { message: String(error) }, 'InternalServiceError');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      reject(new EndpointStartError({ what: 'local CloudWatch', reason: error.message, cause: error }));
    });
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${String(port)}`,
    set(metric, value) {
      const key = metricKey(metric.namespace, metric.metricName, wireDimensions(metric));
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    },
    get(metric) {
      return values.get(metricKey(metric.namespace, metric.metricName, wireDimensions(metric)));
    },
    get getMetricDataCalls() {
      return getMetricDataCalls;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
