import { describe, expect, it } from '@jest/globals';
import { LunarYear, Solar } from 'lunar-typescript';
import { chinaDateString } from './china-time.js';
import { CHINA_CALENDAR_DATA } from './data/china-calendar.data.js';
import { STATUTORY_RULES_SOURCE, statutoryHolidays, statutoryRestDays } from './statutory-holidays.js';
import { WorkingCalendar, chinaCalendar } from './working-calendar.js';

/** An instant given as China wall-clock time. */
const cn = (wallClock: string): Date => new Date(`${wallClock}+08:00`);

describe('statutory holidays of 《全国年节及纪念日放假办法》 (2025 revision)', () => {
  it('2027: 元旦, 春节 from 除夕 (02-05), 清明 04-05, 劳动节, 端午 06-09, 中秋 09-15, 国庆', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { name: '元旦', days: ['2027-01-01'] },
      { name: '春节', days: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
      { name: '清明节', days: ['2027-04-05'] },
      { name: '劳动节', days: ['2027-05-01', '2027-05-02'] },
      { name: '端午节', days: ['2027-06-09'] },
      { name: '中秋节', days: ['2027-09-15'] },
      { name: '国庆节', days: ['2027-10-01', '2027-10-02', '2027-10-03'] },
    ]);
    expect(statutoryRestDays(2027)).toHaveLength(13);
  });

  it.each([2025, 2026])('%i: every statutory day is a rest day of the announced arrangement', (year) => {
    const announced = new Set(CHINA_CALENDAR_DATA.years[String(year)]?.holidays);
    expect(announced.size).toBeGreaterThan(0);
    const days = statutoryRestDays(year);
    expect(days).toHaveLength(13);
    for (const day of days) expect(announced).toContain(day);
  });

  it('除夕 is the last day of the 12th lunar month, 29th or 30th (2030: 腊月三十 = 2030-02-02)', () => {
    expect(statutoryHolidays(2030).find((h) => h.name === '春节')?.days).toEqual([
      '2030-02-02',
      '2030-02-03',
      '2030-02-04',
      '2030-02-05',
    ]);
    for (let year = 2025; year <= 2100; year += 1) {
      const [eve, firstDay] = statutoryHolidays(year).find((h) => h.name === '春节')?.days ?? [];
      const [y, m, d] = (eve ?? '').split('-').map(Number);
      const lunar = Solar.fromYmd(y ?? 0, m ?? 0, d ?? 0).getLunar();
      expect([lunar.getMonth(), lunar.getDay()]).toEqual([
        12,
        LunarYear.fromYear(year - 1)
          .getMonth(12)
          ?.getDayCount(),
      ]);
      const [y1, m1, d1] = (firstDay ?? '').split('-').map(Number);
      const newYear = Solar.fromYmd(y1 ?? 0, m1 ?? 0, d1 ?? 0).getLunar();
      expect([newYear.getYear(), newYear.getMonth(), newYear.getDay()]).toEqual([year, 1, 1]);
    }
  });

  it('merges a 中秋 that falls on 国庆 (2031-10-01) into one rest day', () => {
    const midAutumn = statutoryHolidays(2031).find((h) => h.name === '中秋节')?.days;
    expect(midAutumn).toEqual(['2031-10-01']);
    expect(statutoryRestDays(2031)).toHaveLength(12);
  });

  it('gives nothing before the 2025 revision and rejects impossible years', () => {
    expect(statutoryHolidays(2024)).toEqual([]);
    expect(() => statutoryHolidays(10_000)).toThrow(RangeError);
    expect(() => statutoryHolidays(2027.5)).toThrow(RangeError);
  });
});

describe('chinaCalendar in a year without the announced arrangement (2027)', () => {
  it('treats the statutory holidays as rest days and guesses no 调休', () => {
    expect(chinaCalendar.hasDataFor(2027)).toBe(false);
    expect(chinaCalendar.basisOf(2027)).toBe('statutory-rules');
    expect(chinaCalendar.isWorkingDay('2027-01-01')).toBe(false); // Friday, 元旦
    expect(chinaCalendar.isWorkingDay('2027-01-04')).toBe(true);
    for (const day of ['2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) {
      expect(chinaCalendar.isWorkingDay(day)).toBe(false);
    }
    expect(chinaCalendar.isWorkingDay('2027-02-04')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2027-02-09')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2027-05-03')).toBe(true); // Monday: no guessed extension of 劳动节
    expect(chinaCalendar.isWorkingDay('2027-10-04')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2027-02-20')).toBe(false); // plain Saturday, no guessed make-up workday
  });

  it('a plain calendar (weekend fallback) does not apply them', () => {
    const plain = new WorkingCalendar();
    expect(plain.basisOf(2027)).toBe('weekends-only');
    expect(plain.isWorkingDay('2027-01-01')).toBe(true);
    expect(chinaCalendar.basisOf(2024)).toBe('weekends-only');
  });

  it('a deadline crossing into 2027 skips 元旦 and is provisional; one inside 2026 is not', () => {
    const accepted = cn('2026-12-24T10:00:00'); // Thursday
    const due = chinaCalendar.deadline(accepted, 5);
    // 12-25, 12-28..12-31 are 5 working days; with 6: 01-01 is a rest day, so 01-04.
    expect(chinaDateString(due)).toBe('2026-12-31');
    expect(chinaCalendar.isProvisional(accepted, due)).toBe(false);
    const crossing = chinaCalendar.deadline(accepted, 6);
    expect(chinaDateString(crossing)).toBe('2027-01-04');
    expect(chinaCalendar.isProvisional(accepted, crossing)).toBe(true);
    expect(chinaCalendar.missingYears(accepted, crossing)).toEqual([2027]);
    // 10 working days from Mon 2027-01-25 cross 春节: 01-26..02-04 are 8, Fri 02-05 and Mon 02-08 are rest days,
    // so 02-09 is the 9th and 02-10 the 10th (weekends-only would give 02-08).
    const spring = chinaCalendar.deadline(cn('2027-01-25T09:00:00'), 10);
    expect(chinaDateString(spring)).toBe('2027-02-10');
    expect(chinaDateString(new WorkingCalendar().deadline(cn('2027-01-25T09:00:00'), 10))).toBe('2027-02-08');
  });

  it('loading the official arrangement replaces the statutory fallback and clears the provisional flag', () => {
    const accepted = cn('2026-12-24T10:00:00');
    const official = chinaCalendar.withOverrides({
      years: {
        '2027': {
          holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
          workdays: [],
          source: 'test notice',
        },
      },
    });
    const due = official.deadline(accepted, 6);
    expect(chinaDateString(due)).toBe('2027-01-05');
    expect(official.isProvisional(accepted, due)).toBe(false);
    expect(official.yearView(2027)).toEqual({
      year: 2027,
      basis: 'official',
      provisional: false,
      source: 'test notice',
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
      workdays: [],
    });
  });

  it('yearView shows the derived rest days of a provisional year and the notice of an official one', () => {
    expect(chinaCalendar.yearView(2027)).toEqual({
      year: 2027,
      basis: 'statutory-rules',
      provisional: true,
      source: STATUTORY_RULES_SOURCE,
      holidays: statutoryRestDays(2027),
      workdays: [],
    });
    expect(chinaCalendar.yearView(2026)).toMatchObject({ basis: 'official', provisional: false });
    expect(chinaCalendar.yearView(2026).workdays).toContain('2026-10-10');
    expect(chinaCalendar.yearView(2024)).toEqual({
      year: 2024,
      basis: 'weekends-only',
      provisional: true,
      source: null,
      holidays: [],
      workdays: [],
    });
  });
});
