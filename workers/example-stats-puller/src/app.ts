import { defineApp, labourerChainTarget, type SoswApp } from '@sosw/worker';
import { dailyJobSchema, scheduleDailyJob, type DailyJobPayload } from './daily-job.js';
import { LABOURER_ID } from './labourer.js';
import { statsPullerPayloadSchema } from './payload.js';
import { pullStats, type PullStatsDeps } from './pull-stats.js';
import { pullStatsDeps, type StatsPullerOptions } from './worker.js';

/** The schedule that asks for yesterday's figures every morning at 06:00 UTC. */
export const DAILY_SCHEDULE = 'daily-accounts';

/** Options of {@link statsPullerApp}: those of `statsPullerWorker`, and what the daily schedule needs. */
export interface StatsPullerAppOptions extends StatsPullerOptions {
  /** The stores the daily schedule pulls, by section; the schedule's payload. Default none: it schedules nothing. */
  daily?: Partial<DailyJobPayload>;
  /** The scheduler's function; default `sosw_scheduler`. */
  schedulerName?: string;
}

/**
 * The stats puller as an app: the orchestrated task (exactly `statsPullerWorker`: `pullStats` with the
 * payload validated by `statsPullerPayloadSchema`) and the `daily-accounts` schedule, which submits a
 * `period: 'yesterday'` job for the `daily` sections to the scheduler. Building it reads nothing and makes
 * no client: the results table is read, and its client made, on the first task (a missing table then
 * fails that task with `StatsPullerConfigError`, reported to the worker-assistant).
 *
 * @example
 * export const app = statsPullerApp({ daily: { sections: { toys: { stores: ['store_1', 'store_2'] } } } });
 * export const handler = app.handler();
 */
export function statsPullerApp(options: StatsPullerAppOptions = {}): SoswApp {
  const { resultsTable, db, api, daily, schedulerName, ...workerOptions } = options;
  let deps: PullStatsDeps | undefined;
  const scheduler = labourerChainTarget({
    labourerId: LABOURER_ID,
    ...(schedulerName === undefined ? {} : { schedulerName }),
    ...(workerOptions.lambda === undefined ? {} : { lambda: workerOptions.lambda }),
  });
  return defineApp({
    name: LABOURER_ID,
    ...(workerOptions.logger === undefined ? {} : { logger: workerOptions.logger }),
  })
    .onTask(
      (input, context) => {
        deps ??= pullStatsDeps({ resultsTable, db, api });
        return pullStats(input, context, deps);
      },
      { name: LABOURER_ID, ...workerOptions, schema: statsPullerPayloadSchema },
    )
    .onSchedule(
      DAILY_SCHEDULE,
      {
        expression: 'cron(0 6 * * ? *)',
        ...(daily === undefined ? {} : { payload: daily }),
        schema: dailyJobSchema,
      },
      (payload, context) => scheduleDailyJob(payload, context, scheduler),
    );
}

/** The deployed app: what the infra reads (`app.triggers`) and `src/handler.ts` serves. */
export const app = statsPullerApp();
