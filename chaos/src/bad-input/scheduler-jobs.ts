import fc from 'fast-check';
import { localFunctionArn } from '@sosw/testing';
import {
  extremeNumbers,
  jsonJunk,
  junkFields,
  neitherObjectNorText,
  notJsonText,
  notText,
  withField,
  type Malformed,
} from './malformed.js';

/**
 * The scheduler config these jobs are written for: chunkable attributes `section` then `store`, and one
 * job schema variant, `by_store`. `schedulerConfigFor(labourer)` builds it.
 */
export const SCHEDULER_VARIANTS = ['by_store'] as const;

/** The scheduler config the generators assume, for one labourer. */
export function schedulerConfigFor(labourerId: string): object {
  return {
    s3_bucket: 'chaos-bad-input-unused',
    task_config: { labourers: { [labourerId]: { arn: localFunctionArn(labourerId) } } },
    job_schema: { chunkable_attrs: ['section', 'store'] },
    job_schema_variants: { by_store: { chunkable_attrs: ['store'] } },
  };
}

const PERIOD = /^(today|yesterday|last_week|last_\d+_days|\d+_days_back|previous_\d+_days)$/;
/** The scheduler's bound on a period's N (its README, "Periods"): about ten years of days. */
const MAX_PERIOD_DAYS = 3660;

/**
 * A period whose N is over the bound: just over it, far over it (millions of days, once a `date_list`
 * that size), past JavaScript's date range (about 1e8 days), and hundreds of digits (`Infinity`).
 */
const periodTooLong = fc
  .tuple(
    fc.constantFrom('last_N_days', 'N_days_back', 'previous_N_days'),
    fc.oneof(
      fc.integer({ min: MAX_PERIOD_DAYS + 1, max: MAX_PERIOD_DAYS + 100 }).map(String),
      fc.integer({ min: MAX_PERIOD_DAYS + 1, max: 2 ** 31 - 1 }).map(String),
      fc.stringMatching(/^[1-9]\d{9,400}$/),
    ),
  )
  .map(([pattern, n]) => pattern.replace('N', n));

const FIRST_DAY = Date.UTC(2000, 0, 1) / 86_400_000;
const DAY_MS = 86_400_000;

/** A real calendar date, `YYYY-MM-DD`, from 2000 to 2029. */
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayNumber = fc.integer({ min: FIRST_DAY, max: FIRST_DAY + 30 * 365 });

/** The first and last days a job may name: 0001-01-01 (Python's `datetime.date` starts there) and 9999-12-31. */
const EARLIEST_DAY = new Date(0).setUTCFullYear(1, 0, 1) / DAY_MS;
const LATEST_DAY = new Date(0).setUTCFullYear(9999, 11, 31) / DAY_MS;

/**
 * `st_date` .. `en_date` spanning more than the bound (both ends counted): by a few days, by up to a century,
 * or up to 0001-01-01 .. 9999-12-31 (3.65 million days, once as many dates built in memory).
 */
const rangeTooLong = fc
  .oneof(
    fc.integer({ min: MAX_PERIOD_DAYS + 1, max: MAX_PERIOD_DAYS + 100 }),
    fc.integer({ min: MAX_PERIOD_DAYS + 1, max: 36_525 }),
    fc.integer({ min: MAX_PERIOD_DAYS + 1, max: LATEST_DAY - EARLIEST_DAY + 1 }),
  )
  .chain((days) =>
    fc
      .integer({ min: EARLIEST_DAY, max: LATEST_DAY - days + 1 })
      .map((first) => ({ st_date: isoDay(first), en_date: isoDay(first + days - 1) })),
  );

/** A value that is not a date as `YYYY-MM-DD`: the wrong type, the wrong shape, no such day, or the year 0. */
const notADate = fc.oneof(
  notText,
  fc.constant(null),
  fc.string({ maxLength: 12 }).filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text)),
  fc.constantFrom(
    '2019-02-30',
    '2021-13-01',
    '2021-00-10',
    '2021-04-31',
    '2019-1-05',
    '20190105',
    '0000-01-01',
  ),
);

/** A name no time zone has. */
const notATimeZone = fc.string({ minLength: 1, maxLength: 12 }).filter((name) => {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return false;
  } catch {
    return true;
  }
});

/** A store: a value a chunked level can hand out (a short name or a number). */
const storeValue = fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), fc.integer({ min: 0, max: 10_000 }));
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);

/**
 * A job the scheduler takes, and how many tasks it makes: stores (isolated or kept whole), maybe over a
 * period of a few days (each day a task of its own, or all in one), with junk fields beside them. Its
 * `job_id` is left to the test, which must make it unique.
 */
export function validJob(labourerId: string): fc.Arbitrary<{ job: Record<string, unknown>; tasks: number }> {
  return fc
    .record({
      lambdaName: fc.constantFrom(labourerId, localFunctionArn(labourerId)),
      schema: fc.constantFrom<string | undefined>(undefined, 'by_store', 'default'),
      stores: fc.uniqueArray(storeValue, { minLength: 1, maxLength: 5 }),
      isolateStores: fc.boolean(),
      days: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      isolateDays: fc.boolean(),
      junk: junkFields,
    })
    .map(({ lambdaName, schema, stores, isolateStores, days, isolateDays, junk }) => ({
      job: {
        ...junk,
        lambda_name: lambdaName,
        ...(schema === undefined ? {} : { job_schema_name: schema }),
        stores,
        isolate_stores: isolateStores,
        ...(days === undefined ? {} : { period: `last_${days}_days`, isolate_days: isolateDays }),
      },
      tasks: (isolateStores ? stores.length : 1) * (days !== undefined && isolateDays ? days : 1),
    }));
}

type Job = Record<string, unknown>;

/** A job that is right in every field: the background a malformed job changes one field of. */
function baseJob(labourerId: string): fc.Arbitrary<Job> {
  return fc
    .record({
      lambda_name: fc.constantFrom(labourerId, localFunctionArn(labourerId)),
      job_id: fc.stringMatching(/^[a-z0-9-]{1,24}$/),
      stores: fc.uniqueArray(storeValue, { minLength: 1, maxLength: 3 }),
      junk: junkFields,
    })
    .map(({ junk, ...job }) => ({ ...junk, ...job }));
}

/** `job` with `field` set to each value of `values` (or removed, for `undefined`). */
function jobWith(
  job: fc.Arbitrary<Job>,
  field: string,
  values: fc.Arbitrary<unknown>,
  flaw: string,
  expected = `job.${field}`,
): fc.Arbitrary<Malformed> {
  return fc
    .tuple(job, values)
    .map(([base, value]) => ({ input: withField(base, field, value), field: expected, flaw }));
}

/** Jobs each wrong in exactly one field, and the field: what `planJob` and `validatePlan` must refuse. */
function malformedJobBodies(labourerId: string): fc.Arbitrary<Malformed>[] {
  const job = baseJob(labourerId);
  const otherName = fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.stringMatching(/^[a-z_]{1,12}$/).map(localFunctionArn),
    )
    .filter((name) => name !== labourerId && name !== localFunctionArn(labourerId));
  const withoutLabourer = job.map(({ lambda_name: _, ...rest }) => rest);
  const isolated = job.map((base) => ({ ...base, isolate_stores: true }));
  // Well within the scheduler's bound on a range's length (MAX_PERIOD_DAYS).
  const validDates = fc
    .tuple(dayNumber, fc.integer({ min: 0, max: 20 }))
    .map(([first, length]) => ({ st_date: isoDay(first), en_date: isoDay(first + length) }));

  return [
    withoutLabourer.map((input) => ({ input, field: 'job.lambda_name', flaw: 'missing labourer' })),
    jobWith(job, 'lambda_name', fc.oneof(notText, fc.constantFrom(null, '')), 'labourer not a name'),
    jobWith(job, 'lambda_name', otherName, 'unknown labourer'),
    jobWith(job, 'labourer_id', fc.oneof(otherName, notText), 'labourer_id disagrees'),
    jobWith(
      job,
      'job_id',
      fc.oneof(notText, fc.constant(''), fc.string({ minLength: 201, maxLength: 260 })),
      'bad job_id',
    ),
    jobWith(job, 'job_schema_name', notText, 'schema name not text'),
    jobWith(
      job,
      'job_schema_name',
      fc
        .string({ maxLength: 12 })
        .filter((name) => name !== 'default' && !SCHEDULER_VARIANTS.some((v) => v === name)),
      'unknown schema',
    ),
    jobWith(job, 'period', notText, 'period not text'),
    jobWith(
      job,
      'period',
      fc.string({ maxLength: 20 }).filter((period) => !PERIOD.test(period)),
      'unknown period',
    ),
    jobWith(job, 'period', periodTooLong, 'period too long'),
    fc.tuple(job, validDates).map(([base, dates]) => ({
      input: { ...base, ...dates, period: 'today' },
      field: 'job.period',
      flaw: 'period and range',
    })),
    fc.tuple(job, validDates, notADate).map(([base, dates, bad]) => ({
      input: { ...base, ...dates, st_date: bad },
      field: 'job.st_date',
      flaw: 'bad date',
    })),
    fc.tuple(job, validDates, notADate).map(([base, dates, bad]) => ({
      input: { ...base, ...dates, en_date: bad },
      field: 'job.en_date',
      flaw: 'bad date',
    })),
    fc.tuple(job, validDates, fc.boolean()).map(([base, dates, keepStart]) => ({
      input: keepStart ? { ...base, st_date: dates.st_date } : { ...base, en_date: dates.en_date },
      field: keepStart ? 'job.en_date' : 'job.st_date',
      flaw: 'half a range',
    })),
    fc.tuple(job, rangeTooLong, fc.boolean()).map(([base, dates, isolateDays]) => ({
      input: { ...base, ...dates, isolate_days: isolateDays },
      field: 'job.en_date',
      flaw: 'range too long',
    })),
    fc.tuple(job, dayNumber, fc.integer({ min: 1, max: 400 })).map(([base, day, back]) => ({
      input: { ...base, st_date: isoDay(day), en_date: isoDay(day - back) },
      field: 'job.en_date',
      flaw: 'range backwards',
    })),
    jobWith(
      job.map((base) => ({ ...base, period: 'today' })),
      'timezone',
      fc.oneof(notText, notATimeZone),
      'bad time zone',
    ),
    jobWith(
      isolated,
      'stores',
      fc.oneof(fc.integer(), extremeNumbers, fc.boolean(), fc.string({ maxLength: 8 })),
      'chunked level not a list',
    ),
    fc
      .tuple(
        isolated,
        fc.array(storeValue, { maxLength: 3 }),
        fc.oneof(fc.boolean(), fc.constant(null), fc.array(storeValue, { maxLength: 2 })),
      )
      .map(([base, values, bad]) => ({
        input: { ...base, stores: [...values, bad] },
        field: `job.stores[${values.length}]`,
        flaw: 'mixed list',
      })),
    fc
      .tuple(
        isolated,
        fc.uniqueArray(key, { minLength: 2, maxLength: 4 }),
        fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(storeValue, { maxLength: 2 })),
      )
      .map(([base, names, bad]) => {
        const badName = names.at(-1) as string;
        const stores = Object.fromEntries(names.map((name) => [name, name === badName ? bad : null]));
        return {
          input: { ...base, stores },
          field: `job.stores.${badName}`,
          flaw: 'bad value in chunked dict',
        };
      }),
    fc
      .tuple(job, key, fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 8 })))
      .map(([{ stores: _, ...base }, section, bad]) => ({
        input: { ...base, sections: { [section]: { isolate_stores: true, stores: bad } } },
        field: `job.sections.${section}.stores`,
        flaw: 'nested chunked level not a list',
      })),
    jobWith(
      job,
      'max_stores_per_batch',
      fc.oneof(
        fc.integer({ max: 0 }),
        fc.constantFrom(0.5, 1.5, -1e308, 1e-300),
        fc.boolean(),
        fc.string({ maxLength: 6 }),
        fc.array(jsonJunk, { maxLength: 2 }),
      ),
      'bad batch size',
    ),
    fc.tuple(job, storeValue).map(([base, store]) => ({
      input: { ...base, store },
      field: 'job',
      flaw: 'store and stores',
    })),
    fc.tuple(job, fc.integer({ min: 1, max: 40_000 })).map(([base, extra]) => ({
      input: { ...base, stores: ['x'.repeat(350_000 + extra)] },
      field: 'job',
      flaw: 'task too large',
    })),
  ];
}

/** How a job travels in an event: bare, under `job`, as JSON text, or as JSON text under `job`. */
const WRAPPINGS = {
  bare: (job: Job) => job,
  job: (job: Job) => ({ job }),
  text: (job: Job) => JSON.stringify(job),
  jobText: (job: Job) => ({ job: JSON.stringify(job) }),
} as const;

/** A resume payload that is right in every field. */
const RESUME = { bucket: 'b', key: 'sosw/scheduler/j/from-0.jsonl', position: 0, job_id: 'j' };

/** Events wrong at the top: not a job at all, a `job` that is not one, a `resume` that is malformed. */
function malformedEvents(): fc.Arbitrary<Malformed>[] {
  const notAnObject = neitherObjectNorText;
  const resumeField = fc.constantFrom('bucket', 'key', 'job_id', 'position');
  return [
    notAnObject.map((input) => ({ input, field: 'event', flaw: 'event not a dict' })),
    notJsonText.map((input) => ({ input, field: 'event', flaw: 'event text not JSON' })),
    notAnObject.map((value) => ({
      input: JSON.stringify(value),
      field: 'event',
      flaw: 'event text not a dict',
    })),
    fc
      .oneof(
        notAnObject,
        notJsonText,
        notAnObject.map((value) => JSON.stringify(value)),
      )
      .map((job) => ({
        input: { job },
        field: 'job',
        flaw: 'job not a dict',
      })),
    notAnObject.map((resume) => ({ input: { resume }, field: 'event.resume', flaw: 'resume not a dict' })),
    fc
      .tuple(
        resumeField,
        fc.oneof(
          fc.constantFrom(undefined, null, '', -1, 1.5, '3', true),
          fc.array(jsonJunk, { maxLength: 2 }),
        ),
      )
      .filter(([field, value]) => !(field !== 'position' && value === '3'))
      .map(([field, value]) => ({
        input: { resume: withField(RESUME, field, value) },
        field: `event.resume.${field}`,
        flaw: 'bad resume field',
      })),
  ];
}

/**
 * Scheduler events that are wrong in exactly one place, with that place: malformed events, and jobs with
 * one bad field (wrong types, missing fields, unknown labourers, schemas and periods, periods over the
 * scheduler's 3660 days, ranges spanning more than those 3660 days, bad dates and time zones, chunked levels that cannot be chunked, bad batch sizes,
 * a task too large), each job sent in one of the four ways an event may carry it.
 */
export function malformedSchedulerEvent(labourerId: string): fc.Arbitrary<Malformed> {
  const wrapped = fc
    .tuple(
      fc.oneof(...malformedJobBodies(labourerId)),
      fc.constantFrom(...(Object.keys(WRAPPINGS) as (keyof typeof WRAPPINGS)[])),
    )
    .map(([bad, how]) => ({ ...bad, input: WRAPPINGS[how](bad.input as Job) }));
  return fc.oneof(
    { weight: 4, arbitrary: wrapped },
    { weight: 1, arbitrary: fc.oneof(...malformedEvents()) },
  );
}
