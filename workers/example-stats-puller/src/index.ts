export { RESULTS_KEY, RESULTS_TABLE_ENV } from './constants.js';
export {
  ApiUnavailableError,
  RateLimitedError,
  StatsApiError,
  StatsPullerConfigError,
  UnknownStoreError,
} from './errors.js';
export { LABOURER_ID } from './labourer.js';
export { statsPullerPayloadSchema, type StatsPullerPayload } from './payload.js';
export { flowError, pullStats, type PullStatsDeps, type PullStatsResult } from './pull-stats.js';
export { seededRandom, stableHash, type Random } from './random.js';
export { resultKey, ResultsStore, type ResultsWriter, type StatsRow } from './results-store.js';
export {
  figuresOf,
  SimulatedStatsApi,
  type DailyStats,
  type SimulatedStatsApiOptions,
  type StatsApi,
} from './stats-api.js';
export { pullStatsDeps, statsPullerWorker, type StatsPullerOptions } from './worker.js';
export { app, DAILY_SCHEDULE, statsPullerApp, type StatsPullerAppOptions } from './app.js';
export { dailyJobSchema, scheduleDailyJob, type DailyJob, type DailyJobPayload } from './daily-job.js';
