import type { LocalCloudWatch } from '@sosw/local';
import { STATS_PULLER } from './demo.js';

/**
 * The demo's downstream: the (simulated) stats API the stats puller calls. Its latency is a CloudWatch
 * metric on the local CloudWatch endpoint, and a health metric of the stats puller, so changing it while
 * `pnpm start` runs moves the labourer's eco status and so its invocation budget, as in AWS.
 */
export const DEMO_HEALTH_METRIC = { namespace: 'sosw/demo', metricName: 'StatsApiLatency' } as const;

/** The latencies (ms) the demo switches between, and the eco status each gives (see the feelings below). */
export const DEMO_HEALTH_LEVELS = {
  healthy: 50, // 4 High: the full budget
  moderate: 400, // 2 Moderate: half of it
  unhealthy: 900, // 0 Bad: nothing is invoked
} as const;

export type DemoHealthLevel = keyof typeof DEMO_HEALTH_LEVELS;

/** The keys a person presses while `pnpm start` runs, and the level each sets. */
export const DEMO_HEALTH_KEYS: Readonly<Record<string, DemoHealthLevel>> = {
  h: 'healthy',
  m: 'moderate',
  u: 'unhealthy',
};

/** The stats puller's `health_metrics` in the local config (sosw's shape): lower latency is better. */
export const DEMO_HEALTH_METRICS = {
  stats_api_latency: {
    details: {
      Namespace: DEMO_HEALTH_METRIC.namespace,
      MetricName: DEMO_HEALTH_METRIC.metricName,
      Statistics: ['Average'],
      Period: 60,
      MetricAggregationTimeSlice: 300,
    },
    feelings: { '2': 500, '3': 250, '4': 100 },
    feeling_comparison_operator: '<=',
  },
} as const;

/** The demo's downstream health, which a person (or a test) changes while the demo runs. */
export interface DemoHealth {
  /** The labourer whose health metric this is. */
  readonly labourer: string;
  readonly level: DemoHealthLevel;
  set(level: DemoHealthLevel): void;
}

/**
 * The demo's health, kept on `cloudwatch` (which the orchestrator reads through `AWS_ENDPOINT_URL_CLOUDWATCH`);
 * starts healthy.
 *
 * @example
 * ```ts
 * const health = demoHealth(await startLocalCloudWatch());
 * health.set('unhealthy'); // the stats puller's budget falls to 0 on the next orchestrator run
 * ```
 */
export function demoHealth(cloudwatch: LocalCloudWatch): DemoHealth {
  let level: DemoHealthLevel = 'healthy';
  cloudwatch.set(DEMO_HEALTH_METRIC, DEMO_HEALTH_LEVELS[level]);
  return {
    labourer: STATS_PULLER,
    get level() {
      return level;
    },
    set(next) {
      level = next;
      cloudwatch.set(DEMO_HEALTH_METRIC, DEMO_HEALTH_LEVELS[next]);
    },
  };
}
