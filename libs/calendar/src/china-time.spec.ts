import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  chinaDateString,
  chinaYear,
  civilFromDays,
  dayToIsoString,
  endOfChinaDay,
  isIsoDateString,
  startOfChinaDay,
  toChinaDay,
  weekdayOf,
} from './china-time.js';

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('china-time', () => {
  it('uses the China calendar day, not the UTC or process-local one', () => {
    expect(chinaDateString(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(chinaDateString(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(chinaDateString(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(chinaYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
  });

  it('gives the first and last millisecond of a China day', () => {
    expect(startOfChinaDay('2025-10-01').toISOString()).toBe('2025-09-30T16:00:00.000Z');
    expect(endOfChinaDay('2025-10-01').toISOString()).toBe('2025-10-01T15:59:59.999Z');
    expect(endOfChinaDay(new Date('2025-09-30T16:00:00Z')).toISOString()).toBe('2025-10-01T15:59:59.999Z');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDateString('2024-02-29')).toBe(true);
    expect(isIsoDateString('2025-02-29')).toBe(false);
    expect(isIsoDateString('1900-02-29')).toBe(false);
    expect(isIsoDateString('2000-02-29')).toBe(true);
    expect(isIsoDateString('2025-13-01')).toBe(false);
    expect(isIsoDateString('2025-1-1')).toBe(false);
    expect(isIsoDateString('2025/01/01')).toBe(false);
    expect(isIsoDateString('0000-01-01')).toBe(false);
  });

  it('throws RangeError for invalid input', () => {
    expect(() => toChinaDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toChinaDay('2025-02-30')).toThrow(/not a valid YYYY-MM-DD/);
    expect(() => chinaDateString(new Date('+010000-01-01T00:00:00Z'))).toThrow(/outside the supported range/);
    expect(() => toChinaDay(12345 as unknown as Date)).toThrow(RangeError);
  });

  it('property: agrees with Intl Asia/Shanghai (no DST since 1992)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1992-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(chinaDateString(date)).toBe(shanghai.format(date));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: day numbers round-trip through YYYY-MM-DD and match the UTC calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: toChinaDay('0001-01-01'), max: toChinaDay('9999-12-31') }), (day) => {
        const iso = dayToIsoString(day);
        expect(toChinaDay(iso)).toBe(day);
        const utc = new Date(day * 86_400_000);
        const { year, month, day: dom } = civilFromDays(day);
        expect([year, month, dom]).toEqual([utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate()]);
        expect(weekdayOf(day)).toBe(utc.getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});
