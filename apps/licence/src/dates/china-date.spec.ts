import { describe, expect, it } from '@jest/globals';
import { chinaDate, chinaDateLabel, validUntil } from './china-date.js';
import { maskCode, maskName } from '../records/masking.js';

describe('licence dates (China time)', () => {
  it('reads the China calendar date of an instant', () => {
    expect(chinaDate(new Date('2026-11-21T16:00:00Z'))).toBe('2026-11-22');
    expect(chinaDate(new Date('2026-11-21T15:59:59.999Z'))).toBe('2026-11-21');
    expect(chinaDateLabel('2026-01-05')).toBe('2026年1月5日');
  });

  it('ends validity the day before the anniversary, clamping short months; 0 months = long-term', () => {
    expect(validUntil(new Date('2026-11-22T02:00:00Z'), 60)?.toISOString()).toBe('2031-11-21T15:59:59.999Z');
    expect(chinaDate(validUntil(new Date('2026-11-22T02:00:00Z'), 60) ?? new Date(0))).toBe('2031-11-21');
    expect(chinaDate(validUntil(new Date('2027-01-31T02:00:00Z'), 1) ?? new Date(0))).toBe('2027-02-27');
    expect(chinaDate(validUntil(new Date('2026-12-15T02:00:00Z'), 1) ?? new Date(0))).toBe('2027-01-14');
    expect(validUntil(new Date(), 0)).toBeNull();
  });
});

describe('masking', () => {
  it('masks names and codes', () => {
    expect(maskName('张三', 'person')).toBe('张*');
    expect(maskName('欧阳娜娜', 'person')).toBe('欧***');
    expect(maskName('杭州西湖示范科技有限公司', 'business')).toBe('杭州********公司');
    expect(maskCode('330102199003071230')).toBe('3301**********1230');
    expect(maskCode('91330106MA27U8Q168')).toBe('9133**********Q168');
  });
});
