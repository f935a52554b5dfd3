import type { HealthMetrics } from './health-metric.js';

/** What the ecology needs to know of a labourer: its id and its health metrics (none: always High). */
export interface LabourerHealth {
  readonly id: string;
  readonly healthMetrics?: HealthMetrics | undefined;
}

/**
 * Where the ecology reports what it could not see. `console` fits, and so does a Powertools `Logger` or
 * the logger of `@sosw/core`.
 */
export interface EcologyLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** Why a health metric has the status it has. */
export type MetricOutcome = 'value' | 'no_data' | 'unreadable';
