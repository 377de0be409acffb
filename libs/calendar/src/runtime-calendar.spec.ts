import { describe, expect, it } from '@jest/globals';
import type { CalendarData } from './calendar-data.js';
import { calendarDataOf, RuntimeCalendar } from './runtime-calendar.js';
import { chinaCalendar } from './working-calendar.js';

const OFFICIAL_2027: CalendarData = {
  years: { '2027': { holidays: ['2027-01-01', '2027-01-04'], workdays: [], source: 'test' } },
};

describe('RuntimeCalendar', () => {
  it('starts with the base and lays stored years over it', async () => {
    const rc = new RuntimeCalendar(chinaCalendar);
    expect(rc.current()).toBe(chinaCalendar);
    expect(rc.current().isWorkingDay('2027-01-04')).toBe(true);
    const next = await rc.refresh(() => Promise.resolve(OFFICIAL_2027));
    expect(rc.current()).toBe(next);
    expect(next.isWorkingDay('2027-01-04')).toBe(false);
    expect(next.basisOf(2027)).toBe('official');
    expect(next.basisOf(2026)).toBe('official'); // the shipped year is kept
  });

  it('drops a refresh that a use() overtook (a slow re-read never puts back an older calendar)', async () => {
    const rc = new RuntimeCalendar(chinaCalendar);
    let finish: (d: CalendarData) => void = () => undefined;
    const pending = rc.refresh(() => new Promise<CalendarData>((resolve) => (finish = resolve)));
    const newer = rc.build(OFFICIAL_2027);
    rc.use(newer);
    finish({ years: {} });
    await pending;
    expect(rc.current()).toBe(newer);
  });

  it('reads stored rows, refusing dates that are not a list of strings', () => {
    expect(calendarDataOf([{ year: 2027, holidays: ['2027-01-01'], workdays: [], source: null }])).toEqual({
      years: { '2027': { holidays: ['2027-01-01'], workdays: [] } },
    });
    expect(() =>
      calendarDataOf([{ year: 2027, holidays: '2027-01-01', workdays: [], source: null }]),
    ).toThrow();
  });
});
