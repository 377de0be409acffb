import { afterAll, describe, expect, it } from '@jest/globals';
import { hasCjkFont } from '@hall/pdf';
import { generateSm2KeyPair, sm2KeyId, sm2SignBytes } from '../signing/sm2.js';
import { verifyPdfSignature } from '../verify/pdf-verifier.js';
import { renderLicencePdf } from './licence-pdf.js';
import { LicencePdfRenderer } from './licence-pdf-pool.js';
import { pdfText } from './testing/poppler.js';
import { SAMPLE_ISSUER_USCC, sampleLicence } from './testing/sample-licence.js';

const required = process.env.CI === 'true' || process.env.REQUIRE_CJK_FONT === '1';
const describePdf = hasCjkFont() || required ? describe : describe.skip;

const pair = generateSm2KeyPair();
const kid = sm2KeyId(pair.publicKey);
const licence = sampleLicence({
  keyId: kid,
  fields: [{ label: '经营场所', value: '杭州市西湖区文三路100号' }],
});
const signingTime = new Date('2026-12-06T02:00:00Z');

describePdf('licence PDFs laid out in a worker thread, signed in the service', () => {
  const threaded = new LicencePdfRenderer(1);
  afterAll(() => threaded.close());

  it('lays out the same bytes as the event loop, and the signature filled in here verifies', async () => {
    const opts = { qrText: 'http://localhost:3000/verify?p=abc', watermark: '仅供办理政务服务事项时使用' };
    const inThread = await threaded.render(licence, opts);
    expect(threaded.pool?.rendered).toBe(1);
    expect(inThread.equals(await renderLicencePdf(licence, opts))).toBe(true);

    const signed = await threaded.render(licence, {
      ...opts,
      signature: { signer: { kid, sign: (m) => sm2SignBytes(m, pair) }, signingTime },
    });
    expect(threaded.pool?.rendered).toBe(2);
    const verdict = verifyPdfSignature(signed, [
      { kid, issuerUscc: SAMPLE_ISSUER_USCC, publicKey: pair.publicKey, status: 'active' },
    ]);
    expect(verdict).toMatchObject({
      genuine: true,
      reason: null,
      signature: { kid, identifier: licence.identifier, signingTime: signingTime.toISOString() },
    });
    expect(pdfText(signed).join('')).toContain('经营场所');
  });

  it('renders in the event loop with no threads', async () => {
    const inline = new LicencePdfRenderer(0);
    expect(inline.pool).toBeUndefined();
    const pdf = await inline.render(licence, { qrText: 'x' });
    expect(pdf.equals(await renderLicencePdf(licence, { qrText: 'x' }))).toBe(true);
  });
});
