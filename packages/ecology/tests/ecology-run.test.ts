import { FixedClock } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import {
  Ecology,
  EcologyError,
  InMemoryMetricSource,
  metricKey,
  parseEcologyConfig,
  UnknownLabourerError,
  type MetricReading,
  type MetricRequest,
  type MetricSource,
} from '../src/index.js';
import {
  dbCpuConfig,
  freeIopsConfig,
  healthMetric,
  healthMetrics,
  RecordingLogger,
} from './helpers/factories.js';

const NOW_MS = Date.UTC(2026, 2, 1, 12, 0, 0);
const cpu = healthMetric(dbCpuConfig()).metric;
const iops = healthMetric(freeIopsConfig()).metric;

function setup(config = parseEcologyConfig({})) {
  const source = new InMemoryMetricSource();
  const logger = new RecordingLogger();
  const ecology = new Ecology({ source, config, logger, clock: new FixedClock(NOW_MS) });
  const labourers = [
    { id: 'importer', healthMetrics: healthMetrics({ cpu: dbCpuConfig(), iops: freeIopsConfig() }) },
    { id: 'reporter', healthMetrics: healthMetrics({ cpu: dbCpuConfig() }) },
    { id: 'idle', healthMetrics: {} },
  ];
  return { source, logger, ecology, labourers };
}

describe('EcologyRun', () => {
  it('gives a labourer the lowest status of its metrics, and High when it has none', async () => {
    const { source, ecology, labourers } = setup();
    source.set(cpu, 10).set(iops, 200);
    const run = ecology.startRun(labourers);

    expect(await run.status('importer')).toBe(3); // CPU High, IOPS Good
    expect(await run.status('reporter')).toBe(4);
    expect(await run.status('idle')).toBe(4);
  });

  it('can fall to Bad through one metric alone', async () => {
    const { source, ecology, labourers } = setup();
    source.set(cpu, 10).set(iops, 99);
    expect(await ecology.startRun(labourers).status('importer')).toBe(0);
  });

  it('reads the metrics once, when a status is first asked for, over a window ending at the run start', async () => {
    const { source, ecology, labourers } = setup();
    source.set(cpu, 40).set(iops, 600);
    const run = ecology.startRun(labourers);
    expect(source.requests).toHaveLength(0);

    await run.status('reporter');
    await run.status('importer');
    await run.budget({ labourerId: 'importer', maxSimultaneousInvocations: 4, running: 0 });

    expect(source.requests).toHaveLength(1);
    const request = source.requests[0];
    expect(request?.end).toEqual(new Date(NOW_MS));
    expect(request?.start).toEqual(new Date(NOW_MS - 300_000));
    expect(request?.queries).toEqual([cpu, iops]);
  });

  it('keeps its figures for the run; a new run sees new ones', async () => {
    const { source, ecology, labourers } = setup();
    source.set(cpu, 10);
    const first = ecology.startRun(labourers);
    expect(await first.status('reporter')).toBe(4);

    source.set(cpu, 90);
    expect(await first.status('reporter')).toBe(4);
    expect(await ecology.startRun(labourers).status('reporter')).toBe(0);
  });

  it('turns statuses into budgets with the configured coefficients', async () => {
    const { source, ecology, labourers } = setup(parseEcologyConfig({ budget_coefficients: { '3': 0.5 } }));
    source.set(cpu, 40).set(iops, 600);
    const run = ecology.startRun(labourers);

    // Good: floor(10 * 0.5) - 2.
    expect(await run.budget({ labourerId: 'importer', maxSimultaneousInvocations: 10, running: 2 })).toBe(3);
    // High: all 10, minus 4 running.
    expect(await run.budget({ labourerId: 'idle', maxSimultaneousInvocations: 10, running: 4 })).toBe(6);
  });

  it('gives a metric without datapoints status_when_no_data and logs it', async () => {
    const { source, ecology, labourers, logger } = setup(parseEcologyConfig({ status_when_no_data: 3 }));
    source.set(iops, 600);
    const assessment = await ecology.startRun(labourers).assess('importer');

    expect(assessment).toEqual({
      labourerId: 'importer',
      status: 3,
      metrics: [
        { name: 'cpu', status: 3, value: undefined, outcome: 'no_data' },
        { name: 'iops', status: 4, value: 600, outcome: 'value' },
      ],
    });
    expect(logger.warnings.map((warning) => warning.extra.healthMetric)).toEqual(['cpu']);
  });

  it('carries on when the source throws: every metric is unreadable, logged once for the run', async () => {
    const { source, ecology, labourers, logger } = setup();
    source.fail(new Error('CloudWatch is down'));
    const run = ecology.startRun(labourers);

    expect(await run.status('importer')).toBe(2);
    expect(await run.status('reporter')).toBe(2);
    expect(source.requests).toHaveLength(1);
    const runWarnings = logger.warnings.filter((warning) => warning.message.includes('could not read any'));
    expect(runWarnings).toEqual([
      {
        message: 'Ecology: could not read any health metric of this run',
        extra: { queries: 2, error: 'CloudWatch is down' },
      },
    ]);

    source.recover().set(cpu, 10);
    expect(await ecology.startRun(labourers).status('reporter')).toBe(4);
  });

  it("only counts datapoints whose period falls in the metric's own window", async () => {
    // A 60 s period; one datapoint 4 minutes old, one 9 minutes old.
    const datapoints = [
      { timestamp: new Date(NOW_MS - 240_000), value: 10 },
      { timestamp: new Date(NOW_MS - 540_000), value: 90 },
    ];
    const requests: MetricRequest[] = [];
    const source: MetricSource = {
      fetch: (request) => {
        requests.push(request);
        const reading: MetricReading = { ok: true, datapoints };
        return Promise.resolve(new Map(request.queries.map((query) => [metricKey(query), reading])));
      },
    };
    const fiveMinutes = healthMetric(dbCpuConfig({ details: { Statistics: ['Maximum'] } }));
    const tenMinutes = healthMetric(
      dbCpuConfig({ details: { Statistics: ['Maximum'], MetricAggregationTimeSlice: 600 } }),
    );
    const run = new Ecology({
      source,
      clock: new FixedClock(NOW_MS),
      logger: new RecordingLogger(),
    }).startRun([
      { id: 'short', healthMetrics: { m: fiveMinutes } },
      { id: 'long', healthMetrics: { m: tenMinutes } },
    ]);

    expect(await run.assess('short')).toMatchObject({ status: 4, metrics: [{ value: 10 }] });
    expect(await run.assess('long')).toMatchObject({ status: 0, metrics: [{ value: 90 }] });
    // Both share one query, asked for once over the longest window.
    expect(run.queries).toHaveLength(1);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.start).toEqual(new Date(NOW_MS - 600_000));
  });

  it('treats a query the source leaves out as one without datapoints', async () => {
    const source: MetricSource = { fetch: () => Promise.resolve(new Map()) };
    const ecology = new Ecology({ source, clock: new FixedClock(NOW_MS), logger: new RecordingLogger() });
    const run = ecology.startRun([{ id: 'a', healthMetrics: healthMetrics({ cpu: dbCpuConfig() }) }]);
    expect(await run.assess('a')).toMatchObject({ status: 2, metrics: [{ outcome: 'no_data' }] });
  });

  it('refuses a labourer it was not started with, and a labourer given twice', async () => {
    const { ecology, labourers } = setup();
    const run = ecology.startRun(labourers);
    await expect(run.status('stranger')).rejects.toThrow(UnknownLabourerError);
    await expect(run.status('stranger')).rejects.toThrow(
      "Labourer 'stranger' is not part of this ecology run",
    );
    expect(() => ecology.startRun([{ id: 'a' }, { id: 'a' }])).toThrow(EcologyError);
  });

  it('ends the window on a whole second', () => {
    const { ecology } = setup();
    const run = new Ecology({
      source: new InMemoryMetricSource(),
      clock: new FixedClock(NOW_MS + 999),
    }).startRun([]);
    expect(run.end).toEqual(new Date(NOW_MS));
    expect(ecology.startRun([]).queries).toEqual([]);
  });
});

describe('InMemoryMetricSource', () => {
  it('answers a metric with the value set for it, whatever the order of its dimensions', async () => {
    const source = new InMemoryMetricSource();
    const dimensions = [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ];
    source.set({ namespace: 'N', metricName: 'M', dimensions: [...dimensions].reverse() }, 7);
    const query = {
      namespace: 'N',
      metricName: 'M',
      dimensions,
      period: 60,
      statistic: 'Sum' as const,
      windowSeconds: 300,
    };
    const end = new Date(NOW_MS);
    const readings = await source.fetch({ queries: [query], start: new Date(NOW_MS - 300_000), end });
    expect(readings.get(metricKey(query))).toEqual({
      ok: true,
      datapoints: [{ timestamp: new Date(NOW_MS - 60_000), value: 7 }],
    });

    source.set({ namespace: 'N', metricName: 'M', dimensions }, undefined);
    const again = await source.fetch({ queries: [query], start: new Date(NOW_MS - 300_000), end });
    expect(again.get(metricKey(query))).toEqual({ ok: true, datapoints: [] });
  });
});
