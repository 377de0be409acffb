import { ApplicationNo } from '@hall/contracts';
import {
  applicationDay,
  formatApplicationNo,
  isValidApplicationNo,
  mod3736CheckChar,
} from './application-number.js';

describe('application number (办件编号)', () => {
  it('is region + China-time day + sequence + a MOD 37,36 check character, matching the contract', () => {
    const no = formatApplicationNo('330106', applicationDay(new Date('2025-09-30T17:30:00Z')), 17);
    expect(no.slice(0, 20)).toBe('33010620251001000017'); // 01:30 on 1 October in China
    expect(ApplicationNo.safeParse(no).success).toBe(true);
    expect(isValidApplicationNo(no)).toBe(true);
  });

  it('detects any single changed digit', () => {
    const no = formatApplicationNo('330102', '20260302', 123);
    for (let i = 0; i < 20; i++) {
      const d = Number(no[i]);
      const changed = `${no.slice(0, i)}${(d + 1) % 10}${no.slice(i + 1)}`;
      expect(isValidApplicationNo(changed)).toBe(false);
    }
  });

  it('matches the ISO/IEC 7064 MOD 37,36 reference value', () => {
    // Reference: ISO/IEC 7064 MOD 37,36 of "A12425GABC1234002" is "M".
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
  });

  it('refuses out-of-range parts', () => {
    expect(() => formatApplicationNo('33010', '20260302', 1)).toThrow(RangeError);
    expect(() => formatApplicationNo('330106', '2026032', 1)).toThrow(RangeError);
    expect(() => formatApplicationNo('330106', '20260302', 0)).toThrow(RangeError);
    expect(() => formatApplicationNo('330106', '20260302', 1_000_000)).toThrow(RangeError);
  });
});
