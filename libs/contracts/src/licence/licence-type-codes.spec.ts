import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  canonicalLicenceTypeCode,
  isLicenceTypeCodeFormat,
  LICENCE_TYPE_CODES,
  licenceTypeCodeEntry,
  LOCAL_LICENCE_TYPE_DEFINER,
  LT,
} from './licence-type-codes.js';

/** GB 32100-2015 check character, written here independently of the data. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function isValidUscc(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(value.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  const check = 31 - (sum % 31);
  return USCC_CHARS.charAt(check === 31 ? 0 : check) === value.charAt(17);
}

describe('licence type codes (证照类型代码)', () => {
  it("gives every type a 21-character code: its definer's valid USCC, then a 3-digit sequence", () => {
    for (const e of LICENCE_TYPE_CODES) {
      expect({
        alias: e.alias,
        format: isLicenceTypeCodeFormat(e.code),
        definer: isValidUscc(e.definer.uscc),
        prefix: e.code.slice(0, 18),
      }).toEqual({ alias: e.alias, format: true, definer: true, prefix: e.definer.uscc });
    }
    expect(isLicenceTypeCodeFormat('BL')).toBe(false);
    expect(isLicenceTypeCodeFormat('11100000MB0143028R01')).toBe(false);
    expect(isLicenceTypeCodeFormat('11100000MB0143028R00A')).toBe(false);
  });

  it('has unique codes and aliases; local codes, and only they, use the local definer', () => {
    expect(new Set(LICENCE_TYPE_CODES.map((e) => e.code)).size).toBe(LICENCE_TYPE_CODES.length);
    expect(new Set(LICENCE_TYPE_CODES.map((e) => e.alias)).size).toBe(LICENCE_TYPE_CODES.length);
    for (const e of LICENCE_TYPE_CODES) {
      expect({ alias: e.alias, local: e.definer.uscc === LOCAL_LICENCE_TYPE_DEFINER.uscc }).toEqual({
        alias: e.alias,
        local: e.status === 'local',
      });
    }
    expect(LICENCE_TYPE_CODES.filter((e) => e.status === 'national').map((e) => e.alias)).toEqual([
      'BL',
      'ID',
    ]);
  });

  it('maps a legacy short key to its code and leaves every other code as it is', () => {
    expect(LT.BL).toBe('11100000MB0143028R001');
    expect(canonicalLicenceTypeCode('BL')).toBe(LT.BL);
    expect(canonicalLicenceTypeCode('JY')).toBe(LT.JY);
    expect(canonicalLicenceTypeCode(LT.JY)).toBe(LT.JY);
    expect(canonicalLicenceTypeCode('bl')).toBe('bl');
    expect(canonicalLicenceTypeCode('FBL')).toBe('FBL');
    expect(licenceTypeCodeEntry('FIRE')?.name).toBe('公众聚集场所投入使用、营业前消防安全检查合格证');
    expect(licenceTypeCodeEntry(LT.FIRE)?.alias).toBe('FIRE');
    expect(licenceTypeCodeEntry('NOPE')).toBeUndefined();
  });

  it('is the table docs/licence-type-codes.md shows, row by row', () => {
    const doc = readFileSync(new URL('../../../../docs/licence-type-codes.md', import.meta.url), 'utf8');
    const rows = doc
      .split('\n')
      .filter((l) => /^\| `[A-Z]+` \|/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/`/g, '')),
      );
    expect(rows.map(([alias, name, code, status]) => ({ alias, name, code, status }))).toEqual(
      LICENCE_TYPE_CODES.map((e) => ({
        alias: e.alias,
        name: e.name,
        code: e.code,
        status: e.status === 'national' ? 'national' : 'local, pending national code',
      })),
    );
  });
});
