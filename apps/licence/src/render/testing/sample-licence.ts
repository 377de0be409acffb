import type { PrintableLicence } from '../licence-pdf.js';

/** The 上城/西湖 market regulator of the demo, issuer of the sample licence. */
export const SAMPLE_ISSUER_USCC = '11330106MB16325005';

/** A 食品经营许可证 of 杭州西湖示范科技有限公司 for PDF tests; `over` replaces single values. */
export function sampleLicence(over: Partial<PrintableLicence> = {}): PrintableLicence {
  return {
    identifier: `1.2.156.3005.2.FBL.${SAMPLE_ISSUER_USCC}.00000001.001.R`,
    name: '食品经营许可证',
    holderKind: 'business',
    holderName: '杭州西湖示范科技有限公司',
    holderIdType: 'USCC',
    holderIdNumber: '91330106MA27U8Q168',
    issuerName: '杭州市西湖区市场监督管理局',
    issuerUscc: SAMPLE_ISSUER_USCC,
    jurisdiction: '330106',
    issuedAt: new Date('2026-11-22T02:00:00Z'),
    validFrom: new Date('2026-11-22T02:00:00Z'),
    validUntil: new Date('2031-11-21T15:59:59.999Z'),
    fields: [{ label: '经营场所', value: '杭州市西湖区文三路100号' }],
    keyId: 'test-key',
    ...over,
  };
}
