import {
  parseHealthMetrics,
  type HealthMetric,
  type HealthMetricConfig,
  type HealthMetrics,
  type EcologyLogger,
} from '../../src/index.js';

type Details = HealthMetricConfig['details'];

/** sosw's own example: an RDS instance's CPU, Good at 50 % or less, High at 25 % or less. */
export function dbCpuConfig(
  overrides: { details?: Partial<Details>; feelings?: Record<string, number>; operator?: string } = {},
): HealthMetricConfig {
  return {
    details: {
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'main-db' }],
      Period: 60,
      Statistics: ['Average'],
      ...overrides.details,
    },
    feelings: overrides.feelings ?? { '3': 50, '4': 25 },
    feeling_comparison_operator: overrides.operator ?? '<=',
  };
}

/** Free IOPS of a volume: higher is better. */
export function freeIopsConfig(volume = 'vol-1'): HealthMetricConfig {
  return {
    details: {
      Namespace: 'Custom/EBS',
      MetricName: 'FreeIOPS',
      Dimensions: [{ Name: 'VolumeId', Value: volume }],
      Statistics: ['Minimum'],
    },
    feelings: { '3': 100, '4': 500 },
    feeling_comparison_operator: '>=',
  };
}

/** Parses health metrics by name, as the task-manager will from a labourer's config. */
export function healthMetrics(configs: Record<string, HealthMetricConfig>): HealthMetrics {
  return parseHealthMetrics(configs);
}

/** One parsed health metric. */
export function healthMetric(config: HealthMetricConfig): HealthMetric {
  const parsed = parseHealthMetrics({ only: config }).only;
  if (!parsed) throw new Error('unreachable: parseHealthMetrics dropped a metric');
  return parsed;
}

/** A logger that keeps what it is told. */
export class RecordingLogger implements EcologyLogger {
  readonly warnings: { message: string; extra: Record<string, unknown> }[] = [];
  warn(message: string, extra: Record<string, unknown>): void {
    this.warnings.push({ message, extra });
  }
}
