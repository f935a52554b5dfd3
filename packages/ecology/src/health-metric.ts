import { StandardUnit } from '@aws-sdk/client-cloudwatch';
import { z } from 'zod';
import { feelingsOrderProblems, type Feeling } from './feelings.js';
import type { MetricQuery } from './metric-query.js';
import { toComparisonOperator, type ComparisonOperator } from './operators.js';
import { parseConfig } from './parse-config.js';
import { isMetricStatistic, isPercentile } from './statistics.js';
import type { EcoStatus } from './status.js';

/** sosw's defaults for a metric's `details`: one-minute averages over the last five minutes. */
export const DEFAULT_METRIC_DETAILS = {
  Period: 60,
  Statistic: 'Average',
  MetricAggregationTimeSlice: 300,
} as const;

/**
 * A labourer's health metric, ready to use: the CloudWatch query, the feelings (highest status first)
 * and the operator that compares the metric's value with their thresholds.
 */
export interface HealthMetric {
  readonly metric: MetricQuery;
  readonly feelings: readonly Feeling[];
  readonly operator: ComparisonOperator;
}

/** A labourer's health metrics by name; the name is only for people (logs, dashboards). */
export type HealthMetrics = Readonly<Record<string, HealthMetric>>;

// CloudWatch periods are 1, 5, 10, 20 or 30 seconds (high resolution) or a multiple of 60:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html
const HIGH_RESOLUTION_PERIODS: readonly number[] = [1, 5, 10, 20, 30];
const isValidPeriod = (period: number) => HIGH_RESOLUTION_PERIODS.includes(period) || period % 60 === 0;

const dimensionSchema = z.strictObject({
  Name: z.string().min(1).max(255),
  Value: z.string().min(1).max(1024),
});

const statisticSchema = z.string().refine(isMetricStatistic, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a statistic: use Average, Maximum, Minimum, Sum, SampleCount ` +
    `or a percentile such as p99 or p99.9`,
});

const percentileSchema = z.string().refine(isPercentile, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a percentile such as p99 or p99.9`,
});

/**
 * sosw's `details` of a health metric: the arguments of CloudWatch's `GetMetricStatistics` (with exactly
 * one statistic) plus sosw's `MetricAggregationTimeSlice`, the window in seconds.
 */
export const metricDetailsSchema = z
  .strictObject({
    Namespace: z.string().min(1),
    MetricName: z.string().min(1),
    // CloudWatch allows up to 30 dimensions per metric.
    Dimensions: z.array(dimensionSchema).max(30).optional(),
    Period: z
      .number()
      .int()
      .positive()
      .refine(isValidPeriod, { error: 'must be 1, 5, 10, 20, 30 or a multiple of 60 seconds' })
      .optional(),
    Statistics: z.array(statisticSchema).length(1, { error: 'must hold exactly one statistic' }).optional(),
    ExtendedStatistics: z
      .array(percentileSchema)
      .length(1, { error: 'must hold exactly one percentile' })
      .optional(),
    Unit: z.enum(StandardUnit).optional(),
    MetricAggregationTimeSlice: z.number().int().positive().optional(),
  })
  .superRefine((details, ctx) => {
    if (details.Statistics && details.ExtendedStatistics) {
      ctx.addIssue({
        code: 'custom',
        path: ['ExtendedStatistics'],
        message: 'give either Statistics or ExtendedStatistics, not both: a health metric has one value',
      });
    }
    const period = details.Period ?? DEFAULT_METRIC_DETAILS.Period;
    const window = details.MetricAggregationTimeSlice ?? DEFAULT_METRIC_DETAILS.MetricAggregationTimeSlice;
    if (window < period) {
      ctx.addIssue({
        code: 'custom',
        path: ['MetricAggregationTimeSlice'],
        message: `the window (${window} s) is shorter than the Period (${period} s): it could never hold a datapoint`,
      });
    }
  })
  .transform((details): MetricQuery => ({
    namespace: details.Namespace,
    metricName: details.MetricName,
    dimensions: (details.Dimensions ?? []).map((dimension) => ({
      name: dimension.Name,
      value: dimension.Value,
    })),
    period: details.Period ?? DEFAULT_METRIC_DETAILS.Period,
    statistic: details.Statistics?.[0] ?? details.ExtendedStatistics?.[0] ?? DEFAULT_METRIC_DETAILS.Statistic,
    unit: details.Unit,
    windowSeconds: details.MetricAggregationTimeSlice ?? DEFAULT_METRIC_DETAILS.MetricAggregationTimeSlice,
  }));

const STATUS_KEY = /^[0-4]$/;

/**
 * `{status: threshold}`. The keys come from JSON, so they are strings (`"3"`); numeric keys written in
 * TypeScript are strings at run time too, and both mean the same status.
 */
const feelingsSchema = z
  .record(z.string(), z.number())
  .superRefine((feelings, ctx) => {
    const keys = Object.keys(feelings);
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs at least one {status: threshold}' });
    }
    for (const key of keys.filter((key) => !STATUS_KEY.test(key))) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${JSON.stringify(key)} is not an eco status (0..4)`,
      });
    }
  })
  .transform((feelings): Feeling[] =>
    Object.entries(feelings)
      .map(([status, threshold]) => ({ status: Number(status) as EcoStatus, threshold }))
      .sort((a, b) => b.status - a.status),
  );

const operatorSchema = z.string().transform((spelling, ctx): ComparisonOperator => {
  const operator = toComparisonOperator(spelling);
  if (operator !== undefined) return operator;
  ctx.addIssue({
    code: 'custom',
    message: `${JSON.stringify(spelling)} is not an operator: use <, <=, >, >= (or sosw's __lt__, __le__, __gt__, __ge__)`,
  });
  return z.NEVER;
});

/**
 * One health metric as sosw's config writes it; parses into a `HealthMetric`. Unknown fields, a bad
 * statistic or period, and feelings whose order the operator cannot honour are rejected, each naming its
 * path.
 */
export const healthMetricSchema = z
  .strictObject({
    details: metricDetailsSchema,
    feelings: feelingsSchema,
    feeling_comparison_operator: operatorSchema,
  })
  // A transform, not a refinement: zod runs it only once every field has parsed, so the order check
  // always sees parsed feelings and a known operator.
  .transform((metric, ctx): HealthMetric => {
    const problems = feelingsOrderProblems(metric.feelings, metric.feeling_comparison_operator);
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: ['feelings'], message: problem });
    if (problems.length > 0) return z.NEVER;
    return {
      metric: metric.details,
      feelings: metric.feelings,
      operator: metric.feeling_comparison_operator,
    };
  });

/** A labourer's `health_metrics`: health metrics by name. The task-manager's labourer schema embeds it. */
export const healthMetricsSchema = z.record(z.string().min(1), healthMetricSchema);

/** A health metric as written in the config document (sosw's shape). */
export type HealthMetricConfig = z.input<typeof healthMetricSchema>;

/** A labourer's `health_metrics` as written in the config document. */
export type HealthMetricsConfig = z.input<typeof healthMetricsSchema>;

/**
 * Parses a labourer's `health_metrics`, or throws an `EcologyConfigError` naming every bad field by its
 * path under `path`, e.g. `task_config.labourers.worker.health_metrics.SomeDBCPU.feelings`.
 *
 * @example
 * const metrics = parseHealthMetrics({
 *   SomeDBCPU: {
 *     details: { Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'my-db' }] },
 *     feelings: { '3': 50, '4': 25 },
 *     feeling_comparison_operator: '<=',
 *   },
 * });
 * metrics.SomeDBCPU?.metric.statistic; // 'Average'
 */
export function parseHealthMetrics(
  input: unknown,
  path: string | readonly PropertyKey[] = 'health_metrics',
): HealthMetrics {
  return parseConfig(healthMetricsSchema, input, path);
}
