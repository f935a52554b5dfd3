import { SoswError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import {
  EcologyConfigError,
  healthMetricsSchema,
  parseHealthMetrics,
  type HealthMetric,
} from '../src/index.js';
import { dbCpuConfig, freeIopsConfig, healthMetric } from './helpers/factories.js';

/** The error `parseHealthMetrics` throws for a config, or a failure when it throws none. */
function configError(input: unknown, path?: string | readonly string[]): EcologyConfigError {
  try {
    parseHealthMetrics(input, path);
  } catch (error) {
    if (error instanceof EcologyConfigError) return error;
    throw error;
  }
  throw new Error('expected an EcologyConfigError, but the config parsed');
}

/** Its issues as `path: message` lines. */
function issues(input: unknown, path?: string | readonly string[]): string[] {
  return configError(input, path).issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('health_metrics config', () => {
  it("parses sosw's example, with the feelings' keys as JSON strings", () => {
    const json = JSON.stringify({
      SomeDBCPU: {
        details: {
          Namespace: 'AWS/RDS',
          MetricName: 'CPUUtilization',
          Period: 60,
          Statistics: ['Average'],
          Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'YOUR-DB' }],
        },
        feelings: { 3: 50, 4: 25 },
        feeling_comparison_operator: '<=',
      },
    });
    const expected: HealthMetric = {
      metric: {
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: [{ name: 'DBInstanceIdentifier', value: 'YOUR-DB' }],
        period: 60,
        statistic: 'Average',
        unit: undefined,
        windowSeconds: 300,
      },
      feelings: [
        { status: 4, threshold: 25 },
        { status: 3, threshold: 50 },
      ],
      operator: '<=',
    };
    expect(parseHealthMetrics(JSON.parse(json))).toEqual({ SomeDBCPU: expected });
  });

  it('reads string and numeric status keys alike', () => {
    const fromStrings = healthMetric(dbCpuConfig({ feelings: { '3': 50, '4': 25 } }));
    const fromNumbers = healthMetric(dbCpuConfig({ feelings: { 3: 50, 4: 25 } }));
    expect(fromStrings.feelings).toEqual(fromNumbers.feelings);
    expect(fromStrings.feelings.map((feeling) => typeof feeling.status)).toEqual(['number', 'number']);
  });

  it("fills in sosw's defaults: a minute's Average over five minutes, no dimensions", () => {
    const metric = healthMetric({
      details: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage' },
      feelings: { '4': 60 },
      feeling_comparison_operator: '<',
    }).metric;
    expect(metric).toEqual({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: [],
      period: 60,
      statistic: 'Average',
      unit: undefined,
      windowSeconds: 300,
    });
  });

  it('takes Sum, SampleCount and percentiles, from Statistics or ExtendedStatistics', () => {
    const statistic = (details: Parameters<typeof dbCpuConfig>[0]) =>
      healthMetric(dbCpuConfig(details)).metric.statistic;
    expect(statistic({ details: { Statistics: ['Sum'] } })).toBe('Sum');
    expect(statistic({ details: { Statistics: ['SampleCount'] } })).toBe('SampleCount');
    expect(statistic({ details: { Statistics: ['p99'] } })).toBe('p99');
    expect(statistic({ details: { Statistics: undefined, ExtendedStatistics: ['p99.9'] } })).toBe('p99.9');
  });

  it('keeps the window, period and unit it is given', () => {
    const metric = healthMetric(
      dbCpuConfig({ details: { Period: 30, MetricAggregationTimeSlice: 900, Unit: 'Percent' } }),
    ).metric;
    expect([metric.period, metric.windowSeconds, metric.unit]).toEqual([30, 900, 'Percent']);
  });

  it("understands sosw's operator names", () => {
    expect(healthMetric(dbCpuConfig({ operator: '__le__' })).operator).toBe('<=');
    expect(healthMetric({ ...freeIopsConfig(), feeling_comparison_operator: '__gt__' }).operator).toBe('>');
  });

  it('is a zod schema the labourer config can embed', () => {
    const result = healthMetricsSchema.safeParse({ cpu: dbCpuConfig() });
    expect(result.success).toBe(true);
    expect(healthMetricsSchema.safeParse({ cpu: { ...dbCpuConfig(), extra: 1 } }).success).toBe(false);
  });
});

describe('health_metrics config errors', () => {
  it('are EcologyConfigErrors, and so SoswErrors', () => {
    const error = configError({ cpu: dbCpuConfig({ operator: '==' }) });
    expect(error).toBeInstanceOf(SoswError);
    expect(error.name).toBe('EcologyConfigError');
  });

  it('reject feelings out of order for their operator, naming the metric and the statuses', () => {
    const error = configError({ SomeDBCPU: dbCpuConfig({ feelings: { '3': 50, '4': 60 } }) });
    expect(error.path).toBe('health_metrics.SomeDBCPU.feelings');
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "health_metrics.SomeDBCPU.feelings: with '<=' a higher status needs a lower threshold, " +
        'but status 4 (High) has 60 and status 3 (Good) has 50',
    ]);
    expect(error.message).toContain('health_metrics.SomeDBCPU.feelings');
  });

  it('reject higher-is-better feelings under a lower-is-better operator', () => {
    const error = configError({ iops: { ...freeIopsConfig(), feeling_comparison_operator: '__le__' } });
    expect(error.message).toContain('health_metrics.iops.feelings');
    expect(error.message).toContain('status 4 (High) has 500 and status 3 (Good) has 100');
  });

  it('name an unknown field, such as the `Name` of sosw’s commented example', () => {
    const config = dbCpuConfig();
    expect(issues({ cpu: { ...config, details: { ...config.details, Name: 'CPUUtilization' } } })).toEqual([
      'health_metrics.cpu.details.Name: unknown field',
    ]);
  });

  it('name an unknown field beside details', () => {
    expect(configError({ cpu: { ...dbCpuConfig(), feeling: {} } }).message).toBe(
      'health_metrics is invalid: health_metrics.cpu.feeling: unknown field',
    );
  });

  it('use the path they are given', () => {
    expect(
      issues({ cpu: dbCpuConfig({ operator: 'lower' }) }, 'task_config.labourers.w.health_metrics'),
    ).toEqual([
      'task_config.labourers.w.health_metrics.cpu.feeling_comparison_operator: "lower" is not an operator: ' +
        "use <, <=, >, >= (or sosw's __lt__, __le__, __gt__, __ge__)",
    ]);
  });

  it('take the path as segments when a key holds a dot', () => {
    const found = issues({ 'db.cpu': dbCpuConfig({ operator: '!' }) }, [
      'task_config',
      'labourers',
      'my.worker',
      'health_metrics',
    ]);
    expect(found[0]).toMatch(
      /^task_config\.labourers\["my\.worker"\]\.health_metrics\["db\.cpu"\]\.feeling_comparison_operator: /,
    );
  });

  it.each<[Record<string, unknown>, string]>([
    [{ '5': 10 }, 'health_metrics.cpu.feelings.5: "5" is not an eco status (0..4)'],
    [{ High: 10 }, 'health_metrics.cpu.feelings.High: "High" is not an eco status (0..4)'],
    [{ '4': '10' }, 'health_metrics.cpu.feelings.4: expected number, got string'],
    [{}, 'health_metrics.cpu.feelings: needs at least one {status: threshold}'],
  ])('reject feelings %j', (feelings, issue) => {
    expect(issues({ cpu: { ...dbCpuConfig(), feelings } })).toEqual([issue]);
  });

  it('check the keys before the order, without tripping over them', () => {
    expect(issues({ cpu: dbCpuConfig({ feelings: { '3': 50, '4': 60, x: 1 } }) })).toEqual([
      'health_metrics.cpu.feelings.x: "x" is not an eco status (0..4)',
    ]);
  });

  it.each([
    [{ Statistics: ['Median'] }, 'health_metrics.cpu.details.Statistics[0]: "Median" is not a statistic'],
    [
      { Statistics: ['Average', 'Maximum'] },
      'health_metrics.cpu.details.Statistics: must hold exactly one statistic',
    ],
    [
      { Statistics: undefined, ExtendedStatistics: ['Average'] },
      'details.ExtendedStatistics[0]: "Average" is not a percentile',
    ],
    [
      { ExtendedStatistics: ['p99'] },
      'details.ExtendedStatistics: give either Statistics or ExtendedStatistics',
    ],
    [
      { Period: 45 },
      'health_metrics.cpu.details.Period: must be 1, 5, 10, 20, 30 or a multiple of 60 seconds',
    ],
    [
      { Period: 120, MetricAggregationTimeSlice: 60 },
      'details.MetricAggregationTimeSlice: the window (60 s) is shorter',
    ],
    [{ Unit: 'Furlongs' }, 'health_metrics.cpu.details.Unit: '],
    [{ Namespace: '' }, 'health_metrics.cpu.details.Namespace: '],
    [{ Dimensions: [{ Name: 'DBInstanceIdentifier' }] }, 'health_metrics.cpu.details.Dimensions[0].Value: '],
  ])('reject details %j', (details, issue) => {
    const found = issues({ cpu: dbCpuConfig({ details: details as never }) });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(issue);
  });

  it('accept high-resolution and whole-minute periods', () => {
    for (const Period of [1, 5, 10, 20, 30, 60, 300, 3600]) {
      const details = { Period, MetricAggregationTimeSlice: Math.max(Period, 300) };
      expect(healthMetric(dbCpuConfig({ details })).metric.period).toBe(Period);
    }
  });

  it('list every problem of a document at once', () => {
    const error = configError({
      a: dbCpuConfig({ operator: '!' }),
      b: dbCpuConfig({ feelings: { '3': 50, '4': 60 } }),
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'health_metrics.a.feeling_comparison_operator',
      'health_metrics.b.feelings',
    ]);
  });
});
