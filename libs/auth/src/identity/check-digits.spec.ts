import {
  isValidOrganizationCode,
  isValidResidentIdNumber,
  isValidUscc,
  organizationCodeCheckDigit,
  parseResidentIdNumber,
  residentIdCheckDigit,
  usccCheckDigit,
  zResidentIdNumber,
  zUscc,
} from './check-digits.js';

describe('resident identity card number (GB 11643)', () => {
  it('computes the MOD 11-2 check character, including X', () => {
    expect(residentIdCheckDigit('33010219900307123')).toBe('0');
    expect(residentIdCheckDigit('33010619851215457')).toBe('X');
    // The example number of GB 11643-1999 itself.
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
  });

  it('accepts valid numbers and parses region, birth date and gender', () => {
    expect(isValidResidentIdNumber('330102199003071230')).toBe(true);
    expect(isValidResidentIdNumber('11010519491231002X')).toBe(true);
    expect(parseResidentIdNumber('11010519491231002X')).toEqual({
      regionCode: '110105',
      birthDate: '1949-12-31',
      gender: 'female',
    });
    expect(parseResidentIdNumber('330102199003071230')?.gender).toBe('male');
  });

  it.each([
    ['wrong check digit', '330102199003071231'],
    ['lower-case x', '11010519491231002x'],
    ['17 characters', '33010219900307123'],
    ['19 characters', '3301021990030712300'],
    ['letters', '3301021990O3071230'],
    ['region starting with 0', '030102199003071230'],
    ['impossible date 1990-02-30', '33010219900230123' + residentIdCheckDigit('33010219900230123')],
    ['month 13', '33010219901301123' + residentIdCheckDigit('33010219901301123')],
    ['born before 1900', '33010218991231123' + residentIdCheckDigit('33010218991231123')],
  ])('rejects %s', (_label, value) => {
    expect(isValidResidentIdNumber(value)).toBe(false);
  });

  it('rejects a birth date in the future', () => {
    const first17 = '33010220300101123';
    const value = first17 + residentIdCheckDigit(first17);
    expect(isValidResidentIdNumber(value, new Date('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isValidResidentIdNumber(value, new Date('2031-01-01T00:00:00Z'))).toBe(true);
  });

  it('zod schema normalises a trailing lower-case x', () => {
    expect(zResidentIdNumber.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(zResidentIdNumber.safeParse('110105194912310021').success).toBe(false);
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('computes the MOD 31 check character', () => {
    // The example code commonly quoted for GB 32100.
    expect(usccCheckDigit('91350100M000100Y4')).toBe('3');
    expect(usccCheckDigit('91330106MA27U8Q16')).toBe('8');
    expect(usccCheckDigit('91330106MA2CDE4R7')).toBe('E');
    expect(usccCheckDigit('91330106MA2H3K7P6')).toBe('X');
  });

  it('accepts valid codes', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91330106MA27U8Q168')).toBe(true);
    expect(isValidUscc('91330106MA2CDE4R7E')).toBe(true);
  });

  it.each([
    ['wrong check character', '91330106MA27U8Q169'],
    ['forbidden letter I', '91330106MA27U8QI68'],
    ['forbidden letter O', '91330106MO27U8Q168'],
    ['lower case', '91330106ma27u8q168'],
    ['letter in region code', '913301A6MA27U8Q168'],
    ['17 characters', '91330106MA27U8Q16'],
  ])('rejects %s', (_label, value) => {
    expect(isValidUscc(value)).toBe(false);
  });

  it('zod schema upper-cases before validating', () => {
    expect(zUscc.parse('91330106ma27u8q168')).toBe('91330106MA27U8Q168');
    expect(zUscc.safeParse('91330106MA27U8Q169').success).toBe(false);
  });
});

describe('organization code (GB 11714)', () => {
  it('computes the MOD 11 check character', () => {
    expect(organizationCodeCheckDigit('MA27U8Q1')).toBe('6');
    expect(isValidOrganizationCode('MA27U8Q16')).toBe(true);
    expect(isValidOrganizationCode('MA27U8Q17')).toBe(false);
  });

  it('agrees with the organization code inside the demo USCC', () => {
    expect(isValidOrganizationCode('91330106MA27U8Q168'.slice(8, 17))).toBe(true);
  });
});
