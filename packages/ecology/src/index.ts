export {
  ECO_STATUS,
  ECO_STATUS_NAMES,
  ECO_STATUSES,
  HIGHEST_ECO_STATUS,
  LOWEST_ECO_STATUS,
  ecoStatusName,
  isEcoStatus,
  type EcoStatus,
} from './status.js';
export {
  COMPARISON_OPERATOR_ALIASES,
  lowerIsBetter,
  satisfies,
  toComparisonOperator,
  type ComparisonOperator,
} from './operators.js';
export { feelingStatus, feelingsOrderProblems, type Feeling } from './feelings.js';
export {
  BASIC_STATISTICS,
  isMetricStatistic,
  isPercentile,
  metricValue,
  type BasicStatistic,
  type MetricStatistic,
  type Percentile,
} from './statistics.js';
export { metricKey, type Datapoint, type MetricDimension, type MetricQuery } from './metric-query.js';
export {
  DEFAULT_METRIC_DETAILS,
  healthMetricSchema,
  healthMetricsSchema,
  metricDetailsSchema,
  parseHealthMetrics,
  type HealthMetric,
  type HealthMetricConfig,
  type HealthMetrics,
  type HealthMetricsConfig,
} from './health-metric.js';
export {
  DEFAULT_BUDGET_COEFFICIENTS,
  invocationBudget,
  type BudgetCoefficients,
  type BudgetInput,
} from './budget.js';
export {
  DEFAULT_ECOLOGY_CONFIG,
  ecologyConfigOf,
  ecologyConfigSchema,
  parseEcologyConfig,
  type EcologyConfig,
  type EcologyConfigInput,
  type EcologySettings,
} from './ecology-config.js';
export type { MetricReading, MetricRequest, MetricSource } from './metric-source.js';
export {
  CloudWatchMetricSource,
  GET_METRIC_DATA_MAX_QUERIES,
  type CloudWatchMetricSourceOptions,
} from './cloudwatch-metric-source.js';
export { InMemoryMetricSource, type MetricIdentity } from './in-memory-metric-source.js';
export {
  EcologyRun,
  type EcologyRunOptions,
  type LabourerAssessment,
  type MetricAssessment,
} from './ecology-run.js';
export { Ecology, type EcologyOptions } from './ecology.js';
export type { EcologyLogger, LabourerHealth, MetricOutcome } from './types.js';
export {
  EcologyConfigError,
  EcologyError,
  InvalidBudgetInputError,
  MetricQueryError,
  UnknownLabourerError,
} from './errors.js';
