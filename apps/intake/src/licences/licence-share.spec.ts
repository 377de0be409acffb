import { checkSharedMaterial, type LicenceShareResolver, type ResolvedShare, type ShareLookup } from './licence-share.js';

const NO = '330106202603020000017';
const HOLDER = '33010619851215457X';
const LICENCE = '1.2.156.3005.2.BL.11330106MB1632500X.1.001.X';
const NOW = new Date('2026-03-02T02:00:00Z');

/** A fake licence service: shares by id, answering as the sharing API does (scope checked on its side too). */
class FakeResolver implements LicenceShareResolver {
  constructor(private readonly shares: Record<string, ResolvedShare>) {}
  resolve(shareId: string, applicationNo: string): Promise<ShareLookup> {
    const share = this.shares[shareId];
    if (share === undefined) return Promise.resolve({ ok: false, problem: 'share-not-found' });
    if (share.applicationNo !== applicationNo) return Promise.resolve({ ok: false, problem: 'share-other-application' });
    return Promise.resolve({ ok: true, share });
  }
}

const share = (over: Partial<Omit<ResolvedShare, 'licence'>> & { licence?: Partial<ResolvedShare['licence']> } = {}): ResolvedShare => ({
  shareId: 's1',
  applicationNo: NO,
  expiresAt: new Date('2026-03-30T00:00:00Z'),
  ...over,
  licence: { identifier: LICENCE, licenceTypeCode: 'BL', holderIdNumber: HOLDER, status: 'valid', ...over.licence },
});

const material = { shareId: 's1', licenceIdentifier: LICENCE, replaceableByLicenceTypes: ['BL'], applicationNo: NO, applicantIdNumber: HOLDER };

describe('免提交 share check (checkSharedMaterial)', () => {
  it('accepts the holder\'s valid share of the cited licence for this application', async () => {
    expect(await checkSharedMaterial(new FakeResolver({ s1: share() }), material, NOW)).toBeNull();
  });

  it.each([
    ['share-not-found', {}, material],
    ['share-other-application', { s1: share({ applicationNo: '330106202603020000025' }) }, material],
    ['share-expired', { s1: share({ expiresAt: NOW }) }, material],
    ['share-other-licence', { s1: share({ licence: { identifier: '1.2.156.3005.2.BL.11330106MB1632500X.2.001.X' } }) }, material],
    ['share-not-holder', { s1: share({ licence: { holderIdNumber: '91330106MA2B3C4D5E' } }) }, material],
    ['licence-not-valid', { s1: share({ licence: { status: 'suspended' } }) }, material],
    ['licence-type-not-replacing', { s1: share({ licence: { licenceTypeCode: 'FBL' } }) }, material],
  ] as const)('refuses: %s', async (problem, shares, m) => {
    expect(await checkSharedMaterial(new FakeResolver(shares), m, NOW)).toBe(problem);
  });
});
