import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseCalendarData } from './calendar-data.js';
import { CHINA_CALENDAR_DATA } from './data/china-calendar.data.js';
import { chinaCalendar } from './working-calendar.js';

// chinese-days (CommonJS, test-only) is the independent source we cross-check the shipped data against.
const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days') as { isWorkday: (date: Date) => boolean };
const chineseDaysApiReliable =
  new Date(2025, 0, 1).getTimezoneOffset() <= 0 && new Date(2025, 6, 1).getTimezoneOffset() <= 0;
const yearsDir = path.join(path.dirname(require.resolve('chinese-days/package.json')), 'dist', 'years');

interface ChineseDaysYear {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function chineseDaysYear(year: number): ChineseDaysYear | undefined {
  const file = path.join(yearsDir, `${year}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ChineseDaysYear) : undefined;
}

/** Shipped years that chinese-days does not (yet) contain; each must be justified here. */
const NOT_IN_CHINESE_DAYS = new Set<number>([]);

const shippedYears = Object.keys(CHINA_CALENDAR_DATA.years).map(Number);

function daysOfYear(year: number): Array<{ iso: string; y: number; m: number; d: number }> {
  const days: Array<{ iso: string; y: number; m: number; d: number }> = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const date = new Date(t);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    days.push({ iso: date.toISOString().slice(0, 10), y, m, d });
  }
  return days;
}

describe('shipped calendar data', () => {
  it('covers 2025 and 2026 (2027 is not announced yet and deliberately not shipped)', () => {
    expect(shippedYears).toEqual(expect.arrayContaining([2025, 2026]));
    // Update together with data/cn-2027.ts once 国务院办公厅关于2027年部分节假日安排的通知 is published.
    expect(chinaCalendar.hasDataFor(2027)).toBe(false);
    expect(chineseDaysYear(2027)).toBeUndefined();
  });

  it('is valid against the schema', () => {
    expect(() => parseCalendarData(CHINA_CALENDAR_DATA)).not.toThrow();
  });

  it.each(shippedYears)('%i: lists the same rest days and make-up workdays as chinese-days', (year) => {
    const reference = chineseDaysYear(year);
    if (reference === undefined) {
      expect(NOT_IN_CHINESE_DAYS.has(year)).toBe(true);
      return;
    }
    const ours = CHINA_CALENDAR_DATA.years[String(year)];
    expect(ours).toBeDefined();
    expect([...(ours?.holidays ?? [])].sort()).toEqual(Object.keys(reference.holidays).sort());
    expect([...(ours?.workdays ?? [])].sort()).toEqual(Object.keys(reference.workdays).sort());
  });

  it.each(shippedYears.filter((y) => !NOT_IN_CHINESE_DAYS.has(y)))(
    '%i: isWorkingDay agrees with chinese-days on every day of the year',
    (year) => {
      const reference = chineseDaysYear(year);
      expect(reference).toBeDefined();
      const mismatches = daysOfYear(year)
        .filter(({ iso, y, m, d }) => {
          const ours = chinaCalendar.isWorkingDay(iso);
          // chinese-days' own rule applied to its published per-year data (TZ-independent)
          const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
          const fromJson =
            reference?.workdays[iso] !== undefined ||
            (weekday >= 1 && weekday <= 5 && reference?.holidays[iso] === undefined);
          // chinese-days' API reads local-time fields and builds its tables in local time, which is only right
          // in time zones at or east of UTC; there, also ask the API (with local noon of the day).
          const fromApi = chineseDaysApiReliable
            ? chineseDays.isWorkday(new Date(y, m - 1, d, 12))
            : fromJson;
          return ours !== fromJson || ours !== fromApi;
        })
        .map(({ iso }) => iso);
      expect(mismatches).toEqual([]);
    },
  );

  it('has 13 statutory holidays a year inside the announced rest periods (sanity: rest days on weekdays)', () => {
    // Heuristic for typos: announced rest periods contain the 13 statutory days plus moved days, and moved days
    // are balanced by make-up workdays, so weekday rest days minus make-up workdays is 13 in a normal year.
    // (Revisit if a notice ever deviates, e.g. an extra commemorative holiday as in 2015.)
    for (const year of shippedYears) {
      const data = CHINA_CALENDAR_DATA.years[String(year)];
      const weekdayRest = (data?.holidays ?? []).filter((iso) => {
        const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
        return wd !== 0 && wd !== 6;
      }).length;
      expect({ year, net: weekdayRest - (data?.workdays.length ?? 0) }).toEqual({ year, net: 13 });
    }
  });
});

describe('parseCalendarData', () => {
  it('rejects malformed dates and keys', () => {
    expect(() =>
      parseCalendarData({ years: { '2030': { holidays: ['2030-02-30'], workdays: [] } } }),
    ).toThrow(/years\.2030\.holidays\.0: not a real calendar date/);
    expect(() => parseCalendarData({ years: { '30': { holidays: [], workdays: [] } } })).toThrow(RangeError);
    expect(() => parseCalendarData({ years: { '2030': { holidays: '2030-01-01', workdays: [] } } })).toThrow(
      RangeError,
    );
    expect(() => parseCalendarData(null)).toThrow(/Invalid calendar data/);
  });

  it('rejects make-up workdays that are not weekend days, conflicts and dates of other years', () => {
    // 2025-09-29 is a Monday
    expect(() =>
      parseCalendarData({ years: { '2025': { holidays: [], workdays: ['2025-09-29'] } } }),
    ).toThrow(/not a Saturday or Sunday/);
    expect(() =>
      parseCalendarData({ years: { '2025': { holidays: ['2025-09-28'], workdays: ['2025-09-28'] } } }),
    ).toThrow(/both as a holiday and as a workday/);
    expect(() =>
      parseCalendarData({ years: { '2025': { holidays: ['2026-05-01'], workdays: [] } } }),
    ).toThrow(/does not belong to the 2025 arrangement/);
    // adjacent December of the previous year is allowed (cf. 2011-12-31 in the 2012 notice)
    expect(() =>
      parseCalendarData({ years: { '2012': { holidays: [], workdays: ['2011-12-31'] } } }),
    ).not.toThrow();
  });

  it('attaches the ZodError as cause', () => {
    try {
      parseCalendarData({ years: { '2030': { holidays: ['x'], workdays: [] } } });
      throw new Error('expected a RangeError');
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).cause).toBeDefined();
    }
  });
});
