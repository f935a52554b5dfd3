import { type PlainObject } from '@sosw/core';
import { isFlagSet } from '../chunking/flags.js';
import { InvalidJob } from '../errors.js';
import { dateRange, dayNumber, today, type IsoDate } from './calendar.js';
import { MAX_PERIOD_DAYS, PERIOD_PATTERNS, periodDates } from './periods.js';

/**
 * The `date_list`s a job's tasks get, one entry per group of tasks: each date alone with `isolate_days`,
 * else all dates in one list; `undefined` when the job gives no period.
 *
 * The dates come from `period` (see `periodDates`), or from `st_date` + `en_date` (`YYYY-MM-DD`, both
 * included). "Today" is taken at `nowMs` in the job's `timezone` (an IANA name), UTC by default.
 *
 * @throws InvalidJob naming the field: an unknown period pattern, an N over `MAX_PERIOD_DAYS`, a bad date
 * or time zone, `st_date` without `en_date`, a range that ends before it starts or spans more than
 * `MAX_PERIOD_DAYS` days (on `job.en_date`), a `period` together with `st_date`
 *
 * @example
 * jobDateLists({ period: 'last_2_days', isolate_days: true }, Date.UTC(2019, 0, 30));
 * // [['2019-01-28'], ['2019-01-29']]
 */
export function jobDateLists(job: PlainObject, nowMs: number): IsoDate[][] | undefined {
  const dates = datesOf(job, nowMs);
  if (dates === undefined) return undefined;
  return isFlagSet(job.isolate_days) ? dates.map((date) => [date]) : [dates];
}

function datesOf(job: PlainObject, nowMs: number): IsoDate[] | undefined {
  const { period, st_date: start, en_date: end } = job;
  const hasRange = start !== undefined || end !== undefined;
  if (period !== undefined && hasRange) {
    throw InvalidJob.at('job.period', 'give either a period or st_date and en_date, not both');
  }
  if (hasRange) return explicitRange(start, end);
  if (period === undefined || period === null) return undefined;
  if (typeof period !== 'string') {
    throw InvalidJob.at('job.period', `expected a period pattern (string), got ${typeof period}`);
  }
  const dates = periodDates(period, todayIn(job.timezone, nowMs));
  if (dates === undefined) {
    throw InvalidJob.at(
      'job.period',
      `unknown period "${period}"; expected one of ${PERIOD_PATTERNS.join(', ')} (N a whole number, at most ${MAX_PERIOD_DAYS})`,
    );
  }
  return dates;
}

function todayIn(timezone: unknown, nowMs: number): number {
  if (timezone === undefined || timezone === null) return today(nowMs);
  if (typeof timezone !== 'string') {
    throw InvalidJob.at('job.timezone', `expected a time zone name (string), got ${typeof timezone}`);
  }
  try {
    return today(nowMs, timezone);
  } catch (error) {
    throw InvalidJob.at('job.timezone', `unknown time zone "${timezone}"`, { cause: error });
  }
}

function explicitRange(start: unknown, end: unknown): IsoDate[] {
  const first = dateField('st_date', start);
  const last = dateField('en_date', end);
  if (last < first) {
    throw InvalidJob.at('job.en_date', `ends before st_date (${String(start)} .. ${String(end)})`);
  }
  // Counted from the day numbers, before a single date is listed: 1000-01-01 .. 9999-12-31 would be
  // 3.29 million dates (a 222 MB heap) only to be refused afterwards.
  const days = last - first + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw InvalidJob.at(
      'job.en_date',
      `the range ${String(start)} .. ${String(end)} spans ${days} days: a range may span at most ${MAX_PERIOD_DAYS} days (about ten years), both ends included`,
    );
  }
  return dateRange(first, last);
}

function dateField(name: string, value: unknown): number {
  if (value === undefined) {
    const other = name === 'st_date' ? 'en_date' : 'st_date';
    throw InvalidJob.at(`job.${name}`, `missing: ${other} is given, so ${name} must be too (YYYY-MM-DD)`);
  }
  const day = typeof value === 'string' ? dayNumber(value) : undefined;
  if (day === undefined) {
    throw InvalidJob.at(`job.${name}`, `expected a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return day;
}
