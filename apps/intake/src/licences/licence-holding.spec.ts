import { LT } from '@hall/contracts';
import { checkHeldLicence, type HoldingFacts } from './licence-holding.js';

const HOLDER = '33010619851215457X';
const NOW = new Date('2026-03-02T02:00:00Z');
const use = { holderIdNumber: HOLDER, replaceableByLicenceTypes: [LT.BL], now: NOW };
const held = (over: Partial<HoldingFacts> = {}): HoldingFacts => ({
  holderIdNumber: HOLDER,
  status: 'valid',
  validFrom: new Date('2025-01-01T00:00:00Z'),
  validUntil: new Date('2030-01-01T00:00:00Z'),
  licenceTypeCode: LT.BL,
  ...over,
});

describe('免提交 check against the licence read model (checkHeldLicence)', () => {
  it("accepts the holder's valid, unexpired licence of a replacing type (long-term validity too)", () => {
    expect(checkHeldLicence(held(), use)).toBeNull();
    expect(checkHeldLicence(held({ validUntil: null }), use)).toBeNull();
    expect(checkHeldLicence(held(), { ...use, holderIdNumber: HOLDER.toLowerCase() })).toBeNull();
  });

  it("names the problem: unknown or another holder's, not valid, expired or not yet valid, wrong type", () => {
    expect(checkHeldLicence(null, use)).toBe('not-held');
    expect(checkHeldLicence(held({ holderIdNumber: '330102199003071230' }), use)).toBe('not-held');
    for (const status of ['suspended', 'revoked', 'cancelled', 'expired'])
      expect(checkHeldLicence(held({ status }), use)).toBe('not-valid');
    expect(checkHeldLicence(held({ validUntil: NOW }), use)).toBe('expired');
    expect(checkHeldLicence(held({ validFrom: new Date('2026-04-01T00:00:00Z') }), use)).toBe('expired');
    expect(checkHeldLicence(held({ licenceTypeCode: 'FBL' }), use)).toBe('type-not-replacing');
    expect(checkHeldLicence(held({ licenceTypeCode: LT.JY }), use)).toBe('type-not-replacing');
  });

  it('matches an old short type code with its 证照类型代码 both ways (licences issued before the national codes)', () => {
    expect(checkHeldLicence(held({ licenceTypeCode: 'BL' }), use)).toBeNull();
    expect(checkHeldLicence(held(), { ...use, replaceableByLicenceTypes: ['BL'] })).toBeNull();
    expect(checkHeldLicence(held({ licenceTypeCode: 'JY' }), use)).toBe('type-not-replacing');
  });

  it("checks the holder before anything else, so another holder's licence tells nothing about its status", () => {
    expect(
      checkHeldLicence(
        held({ holderIdNumber: '330102199003071230', status: 'revoked', licenceTypeCode: 'FBL' }),
        use,
      ),
    ).toBe('not-held');
  });
});
