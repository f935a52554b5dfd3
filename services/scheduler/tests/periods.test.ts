import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  dateRange,
  dayNumber,
  InvalidJob,
  isoDate,
  jobDateLists,
  periodDates,
  today,
  weekday,
} from '../src/index.js';
import type * as calendarModule from '../src/periods/calendar.js';

// dateRange, watched: a range too long must be refused before any date is listed, not after.
vi.mock('../src/periods/calendar.js', async (importOriginal) => {
  const calendar = await importOriginal<typeof calendarModule>();
  return { ...calendar, dateRange: vi.fn(calendar.dateRange) };
});
afterEach(() => {
  vi.mocked(dateRange).mockClear();
});

const day = (date: string) => {
  const n = dayNumber(date);
  if (n === undefined) throw new Error(`bad date ${date}`);
  return n;
};
const at = (date: string) => (period: string) => periodDates(period, day(date));

describe('calendar', () => {
  it('reads and writes YYYY-MM-DD, refusing dates that do not exist', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoDate(day('2019-01-30'))).toBe('2019-01-30');
    expect(dayNumber('2019-02-29')).toBeUndefined();
    expect(dayNumber('2020-02-29')).toBe(day('2020-02-28') + 1);
    expect(dayNumber('2019-1-3')).toBeUndefined();
  });

  // Date.UTC read the years 0 to 99 as 1900 to 1999, so '0050-03-01' read back as 1950 and was "not a date".
  it('reads the years 0001 to 0099 as themselves, leap days included, and refuses the year 0000', () => {
    expect(dayNumber('0050-03-01')).toBe(-701_206);
    expect(dayNumber('0001-01-01')).toBe(-719_162);
    expect(isoDate(day('0099-12-31') + 1)).toBe('0100-01-01');
    expect(day('0100-01-01') - day('0001-01-01')).toBe(36_159);
    expect(dayNumber('0048-02-29')).toBe(day('0048-02-28') + 1);
    expect(dayNumber('0400-02-29')).toBe(day('0400-02-28') + 1); // divisible by 400
    // Python's datetime.date, which sosw's Python workers read dates with, starts at the year 1.
    expect(dayNumber('0000-01-01')).toBeUndefined();
    expect(dayNumber('0100-02-29')).toBeUndefined(); // divisible by 100, not by 400
    expect(dayNumber('0019-02-29')).toBeUndefined();
    expect(isoDate(day('9999-12-31'))).toBe('9999-12-31');
  });

  it('knows the weekday, Sunday being 0', () => {
    expect(weekday(day('2019-04-28'))).toBe(0);
    expect(weekday(day('2019-04-30'))).toBe(2);
    expect(weekday(day('1969-12-31'))).toBe(3);
  });

  it('takes today in UTC, or in a time zone', () => {
    const lateEvening = Date.UTC(2019, 0, 30, 23, 30);
    expect(isoDate(today(lateEvening))).toBe('2019-01-30');
    expect(isoDate(today(lateEvening, 'Asia/Tokyo'))).toBe('2019-01-31');
    expect(isoDate(today(Date.UTC(2019, 0, 30, 2), 'America/New_York'))).toBe('2019-01-29');
    expect(() => today(lateEvening, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('lists a range, both ends included', () => {
    expect(dateRange(day('2018-12-30'), day('2019-01-02'))).toEqual([
      '2018-12-30',
      '2018-12-31',
      '2019-01-01',
      '2019-01-02',
    ]);
  });
});

describe('periodDates (the issue examples)', () => {
  it('at 2019-01-30', () => {
    const period = at('2019-01-30');
    expect(period('last_3_days')).toEqual(['2019-01-27', '2019-01-28', '2019-01-29']);
    expect(period('last_5_days')).toEqual([
      '2019-01-25',
      '2019-01-26',
      '2019-01-27',
      '2019-01-28',
      '2019-01-29',
    ]);
    expect(period('30_days_back')).toEqual(['2018-12-31']);
    expect(period('1_days_back')).toEqual(['2019-01-29']);
    expect(period('7_days_back')).toEqual(['2019-01-23']);
    expect(period('today')).toEqual(['2019-01-30']);
    expect(period('yesterday')).toEqual(['2019-01-29']);
  });

  it('at 2019-04-30 (a Tuesday)', () => {
    const period = at('2019-04-30');
    expect(period('previous_2_days')).toEqual(['2019-04-26', '2019-04-27']);
    expect(period('previous_3_days')).toEqual(['2019-04-24', '2019-04-25', '2019-04-26']);
    expect(period('last_week')).toEqual([
      '2019-04-21',
      '2019-04-22',
      '2019-04-23',
      '2019-04-24',
      '2019-04-25',
      '2019-04-26',
      '2019-04-27',
    ]);
  });

  it('last_week on a Sunday is the week before that Sunday (sosw gave the week before that)', () => {
    expect(at('2019-04-28')('last_week')).toEqual([
      '2019-04-21',
      '2019-04-22',
      '2019-04-23',
      '2019-04-24',
      '2019-04-25',
      '2019-04-26',
      '2019-04-27',
    ]);
    // ... and on the Saturday before it, the week before that.
    expect(at('2019-04-27')('last_week')?.[0]).toBe('2019-04-14');
  });

  it('knows no other pattern', () => {
    const period = at('2019-01-30');
    for (const unknown of [
      'fortnight_ago',
      'last_0_days',
      'previous_0_days',
      'last_3_days_x',
      'Today',
      'last_x_days',
    ]) {
      expect(period(unknown)).toBeUndefined();
    }
  });

  it('takes N up to 3660 days (about ten years)', () => {
    const period = at('2019-01-30');
    const last = period('last_3660_days');
    expect(last).toHaveLength(3660);
    expect([last?.[0], last?.at(-1)]).toEqual(['2009-01-22', '2019-01-29']);
    expect(period('3660_days_back')).toEqual(['2009-01-22']);
    const previous = period('previous_3660_days');
    expect(previous).toHaveLength(3660);
    expect([previous?.[0], previous?.at(-1)]).toEqual(['1999-01-15', '2009-01-21']);
  });

  // Past about 1e8 days the dates left JavaScript's range: a raw RangeError from toISOString.
  it.each([
    { name: '1000000000_days_back', pattern: '1000000000_days_back' },
    { name: 'last_200000000_days', pattern: 'last_200000000_days' },
    { name: 'previous_<400 nines>_days', pattern: `previous_${'9'.repeat(400)}_days` },
    { name: 'last_3661_days', pattern: 'last_3661_days' },
    { name: '3661_days_back', pattern: '3661_days_back' },
    { name: 'previous_3661_days', pattern: 'previous_3661_days' },
    { name: '00003661_days_back', pattern: '00003661_days_back' },
  ])('refuses $name: an InvalidJob on job.period that says the limit', ({ pattern }) => {
    const error: unknown = (() => {
      try {
        return at('2019-01-30')(pattern);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InvalidJob);
    expect(error).toMatchObject({
      path: 'job.period',
      message: `job.period: "${pattern}" counts too many days: N may be at most 3660 (about ten years)`,
    });
  });
});

describe('jobDateLists', () => {
  const now = Date.UTC(2019, 0, 30, 12);

  it('gives one date_list, or one per date with isolate_days', () => {
    expect(jobDateLists({ period: 'last_3_days' }, now)).toEqual([
      ['2019-01-27', '2019-01-28', '2019-01-29'],
    ]);
    expect(jobDateLists({ period: 'last_3_days', isolate_days: true }, now)).toEqual([
      ['2019-01-27'],
      ['2019-01-28'],
      ['2019-01-29'],
    ]);
    expect(jobDateLists({ stores: [1] }, now)).toBeUndefined();
  });

  it('takes an explicit st_date .. en_date, both included', () => {
    expect(jobDateLists({ st_date: '2019-02-27', en_date: '2019-03-01', isolate_days: true }, now)).toEqual([
      ['2019-02-27'],
      ['2019-02-28'],
      ['2019-03-01'],
    ]);
    expect(jobDateLists({ st_date: '2019-02-27', en_date: '2019-02-27' }, now)).toEqual([['2019-02-27']]);
  });

  it('takes a range of up to 3660 days, both ends counted, in any year from 0001 to 9999', () => {
    const [longest] = jobDateLists({ st_date: '2009-01-22', en_date: '2019-01-29' }, now) ?? [];
    expect(longest).toHaveLength(3660);
    expect([longest?.[0], longest?.at(-1)]).toEqual(['2009-01-22', '2019-01-29']);
    expect(jobDateLists({ st_date: '9999-12-30', en_date: '9999-12-31', isolate_days: true }, now)).toEqual([
      ['9999-12-30'],
      ['9999-12-31'],
    ]);
    expect(jobDateLists({ st_date: '0099-12-31', en_date: '0100-01-01' }, now)).toEqual([
      ['0099-12-31', '0100-01-01'],
    ]);
  });

  it.each([
    { st_date: '2009-01-21', en_date: '2019-01-29', days: 3661, isolate_days: false },
    { st_date: '2009-01-21', en_date: '2019-01-29', days: 3661, isolate_days: true },
    { st_date: '1000-01-01', en_date: '9999-12-31', days: 3_287_182, isolate_days: false },
    { st_date: '0001-01-01', en_date: '9999-12-31', days: 3_652_059, isolate_days: true },
  ])(
    'refuses $st_date .. $en_date ($days days) on job.en_date, saying the limit, before listing a date',
    ({ days, ...job }) => {
      const error: unknown = (() => {
        try {
          return jobDateLists(job, now);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(InvalidJob);
      expect(error).toMatchObject({
        path: 'job.en_date',
        issues: [{ path: 'job.en_date' }],
        message: `job.en_date: the range ${job.st_date} .. ${job.en_date} spans ${days} days: a range may span at most 3660 days (about ten years), both ends included`,
      });
      expect(dateRange).not.toHaveBeenCalled();
    },
  );

  it("takes today in the job's timezone", () => {
    const late = Date.UTC(2019, 0, 30, 23, 30);
    expect(jobDateLists({ period: 'today' }, late)).toEqual([['2019-01-30']]);
    expect(jobDateLists({ period: 'today', timezone: 'Asia/Tokyo' }, late)).toEqual([['2019-01-31']]);
  });

  const invalid = (job: Record<string, unknown>) => {
    try {
      jobDateLists(job, now);
    } catch (error) {
      if (error instanceof InvalidJob) return error.message;
      throw error;
    }
    throw new Error('expected InvalidJob');
  };

  it('names the field of every bad period', () => {
    expect(invalid({ period: 'fortnight_ago' })).toBe(
      'job.period: unknown period "fortnight_ago"; expected one of today, yesterday, last_N_days, N_days_back, previous_N_days, last_week (N a whole number, at most 3660)',
    );
    expect(invalid({ period: 'last_1000000_days', isolate_days: true })).toBe(
      'job.period: "last_1000000_days" counts too many days: N may be at most 3660 (about ten years)',
    );
    expect(invalid({ period: 3 })).toBe('job.period: expected a period pattern (string), got number');
    expect(invalid({ period: 'today', timezone: 'Mars/Olympus' })).toBe(
      'job.timezone: unknown time zone "Mars/Olympus"',
    );
    expect(invalid({ st_date: '2019-01-01' })).toBe(
      'job.en_date: missing: st_date is given, so en_date must be too (YYYY-MM-DD)',
    );
    expect(invalid({ st_date: '2019-02-30', en_date: '2019-03-01' })).toBe(
      'job.st_date: expected a date as YYYY-MM-DD, got "2019-02-30"',
    );
    expect(invalid({ st_date: '2019-03-02', en_date: '2019-03-01' })).toBe(
      'job.en_date: ends before st_date (2019-03-02 .. 2019-03-01)',
    );
    expect(invalid({ period: 'today', st_date: '2019-03-02', en_date: '2019-03-03' })).toBe(
      'job.period: give either a period or st_date and en_date, not both',
    );
  });
});
