export { CliError, EXIT, explain, UsageError } from './errors.js';
export { demoPlan, DEAD_STORE, type DemoPlan } from './demo.js';
export {
  DEMO_HEALTH_KEYS,
  DEMO_HEALTH_LEVELS,
  DEMO_HEALTH_METRIC,
  DEMO_HEALTH_METRICS,
  demoHealth,
  type DemoHealth,
  type DemoHealthLevel,
} from './demo-health.js';
export { labourerEco, type LabourerEco, type MetricHealth } from './eco.js';
export { invokeSync } from './invoke.js';
export { readWorkerLabourers, type LabourerEntry } from './labourers.js';
export { localConfig, LOCAL_DURATION_SECONDS, type ConfigRows } from './local-config.js';
export { formatProgress, labourerProgress, type LabourerProgress } from './progress.js';
export { buildProgram, run, withoutScriptSeparator } from './program.js';
export {
  demoOutcome,
  start,
  type KeyInput,
  type StartOptions,
  type StartResult,
  type StartTick,
} from './start.js';
export { createTables, deleteTables, type TablesOutcome } from './tables.js';
export { readConfig, writeConfig } from './config-command.js';
export { openDeployment, type Deployment } from './deployment.js';
export { readJsonObject } from './read-json.js';
export { schedule, type ScheduleResult } from './schedule.js';
export { status, STATUS_WINDOW_SECONDS } from './status.js';
export { showTask } from './task.js';
export type { CliIo } from './program.js';
export { retryDead, type RetryDeadResult } from './retry-dead.js';
export {
  DEFAULT_DASHBOARD_PORT,
  startDashboard,
  type DashboardOptions,
  type RunningDashboard,
} from './dashboard/index.js';
