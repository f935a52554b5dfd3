import { parseSchedulerConfig, planJob, planTasks } from '@sosw/scheduler';
import { UnclaimedEventError, type WorkerLogger } from '@sosw/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DAILY_SCHEDULE,
  LABOURER_ID,
  RESULTS_TABLE_ENV,
  SimulatedStatsApi,
  statsPullerApp,
  statsPullerPayloadSchema,
  statsPullerWorker,
  type StatsPullerAppOptions,
} from '../src/index.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';
import { createResultsTable } from './helpers/results-table.js';

const logged: string[] = [];
const errors: unknown[] = [];
const quiet: WorkerLogger = {
  debug: () => undefined,
  info: (message: string) => void logged.push(message),
  warn: () => undefined,
  error: (message: string, extra?: unknown) => void errors.push({ message, extra }),
};
const lambdaContext = { getRemainingTimeInMillis: () => 60_000 };
const SCHEDULER = 'sosw_scheduler';

let lambda: Awaited<ReturnType<typeof startAssistantRecorder>>;
let results: Awaited<ReturnType<typeof createResultsTable>>;
beforeAll(async () => {
  lambda = await startAssistantRecorder();
  lambda.register(SCHEDULER, { handler: () => ({ accepted: true }) });
  results = await createResultsTable();
});
afterAll(async () => {
  await lambda.stop();
  await results.drop();
});

const api = () => new SimulatedStatsApi({ random: () => 0.5, sleep: () => Promise.resolve() });
const handlerOf = (options: StatsPullerAppOptions = {}) =>
  statsPullerApp({ resultsTable: results.name, logger: quiet, api: api(), ...options }).handler();
let jobsSeen = 0;
/** The jobs the scheduler received since the last call. */
const schedulerJobs = async () => {
  await lambda.idle();
  const all = lambda.invocations.filter((invocation) => invocation.name === SCHEDULER);
  const fresh = all.slice(jobsSeen);
  jobsSeen = all.length;
  return fresh.map((call) => call.payload);
};
const taskEvent = (taskId: string) => ({
  sections: ['toys'],
  stores: ['store_a'],
  date_list: ['2024-05-01', '2024-05-02'],
  task_id: taskId,
  labourer_id: LABOURER_ID,
  created_at: 1_700_000_000,
  greenfield: 1_731_557_600,
  attempts: 1,
});

describe('the stats puller app', () => {
  it('declares the daily-accounts schedule, 06:00 UTC, for the infra; onTask adds no trigger', () => {
    expect(statsPullerApp().triggers).toEqual([
      { kind: 'schedule', name: DAILY_SCHEDULE, expression: 'cron(0 6 * * ? *)', enabled: true },
    ]);
  });

  it('a sosw task: the same result and report as statsPullerWorker, the orchestrated path unchanged', async () => {
    const fromApp = await handlerOf()(taskEvent('t-app'), lambdaContext);
    const [appReport] = await lambda.reports();
    const fromWorker = await statsPullerWorker({ resultsTable: results.name, logger: quiet, api: api() })(
      taskEvent('t-worker'),
      lambdaContext,
    );
    const [workerReport] = await lambda.reports();

    expect(fromApp).toEqual({ section: 'toys', stores: 1, dates: 2, rows: 2 });
    expect(fromApp).toEqual(fromWorker);
    expect(appReport).toEqual({ ...(workerReport as object), task_id: 't-app' });
    expect(appReport).toMatchObject({ action: 'mark_task_as_completed', stats: { api_calls: 2, rows: 2 } });
  });

  it('the daily schedule without configured sections schedules nothing, and says so', async () => {
    logged.length = 0;
    await expect(
      handlerOf()({ sosw_schedule: DAILY_SCHEDULE, payload: {} }, lambdaContext),
    ).resolves.toBeUndefined();
    expect(await schedulerJobs()).toEqual([]);
    expect(logged).toContain('daily-accounts: no sections in the schedule payload, nothing scheduled');
  });

  it('the daily schedule with sections submits a yesterday job that the scheduler turns into valid tasks', async () => {
    const daily = {
      sections: { toys: { stores: ['store_1', 'store_2', 'store_3'] } },
      max_stores_per_batch: 2,
    };
    const app = statsPullerApp({ resultsTable: results.name, logger: quiet, daily });
    expect(app.triggers[0]).toMatchObject({ payload: daily });

    // The infra's schedule sends the trigger's payload.
    await app.handler()({
      sosw_schedule: DAILY_SCHEDULE,
      payload: app.triggers[0]?.kind === 'schedule' ? app.triggers[0].payload : {},
    });

    const jobs = await schedulerJobs();
    expect(jobs).toEqual([
      {
        job: {
          period: 'yesterday',
          isolate_sections: true,
          max_stores_per_batch: 2,
          sections: { toys: { stores: ['store_1', 'store_2', 'store_3'] } },
          lambda_name: LABOURER_ID,
        },
      },
    ]);
    const config = parseSchedulerConfig({
      s3_bucket: 'unused',
      task_config: { labourers: { [LABOURER_ID]: { arn: LABOURER_ID, max_simultaneous_invocations: 1 } } },
      job_schema: { chunkable_attrs: ['section', 'store'] },
    });
    const { job } = jobs[0] as { job: Record<string, unknown> };
    const payloads = [
      ...planTasks(planJob(job, { config, requestId: 'daily-1', nowMs: Date.UTC(2024, 4, 4, 6) })),
    ];
    expect(payloads.map((payload) => statsPullerPayloadSchema.parse(payload))).toEqual([
      { sections: ['toys'], stores: ['store_1', 'store_2'], date_list: ['2024-05-03'] },
      { sections: ['toys'], stores: ['store_3'], date_list: ['2024-05-03'] },
    ]);
  });

  it('a malformed daily payload is rejected naming the field, and nothing is scheduled', async () => {
    const rejected = await handlerOf()(
      { sosw_schedule: DAILY_SCHEDULE, payload: { sections: { toys: { stores: [] } } } },
      lambdaContext,
    );
    expect(rejected).toBeUndefined();
    expect(await schedulerJobs()).toEqual([]);
    expect(errors).toContainEqual({
      message: 'event rejected for good: dropped, not retried',
      extra: expect.objectContaining({
        trigger: 'schedule "daily-accounts"',
        path: 'sections.toys.stores',
      }) as unknown,
    });
  });

  it('an event that is neither a task nor its schedule is refused, naming both', async () => {
    await expect(handlerOf()({ hello: 1 })).rejects.toThrow(UnclaimedEventError);
    await expect(handlerOf()({ hello: 1 })).rejects.toThrow(
      'this app handles: task, schedule "daily-accounts"',
    );
  });

  it('building the app reads no setting: without a results table it builds, and the first task fails, reported', async () => {
    vi.stubEnv(RESULTS_TABLE_ENV, '');
    const handler = statsPullerApp({ logger: quiet, api: api() }).handler();
    await expect(handler(taskEvent('t-unconfigured'), lambdaContext)).rejects.toThrow(
      `the stats puller needs a results table: set ${RESULTS_TABLE_ENV} or pass the resultsTable option`,
    );
    expect(await lambda.reports()).toEqual([
      expect.objectContaining({ action: 'mark_task_as_failed', task_id: 't-unconfigured' }),
    ]);
    vi.unstubAllEnvs();
  });
});
