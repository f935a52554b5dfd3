import type { DynamoClient } from '@sosw/dynamo-client';
import { defineWorker, type DefineWorkerOptions, type WorkerHandler } from '@sosw/worker';
import { RESULTS_TABLE_ENV } from './constants.js';
import { StatsPullerConfigError } from './errors.js';
import { LABOURER_ID } from './labourer.js';
import { statsPullerPayloadSchema } from './payload.js';
import { pullStats, type PullStatsDeps, type PullStatsResult } from './pull-stats.js';
import { ResultsStore } from './results-store.js';
import { SimulatedStatsApi, type StatsApi } from './stats-api.js';

/** Options of {@link statsPullerWorker}: its own, and `defineWorker`'s (but `schema`, which is fixed). */
export interface StatsPullerOptions extends Omit<
  DefineWorkerOptions<typeof statsPullerPayloadSchema>,
  'schema'
> {
  /** The results table; default the `STATS_PULLER_RESULTS_TABLE` environment variable. */
  resultsTable?: string;
  /** The DynamoDB client of the results table; default `new DynamoClient()`. */
  db?: DynamoClient;
  /** The stats API; default a `SimulatedStatsApi` with its default latency and failure rates. */
  api?: StatsApi;
}

/**
 * The stats puller's Lambda handler: `defineWorker` around {@link pullStats}, with the payload validated by
 * `statsPullerPayloadSchema` (an invalid payload buries the task with the failing field named).
 *
 * @throws {StatsPullerConfigError} when no results table is given (at start-up, not per task)
 *
 * @example
 * export const handler = statsPullerWorker({ resultsTable: 'stats_results' });
 */
export function statsPullerWorker(options: StatsPullerOptions = {}): WorkerHandler<PullStatsResult> {
  const { resultsTable, db, api, ...workerOptions } = options;
  const deps = pullStatsDeps({ resultsTable, db, api });
  return defineWorker((input, context) => pullStats(input, context, deps), {
    name: LABOURER_ID,
    ...workerOptions,
    schema: statsPullerPayloadSchema,
  });
}

/**
 * What {@link pullStats} works with, from the options: the results table (the option, else
 * `STATS_PULLER_RESULTS_TABLE`) and the stats API (default a `SimulatedStatsApi`).
 *
 * @throws {StatsPullerConfigError} when no results table is given
 *
 * @example
 * const deps = pullStatsDeps({ resultsTable: 'stats_results' });
 */
export function pullStatsDeps(
  options: Pick<StatsPullerOptions, 'resultsTable' | 'db' | 'api'>,
): PullStatsDeps {
  const tableName = options.resultsTable ?? process.env[RESULTS_TABLE_ENV];
  if (tableName === undefined || tableName === '') {
    throw new StatsPullerConfigError(
      `the stats puller needs a results table: set ${RESULTS_TABLE_ENV} or pass the resultsTable option`,
    );
  }
  const db = options.db;
  return {
    api: options.api ?? new SimulatedStatsApi(),
    results: new ResultsStore(db === undefined ? { tableName } : { tableName, db }),
  };
}
