import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidJob } from '../src/index.js';
import { lambdaContext, schedulerConfig } from './helpers/factories.js';
import { buildScheduler, queuedTasks } from './helpers/harness.js';

// Bug found by the chaos bad-input fuzzing: a period count past JavaScript's date range (about 1e8 days)
// escaped Scheduler.run as `RangeError: Invalid time value` from toISOString, and counts of a million
// days built a date_list of a million dates. N is now bounded at 3660 (about ten years).
// Explicit st_date .. en_date ranges are bounded the same way (below).

let tables: TestTables;
let labourerCount = 0;

beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** A scheduler with a labourer of its own, so each test reads its own queue. */
function setup() {
  labourerCount += 1;
  const labourer = `bounded${labourerCount}`;
  const config = schedulerConfig({
    task_config: {
      labourers: { [labourer]: { arn: `arn:aws:lambda:us-east-1:000000000000:function:${labourer}` } },
    },
  });
  return { labourer, ...buildScheduler(tables, config) };
}

describe('Scheduler.run with a period count (today is 2019-01-30)', () => {
  it.each([
    { name: '1000000000_days_back', period: '1000000000_days_back' },
    { name: 'last_200000000_days', period: 'last_200000000_days' },
    { name: 'previous_<400 nines>_days', period: `previous_${'9'.repeat(400)}_days` },
    { name: 'last_3661_days', period: 'last_3661_days' },
  ])(
    'refuses $name with an InvalidJob on job.period that says the limit, writing nothing',
    async ({ period }) => {
      const { labourer, scheduler, taskManager } = setup();

      const error: unknown = await scheduler
        .run({ job: { lambda_name: labourer, period, isolate_days: true } }, lambdaContext())
        .catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(InvalidJob);
      expect(error).toMatchObject({
        path: 'job.period',
        issues: [{ path: 'job.period' }],
        message: `job.period: "${period}" counts too many days: N may be at most 3660 (about ten years)`,
      });
      expect(await queuedTasks(taskManager, labourer)).toEqual([]);
    },
  );

  it('schedules a count at the bound: 3660 days in one date_list, or one day 3660 days back', async () => {
    const { labourer, scheduler, taskManager } = setup();

    const last = await scheduler.run(
      { job: { lambda_name: labourer, job_id: 'last', period: 'last_3660_days' } },
      lambdaContext(),
    );
    const back = await scheduler.run(
      { job: { lambda_name: labourer, job_id: 'back', period: '3660_days_back', isolate_days: true } },
      lambdaContext(),
    );

    expect([last.tasks_created, back.tasks_created]).toEqual([1, 1]);
    const tasks = await queuedTasks(taskManager, labourer);
    expect(tasks.map((task) => task.task_id)).toEqual(['last-0', 'back-0']);
    const dates = tasks[0]?.body.date_list as string[];
    expect(dates).toHaveLength(3660);
    expect([dates[0], dates.at(-1)]).toEqual(['2009-01-22', '2019-01-29']);
    expect(tasks[1]?.body.date_list).toEqual(['2009-01-22']);
  });
});

// An explicit range had no bound: 1000-01-01 .. 9999-12-31 built 3.29 million dates (2.7 s, a 222 MB heap),
// one task of about 43 MB of JSON refused only after it was built, or 3.29 million tasks with isolate_days.
describe('Scheduler.run with an explicit st_date .. en_date range', () => {
  it.each([
    { st_date: '2009-01-21', en_date: '2019-01-29', days: 3661 },
    { st_date: '1000-01-01', en_date: '9999-12-31', days: 3_287_182 },
  ])(
    'refuses $st_date .. $en_date ($days days) with an InvalidJob on job.en_date, writing nothing',
    async ({ st_date, en_date, days }) => {
      const { labourer, scheduler, taskManager } = setup();

      const error: unknown = await scheduler
        .run({ job: { lambda_name: labourer, st_date, en_date, isolate_days: true } }, lambdaContext())
        .catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(InvalidJob);
      expect(error).toMatchObject({
        path: 'job.en_date',
        issues: [{ path: 'job.en_date' }],
        message: `job.en_date: the range ${st_date} .. ${en_date} spans ${days} days: a range may span at most 3660 days (about ten years), both ends included`,
      });
      expect(await queuedTasks(taskManager, labourer)).toEqual([]);
    },
  );

  it('schedules a range at the bound, and one in the years 0000 to 0099', async () => {
    const { labourer, scheduler, taskManager } = setup();

    const longest = await scheduler.run(
      { job: { lambda_name: labourer, job_id: 'longest', st_date: '2009-01-22', en_date: '2019-01-29' } },
      lambdaContext(),
    );
    const early = await scheduler.run(
      {
        job: {
          lambda_name: labourer,
          job_id: 'early',
          st_date: '0099-12-31',
          en_date: '0100-01-01',
          isolate_days: true,
        },
      },
      lambdaContext(),
    );

    expect([longest.tasks_created, early.tasks_created]).toEqual([1, 2]);
    const tasks = await queuedTasks(taskManager, labourer);
    expect(tasks.map((task) => task.task_id)).toEqual(['longest-0', 'early-0', 'early-1']);
    const dates = tasks[0]?.body.date_list as string[];
    expect(dates).toHaveLength(3660);
    expect([dates[0], dates.at(-1)]).toEqual(['2009-01-22', '2019-01-29']);
    expect(tasks.slice(1).map((task) => task.body.date_list)).toEqual([['0099-12-31'], ['0100-01-01']]);
  });
});
