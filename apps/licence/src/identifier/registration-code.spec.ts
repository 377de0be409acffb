import { isValidOrganizationCode, isValidUscc } from '@hall/auth';
import { registrationCode } from './registration-code.js';

describe('registrationCode (统一社会信用代码 赋码)', () => {
  it('is a valid USCC with the prefix and region, stable for a serial and distinct across serials', () => {
    const a = registrationCode('91', '330102', '00000042');
    expect(isValidUscc(a)).toBe(true);
    expect(a.slice(0, 8)).toBe('91330102');
    expect(isValidOrganizationCode(a.slice(8, 17))).toBe(true);
    expect(registrationCode('91', '330102', '00000042')).toBe(a);
    expect(registrationCode('91', '330102', '00000043')).not.toBe(a);
    expect(registrationCode('52', '330102', '00000042').slice(0, 2)).toBe('52');
  });

  it('refuses a prefix or region it cannot encode', () => {
    expect(() => registrationCode('9I', '330102', '1')).toThrow(RangeError);
    expect(() => registrationCode('91', '3301', '1')).toThrow(RangeError);
  });
});
