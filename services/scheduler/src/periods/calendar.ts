/** A calendar date as `YYYY-MM-DD`, the form tasks carry in `date_list`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * The day number (days since 1970-01-01) of a `YYYY-MM-DD` date, or `undefined` when the text is not a
 * real calendar date (`2019-02-30`) or its year is 0000. Every year from 0001 to 9999 counts, on the
 * proleptic Gregorian calendar (as ISO 8601 and `toISOString` have it); the year 0000 does not, because
 * Python's `datetime.date`, which sosw's Python workers read dates with, starts at the year 1.
 *
 * @example
 * dayNumber('1970-01-02'); // 1
 * dayNumber('0050-03-01'); // -701206 (the year 50, not 1950)
 */
export function dayNumber(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return undefined;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999; setUTCFullYear takes the year as given.
  const ms = new Date(0).setUTCFullYear(year, month - 1, day);
  // Date.UTC rolls 02-30 over into March: a real date reads back as itself.
  return isoDate(ms / DAY_MS) === date ? ms / DAY_MS : undefined;
}

/**
 * The `YYYY-MM-DD` of a day number.
 *
 * @example
 * isoDate(0); // '1970-01-01'
 */
export function isoDate(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The day of the week of a day number: 0 is Sunday, 6 is Saturday.
 *
 * @example
 * weekday(dayNumber('2019-04-28') as number); // 0 (a Sunday)
 */
export function weekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The day number of today at `nowMs` in a time zone (IANA name, e.g. `Europe/Kyiv`; default UTC).
 *
 * @throws RangeError for a time zone the runtime does not know
 *
 * @example
 * today(Date.UTC(2019, 0, 30, 23, 30)); // the day number of 2019-01-30
 * today(Date.UTC(2019, 0, 30, 23, 30), 'Asia/Tokyo'); // the day number of 2019-01-31
 */
export function today(nowMs: number, timeZone = 'UTC'): number {
  // en-CA formats a date as YYYY-MM-DD.
  const text = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(nowMs));
  const day = dayNumber(text);
  if (day === undefined) throw new RangeError(`cannot read today's date in ${timeZone}: ${text}`);
  return day;
}

/**
 * The dates from `first` to `last`, both included, as `YYYY-MM-DD`.
 *
 * @example
 * dateRange(dayNumber('2019-01-27')!, dayNumber('2019-01-29')!); // ['2019-01-27', '2019-01-28', '2019-01-29']
 */
export function dateRange(first: number, last: number): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let day = first; day <= last; day += 1) dates.push(isoDate(day));
  return dates;
}
