export { ConfigError, SoswError, ValidationError, type ValidationIssue } from './errors.js';
export { Stats } from './stats.js';
export { FixedClock, nowSeconds, systemClock, type Clock } from './clock.js';
export type { JsonObject, JsonValue, PlainObject } from './types.js';
export { deepMerge, isPlainObject } from './deep-merge.js';
export { formatPath } from './path.js';
export { formatIssues, formatZodError, parseWith, toValidationIssues, type Schema } from './validation.js';
export { configRowName, DEFAULT_CONFIG_ENV, ENV_VARS, ESSENTIAL_CONFIG_NAME } from './constants.js';
export {
  configRowLocation,
  getConfig,
  parseConfigValue,
  saveConfig,
  type ConfigRowLocation,
  type ConfigTableOptions,
} from './config-table.js';
export { loadConfig, type LoadConfigOptions } from './load-config.js';
export { createLogger } from './logger.js';
export {
  createHandler,
  type BuildTools,
  type CreateHandlerOptions,
  type HandlerConfigOptions,
} from './handler.js';
export { mapConcurrent } from './concurrency.js';
export {
  inspectReport,
  REPORT_LIMITS,
  reportFlaws,
  type ReportFields,
  type ReportFlaw,
  type ReportInspection,
} from './reports/storable-report.js';
