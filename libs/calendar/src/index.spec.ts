import { describe, expect, it } from '@jest/globals';
import * as calendar from './index.js';

describe('@hall/calendar public API', () => {
  it('exports the calendar, the default China instance and the helpers', () => {
    expect(calendar.chinaCalendar).toBeInstanceOf(calendar.WorkingCalendar);
    expect(typeof calendar.chinaDateString).toBe('function');
    expect(typeof calendar.parseCalendarData).toBe('function');
    expect(Object.keys(calendar.CHINA_CALENDAR_DATA.years)).toEqual(expect.arrayContaining(['2025', '2026']));
    expect(calendar.CHINA_UTC_OFFSET_MS).toBe(8 * 3_600_000);
  });
});
