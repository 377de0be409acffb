import { describe, expect, it } from '@jest/globals';
import { chinaDateString } from './china-time.js';
import { WorkingCalendar, chinaCalendar } from './working-calendar.js';

/** An instant given as China wall-clock time. */
const cn = (wallClock: string): Date => new Date(`${wallClock}+08:00`);

describe('WorkingCalendar.isWorkingDay', () => {
  it('2025 National Day + Mid-Autumn (国庆+中秋): 10-01..10-08 rest, 09-28 (Sun) and 10-11 (Sat) work', () => {
    for (let d = 1; d <= 8; d += 1) {
      expect(chinaCalendar.isWorkingDay(`2025-10-0${d}`)).toBe(false);
    }
    expect(chinaCalendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(chinaCalendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(chinaCalendar.isWorkingDay('2025-09-27')).toBe(false); // ordinary Saturday
    expect(chinaCalendar.isWorkingDay('2025-09-30')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2025-10-12')).toBe(false); // ordinary Sunday
  });

  it('2026 Spring Festival (春节): 02-15..02-23 rest, 02-14 (Sat) and 02-28 (Sat) work', () => {
    expect(chinaCalendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d += 1) expect(chinaCalendar.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(chinaCalendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2026-03-01')).toBe(false);
  });

  it('judges a Date by its China-time day', () => {
    // 2025-09-30 16:30 UTC is already 2025-10-01 00:30 in Beijing
    expect(chinaCalendar.isWorkingDay(new Date('2025-09-30T16:30:00Z'))).toBe(false);
    expect(chinaCalendar.isWorkingDay(new Date('2025-09-30T15:30:00Z'))).toBe(true);
  });

  it('falls back to the weekend rule for years without data', () => {
    const empty = new WorkingCalendar();
    expect(empty.hasDataFor(2025)).toBe(false);
    expect(empty.isWorkingDay('2025-10-01')).toBe(true); // Wednesday
    expect(empty.isWorkingDay('2025-09-28')).toBe(false); // Sunday
    expect(chinaCalendar.hasDataFor(2025)).toBe(true);
    expect(chinaCalendar.hasDataFor(2026)).toBe(true);
    expect(chinaCalendar.hasDataFor(2024)).toBe(false);
    expect(chinaCalendar.coveredYears()).toEqual(expect.arrayContaining([2025, 2026]));
    expect(chinaCalendar.missingYears(cn('2025-12-01T09:00:00'), cn('2028-01-10T09:00:00'))).toEqual(
      [2027, 2028].filter((y) => !chinaCalendar.hasDataFor(y)),
    );
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('20 working days across National Day 2025 end on 2025-10-30 24:00 China time', () => {
    // Accepted Friday 2025-09-26 10:00. Day 1 = Sun 09-28 (调休上班), 2-3 = 09-29/30, 10-01..08 rest,
    // 4-5 = 10-09/10, 6 = Sat 10-11 (调休上班), 7-11 = 10-13..17, 12-16 = 10-20..24, 17-20 = 10-27..30.
    const due = chinaCalendar.addWorkingDays(cn('2025-09-26T10:00:00'), 20);
    expect(due.toISOString()).toBe('2025-10-30T15:59:59.999Z');
    expect(chinaDateString(due)).toBe('2025-10-30');
  });

  it('does not count the start day', () => {
    expect(chinaDateString(chinaCalendar.addWorkingDays(cn('2025-10-09T08:00:00'), 1))).toBe('2025-10-10');
    expect(chinaDateString(chinaCalendar.addWorkingDays(cn('2025-09-30T23:59:00'), 1))).toBe('2025-10-09');
    expect(chinaDateString(chinaCalendar.addWorkingDays('2026-02-13', 1))).toBe('2026-02-14');
    expect(chinaDateString(chinaCalendar.addWorkingDays('2026-02-14', 1))).toBe('2026-02-24');
  });

  it('n = 0 is the end of the start day if it is a working day, else of the next working day', () => {
    expect(chinaCalendar.addWorkingDays(cn('2025-09-30T10:00:00'), 0).toISOString()).toBe(
      '2025-09-30T15:59:59.999Z',
    );
    expect(chinaDateString(chinaCalendar.addWorkingDays(cn('2025-10-03T10:00:00'), 0))).toBe('2025-10-09');
  });

  it('rejects bad input with RangeError', () => {
    expect(() => chinaCalendar.addWorkingDays(cn('2025-10-01T00:00:00'), -1)).toThrow(/must not be negative/);
    expect(() => chinaCalendar.addWorkingDays(cn('2025-10-01T00:00:00'), 1.5)).toThrow(RangeError);
    expect(() => chinaCalendar.addWorkingDays(cn('2025-10-01T00:00:00'), Number.NaN)).toThrow(RangeError);
    expect(() => chinaCalendar.addWorkingDays(new Date('nope'), 1)).toThrow(/start: expected a valid Date/);
    expect(() => chinaCalendar.addWorkingDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => chinaCalendar.addWorkingDays('9999-12-31', 1)).toThrow(/after 9999-12-31/);
    expect(() => chinaCalendar.isWorkingDay('20251001')).toThrow(RangeError);
  });
});

describe('WorkingCalendar.nextWorkingDay', () => {
  it('returns the next working day strictly after the day', () => {
    expect(chinaCalendar.nextWorkingDay('2025-09-30')).toBe('2025-10-09');
    expect(chinaCalendar.nextWorkingDay('2025-09-27')).toBe('2025-09-28');
    expect(chinaCalendar.nextWorkingDay('2025-10-10')).toBe('2025-10-11');
    expect(chinaCalendar.nextWorkingDay(cn('2026-02-13T18:00:00')).toISOString()).toBe(
      '2026-02-13T16:00:00.000Z',
    );
  });
});

describe('WorkingCalendar.workingDaysBetween / deadline with excluded intervals', () => {
  const start = cn('2025-09-26T10:00:00');

  it('counts whole China days after from up to and including to', () => {
    expect(chinaCalendar.workingDaysBetween(start, cn('2025-10-30T00:00:01'))).toBe(20);
    expect(chinaCalendar.workingDaysBetween(start, cn('2025-10-29T23:59:59'))).toBe(19);
    expect(chinaCalendar.workingDaysBetween(start, cn('2025-09-26T23:00:00'))).toBe(0);
    expect(chinaCalendar.workingDaysBetween(start, cn('2025-09-20T23:00:00'))).toBe(0);
    expect(chinaCalendar.workingDaysBetween(cn('2025-09-30T09:00:00'), cn('2025-10-08T18:00:00'))).toBe(0);
  });

  it('a pause (补正) touching Mon–Wed extends the 20-day deadline by 3 working days', () => {
    const paused = [{ start: cn('2025-10-13T15:00:00'), end: cn('2025-10-15T09:00:00') }];
    const due = chinaCalendar.deadline(start, 20, paused);
    expect(chinaDateString(due)).toBe('2025-11-04');
    expect(chinaCalendar.excludedWorkingDays(start, due, paused)).toBe(3);
    expect(chinaCalendar.workingDaysBetween(start, due, paused)).toBe(20);
    expect(chinaCalendar.deadline(start, 20)).toEqual(chinaCalendar.addWorkingDays(start, 20));
  });

  it('a pause that only covers rest days does not move the deadline', () => {
    const paused = [{ start: '2025-10-01', end: '2025-10-08' }];
    expect(chinaCalendar.deadline(start, 20, paused)).toEqual(chinaCalendar.addWorkingDays(start, 20));
  });

  it('an interval ending exactly at 00:00 touches that day; overlapping intervals count once', () => {
    const touchingMidnight = [{ start: cn('2025-10-16T23:00:00'), end: cn('2025-10-17T00:00:00') }];
    expect(chinaCalendar.excludedWorkingDays(start, cn('2025-10-31T12:00:00'), touchingMidnight)).toBe(2);
    const overlapping = [
      { start: cn('2025-10-13T09:00:00'), end: cn('2025-10-14T09:00:00') },
      { start: cn('2025-10-14T08:00:00'), end: cn('2025-10-14T10:00:00') },
      { start: '2025-10-14', end: '2025-10-15' },
    ];
    expect(chinaCalendar.excludedWorkingDays(start, cn('2025-10-31T12:00:00'), overlapping)).toBe(3);
  });

  it('rejects intervals that end before they start', () => {
    const bad = [{ start: cn('2025-10-14T10:00:00'), end: cn('2025-10-14T09:00:00') }];
    expect(() => chinaCalendar.deadline(start, 5, bad)).toThrow(/excluded\[0\]: end is before start/);
    expect(() =>
      chinaCalendar.workingDaysBetween(start, start, [{ start: new Date('x'), end: start }]),
    ).toThrow(RangeError);
  });

  it('n = 0 with a pause on the start day moves to the next countable day', () => {
    const paused = [{ start: cn('2025-09-30T08:00:00'), end: cn('2025-09-30T09:00:00') }];
    expect(chinaDateString(chinaCalendar.deadline(cn('2025-09-30T10:00:00'), 0, paused))).toBe('2025-10-09');
  });
});

describe('WorkingCalendar overrides', () => {
  it('withOverrides replaces whole years and leaves the original untouched', () => {
    const custom = chinaCalendar.withOverrides({
      years: { '2027': { holidays: ['2027-01-01'], workdays: [], source: 'test fixture' } },
    });
    expect(custom.hasDataFor(2027)).toBe(true);
    expect(custom.isWorkingDay('2027-01-01')).toBe(false);
    expect(custom.isProvisionalYear(2027)).toBe(false);
    expect(custom.basisOf(2027)).toBe('official');
    expect(custom.isWorkingDay('2027-02-08')).toBe(true); // the override replaces the statutory fallback
    expect(chinaCalendar.isWorkingDay('2027-02-08')).toBe(chinaCalendar.hasDataFor(2027)); // statutory 春节 without data
    expect(custom.isWorkingDay('2025-10-11')).toBe(true); // shipped 2025 kept

    const replaced2025 = chinaCalendar.withOverrides({ years: { '2025': { holidays: [], workdays: [] } } });
    expect(replaced2025.isWorkingDay('2025-10-01')).toBe(true);
    expect(replaced2025.isWorkingDay('2025-10-11')).toBe(false);
  });

  it('the constructor validates data and toData returns a copy', () => {
    expect(
      () => new WorkingCalendar({ years: { '2027': { holidays: [], workdays: ['2027-01-04'] } } }),
    ).toThrow(RangeError);
    const data = chinaCalendar.toData();
    data.years['2025']?.holidays.push('2025-12-25');
    expect(chinaCalendar.isWorkingDay('2025-12-25')).toBe(true);
    expect(new WorkingCalendar(data).isWorkingDay('2025-12-25')).toBe(false);
  });

  it('yearData returns a copy of one year, undefined for a year without data', () => {
    const y = chinaCalendar.yearData(2025);
    expect(y).toEqual(chinaCalendar.toData().years['2025']);
    y?.holidays.push('2025-12-25');
    expect(chinaCalendar.yearData(2025)?.holidays).not.toContain('2025-12-25');
    expect(chinaCalendar.yearData(1999)).toBeUndefined();
  });
});
