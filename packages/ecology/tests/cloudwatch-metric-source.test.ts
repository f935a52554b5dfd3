import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { FixedClock } from '@sosw/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchMetricSource,
  Ecology,
  GET_METRIC_DATA_MAX_QUERIES,
  MetricQueryError,
  metricKey,
  parseEcologyConfig,
  type HealthMetricConfig,
  type LabourerHealth,
} from '../src/index.js';
import { dbCpuConfig, freeIopsConfig, healthMetrics, RecordingLogger } from './helpers/factories.js';

// 2026-01-01T00:00:00.750Z: the run's window ends on the whole second below it.
const NOW_MS = Date.UTC(2026, 0, 1) + 750;
const END = new Date(Date.UTC(2026, 0, 1));
const minutesBeforeEnd = (minutes: number) => new Date(END.getTime() - minutes * 60_000);

const client = new CloudWatchClient({
  region: 'us-west-2',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const cloudWatch = mockClient(client);

/** Answers every query of a call with the values `valuesFor` picks for it (none: no datapoints). */
function answer(
  input: GetMetricDataCommandInput,
  valuesFor: (query: MetricDataQuery) => number[] | undefined,
): Partial<GetMetricDataCommandOutput> {
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((query): MetricDataResult => {
      const values = valuesFor(query) ?? [];
      return {
        Id: query.Id,
        StatusCode: 'Complete',
        Values: values,
        Timestamps: values.map((_, index) => minutesBeforeEnd(index + 1)),
      };
    }),
  };
}

const dimension = (query: MetricDataQuery) => query.MetricStat?.Metric?.Dimensions?.[0]?.Value;

function ecology(logger = new RecordingLogger(), config = parseEcologyConfig({})) {
  return new Ecology({
    source: new CloudWatchMetricSource({ client }),
    clock: new FixedClock(NOW_MS),
    config,
    logger,
  });
}

const calls = () => cloudWatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);

beforeEach(() => {
  cloudWatch.reset();
});

describe('CloudWatchMetricSource in an ecology run', () => {
  const labourers: LabourerHealth[] = [
    { id: 'importer', healthMetrics: healthMetrics({ cpu: dbCpuConfig(), iops: freeIopsConfig() }) },
    // The same CPU metric under another name, with another window: still one query.
    {
      id: 'exporter',
      healthMetrics: healthMetrics({ dbLoad: dbCpuConfig({ details: { MetricAggregationTimeSlice: 600 } }) }),
    },
    { id: 'reporter', healthMetrics: healthMetrics({ cpu: dbCpuConfig() }) },
    { id: 'idle' },
  ];

  it('reads every metric of every labourer with one GetMetricData call', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) =>
        answer(input, (query) =>
          query.MetricStat?.Metric?.MetricName === 'CPUUtilization' ? [40, 20] : [600],
        ),
      );
    const run = ecology().startRun(labourers);

    const statuses = await Promise.all(labourers.map((labourer) => run.status(labourer.id)));

    // CPU averages 30 (<= 50: Good), free IOPS 600 (>= 500: High).
    expect(statuses).toEqual([3, 3, 3, 4]);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]?.MetricDataQueries).toHaveLength(2);
    // Asking again does not call again.
    expect(await run.status('importer')).toBe(3);
    expect(calls()).toHaveLength(1);
  });

  it('asks for each metric by namespace, name, dimensions, period and statistic, over the longest window', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answer(input, () => [1]));
    const latency: HealthMetricConfig = {
      details: {
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        Dimensions: [
          { Name: 'ApiName', Value: 'reports' },
          { Name: 'Stage', Value: 'prod' },
        ],
        Period: 300,
        ExtendedStatistics: ['p99.9'],
        Unit: 'Milliseconds',
        MetricAggregationTimeSlice: 900,
      },
      feelings: { '4': 1000 },
      feeling_comparison_operator: '<',
    };
    const run = ecology().startRun([
      {
        id: 'a',
        healthMetrics: healthMetrics({ cpu: dbCpuConfig({ details: { Statistics: ['Sum'] } }), latency }),
      },
    ]);

    await run.status('a');

    const input = calls()[0];
    expect(input?.StartTime).toEqual(minutesBeforeEnd(15));
    expect(input?.EndTime).toEqual(END);
    expect(input?.ScanBy).toBe('TimestampDescending');
    expect(input?.NextToken).toBeUndefined();
    expect(input?.MetricDataQueries).toEqual([
      {
        Id: 'm0',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/RDS',
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'main-db' }],
          },
          Period: 60,
          Stat: 'Sum',
        },
        ReturnData: true,
      },
      {
        Id: 'm1',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApiGateway',
            MetricName: 'Latency',
            Dimensions: [
              { Name: 'ApiName', Value: 'reports' },
              { Name: 'Stage', Value: 'prod' },
            ],
          },
          Period: 300,
          Stat: 'p99.9',
          Unit: 'Milliseconds',
        },
        ReturnData: true,
      },
    ]);
  });

  it('gives a metric with no datapoints status_when_no_data, and says so', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) =>
        answer(input, (query) => (query.Id === 'm0' ? [] : [600])),
      );
    const logger = new RecordingLogger();
    const run = ecology(logger, parseEcologyConfig({ status_when_no_data: 1 })).startRun(
      labourers.slice(0, 1),
    );

    const assessment = await run.assess('importer');

    expect(assessment.status).toBe(1);
    expect(assessment.metrics).toEqual([
      { name: 'cpu', status: 1, value: undefined, outcome: 'no_data' },
      { name: 'iops', status: 4, value: 600, outcome: 'value' },
    ]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.message).toContain(
      "health metric 'cpu' of labourer 'importer' has no datapoints",
    );
    expect(logger.warnings[0]?.extra).toMatchObject({
      labourerId: 'importer',
      healthMetric: 'cpu',
      statusWhenNoData: 1,
    });
  });

  it('treats a query missing from the answer as one without datapoints', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const run = ecology().startRun(labourers.slice(0, 1));
    expect(await run.status('importer')).toBe(2);
  });

  it('follows NextToken and puts the pages of a query together', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', StatusCode: 'PartialData', Values: [100], Timestamps: [minutesBeforeEnd(1)] },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'm0',
            StatusCode: 'Complete',
            Values: [0, 2],
            Timestamps: [minutesBeforeEnd(2), minutesBeforeEnd(3)],
          },
          { Id: 'm1', StatusCode: 'Complete', Values: [150], Timestamps: [minutesBeforeEnd(1)] },
        ],
      });
    const run = ecology().startRun(labourers.slice(0, 1));

    const assessment = await run.assess('importer');

    expect(calls()).toHaveLength(2);
    expect(calls()[1]?.NextToken).toBe('page-2');
    expect(calls()[1]?.MetricDataQueries).toEqual(calls()[0]?.MetricDataQueries);
    // CPU: the average of all three datapoints (34, Good) — not of the first page (100, Bad).
    expect(assessment.metrics.map((metric) => [metric.value, metric.status])).toEqual([
      [34, 3],
      [150, 3],
    ]);
  });

  it(`splits more than ${GET_METRIC_DATA_MAX_QUERIES} metrics into calls of at most ${GET_METRIC_DATA_MAX_QUERIES}`, async () => {
    // 1201 databases, one labourer each; the value of each is its number, so each answer can be checked.
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) =>
        answer(input, (query) => [Number(dimension(query)) % 100]),
      );
    const many = Array.from({ length: 1201 }, (_, index) => ({
      id: `labourer-${index}`,
      healthMetrics: healthMetrics({
        cpu: dbCpuConfig({
          details: { Dimensions: [{ Name: 'DBInstanceIdentifier', Value: String(index) }] },
        }),
      }),
    }));
    const run = ecology().startRun(many);

    expect(await run.status('labourer-1200')).toBe(4); // 0
    expect(await run.status('labourer-1')).toBe(4); // 1
    expect(await run.status('labourer-30')).toBe(3); // 30
    expect(await run.status('labourer-599')).toBe(0); // 99
    expect(calls().map((input) => input.MetricDataQueries?.length)).toEqual([500, 500, 201]);
    const asked = calls().flatMap((input) => (input.MetricDataQueries ?? []).map(dimension));
    expect(new Set(asked).size).toBe(1201);
  });

  it('does not crash the run when CloudWatch fails: every metric gets status_when_no_data, and it is logged', async () => {
    cloudWatch.on(GetMetricDataCommand).rejects(new Error('Rate exceeded'));
    const logger = new RecordingLogger();
    const run = ecology(logger).startRun(labourers);

    expect(await run.status('importer')).toBe(2);
    expect(await run.status('exporter')).toBe(2);
    expect(await run.status('idle')).toBe(4);
    expect((await run.assess('importer')).metrics.map((metric) => metric.outcome)).toEqual([
      'unreadable',
      'unreadable',
    ]);
    expect(calls()).toHaveLength(1);
    expect(logger.warnings.map((warning) => warning.extra.error)).toContain('Rate exceeded');
    expect(logger.warnings[0]?.message).toContain(
      "could not read health metric 'cpu' of labourer 'importer'",
    );
  });

  it('loses only the metrics of a call that failed', async () => {
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFakeOnce((input: GetMetricDataCommandInput) => answer(input, () => [1]))
      .rejectsOnce(new Error('Throttling'));
    const many = Array.from({ length: 501 }, (_, index) => ({
      id: `labourer-${index}`,
      healthMetrics: healthMetrics({
        cpu: dbCpuConfig({
          details: { Dimensions: [{ Name: 'DBInstanceIdentifier', Value: String(index) }] },
        }),
      }),
    }));
    const run = ecology(new RecordingLogger(), parseEcologyConfig({ status_when_no_data: 0 })).startRun(many);

    expect(await run.status('labourer-0')).toBe(4);
    expect(await run.status('labourer-499')).toBe(4);
    expect(await run.status('labourer-500')).toBe(0);
  });

  it('makes a query CloudWatch answered with Forbidden or InternalError unreadable, and only that one', async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'm0',
          StatusCode: 'Forbidden',
          Values: [],
          Timestamps: [],
          Messages: [{ Code: 'Forbidden', Value: 'no access to AWS/RDS' }],
        },
        { Id: 'm1', StatusCode: 'Complete', Values: [700], Timestamps: [minutesBeforeEnd(1)] },
      ],
    });
    const source = new CloudWatchMetricSource({ client });
    const run = ecology().startRun(labourers.slice(0, 1));
    const readings = await source.fetch({ queries: run.queries, start: run.start, end: run.end });

    const [cpu, iops] = run.queries.map((query) => readings.get(metricKey(query)));
    expect(cpu?.ok).toBe(false);
    expect(cpu?.ok === false && cpu.error).toBeInstanceOf(MetricQueryError);
    expect(cpu?.ok === false && (cpu.error as Error).message).toContain('Forbidden: no access to AWS/RDS');
    expect(iops).toEqual({ ok: true, datapoints: [{ timestamp: minutesBeforeEnd(1), value: 700 }] });
  });

  it('does not call CloudWatch when no labourer has health metrics', async () => {
    const run = ecology().startRun([{ id: 'a' }, { id: 'b', healthMetrics: {} }]);
    expect(await run.status('a')).toBe(4);
    expect(await run.status('b')).toBe(4);
    expect(calls()).toHaveLength(0);
  });
});
