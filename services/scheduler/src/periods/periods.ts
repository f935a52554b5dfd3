import { InvalidJob } from '../errors.js';
import { dateRange, weekday, type IsoDate } from './calendar.js';

/** The period patterns a job may give as `period`, as its message lists them. */
export const PERIOD_PATTERNS = [
  'today',
  'yesterday',
  'last_N_days',
  'N_days_back',
  'previous_N_days',
  'last_week',
] as const;

/**
 * The largest N a period pattern may give, and the most days an explicit `st_date` .. `en_date` range may
 * span (both ends included): 3660 days, about ten years. A larger N is a mistake, not a job:
 * beyond about 100 million days the dates leave JavaScript's range (`toISOString` throws), and long before
 * that a `date_list` of millions of dates is built in memory for nothing.
 */
export const MAX_PERIOD_DAYS = 3660;

const LAST_N_DAYS = /^last_(\d+)_days$/;
const N_DAYS_BACK = /^(\d+)_days_back$/;
const PREVIOUS_N_DAYS = /^previous_(\d+)_days$/;

/**
 * The dates a period pattern means, relative to `today` (a day number; see `calendar.ts`), oldest first;
 * `undefined` for a pattern that is none of `PERIOD_PATTERNS`.
 *
 * - `today`: [today]; `yesterday`: [today - 1]
 * - N is a whole number up to `MAX_PERIOD_DAYS` (3660)
 * - `last_N_days`: today - N .. today - 1 (N >= 1)
 * - `N_days_back`: [today - N]
 * - `previous_N_days`: the N days before the last N days: today - 2N .. today - N - 1 (N >= 1)
 * - `last_week`: Sunday to Saturday of the week before this one; on a Sunday too (this week starts that
 *   day, so last week is the seven days before it; sosw got this wrong)
 *
 * @throws InvalidJob naming `job.period` when N is over `MAX_PERIOD_DAYS`
 *
 * @example
 * const today = dayNumber('2019-01-30')!;
 * periodDates('last_3_days', today); // ['2019-01-27', '2019-01-28', '2019-01-29']
 * periodDates('30_days_back', today); // ['2018-12-31']
 * periodDates('last_week', dayNumber('2019-04-28')!); // ['2019-04-21', ..., '2019-04-27']
 */
export function periodDates(period: string, today: number): IsoDate[] | undefined {
  if (period === 'today') return dateRange(today, today);
  if (period === 'yesterday') return dateRange(today - 1, today - 1);
  if (period === 'last_week') {
    const lastSunday = today - weekday(today) - 7;
    return dateRange(lastSunday, lastSunday + 6);
  }
  const last = positive(countIn(period, LAST_N_DAYS));
  if (last !== undefined) return dateRange(today - last, today - 1);
  const previous = positive(countIn(period, PREVIOUS_N_DAYS));
  if (previous !== undefined) return dateRange(today - 2 * previous, today - previous - 1);
  const back = countIn(period, N_DAYS_BACK);
  if (back !== undefined) return dateRange(today - back, today - back);
  return undefined;
}

/** The N of a period that matches `pattern`, checked against the bound; `undefined` when it does not match. */
function countIn(period: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(period);
  if (match === null) return undefined;
  // Number() of hundreds of digits is Infinity, which fails this check too.
  const n = Number(match[1]);
  if (n > MAX_PERIOD_DAYS) {
    throw InvalidJob.at(
      'job.period',
      `"${period}" counts too many days: N may be at most ${MAX_PERIOD_DAYS} (about ten years)`,
    );
  }
  return n;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n >= 1 ? n : undefined;
}
