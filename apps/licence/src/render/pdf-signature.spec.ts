import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadCjkFont } from '@hall/pdf';
import { buildSignedData, parseSignedData, sm3Bytes, type CmsSigner } from '../signing/cms.js';
import { readNode } from '../signing/der.js';
import {
  generateSm2KeyPair,
  signatureToDer,
  sm2KeyId,
  sm2PublicKeyPem,
  sm2Sign,
  sm2SignBytes,
  type Sm2KeyPair,
} from '../signing/sm2.js';
import type { VerificationKey } from '../verify/offline-verifier.js';
import { verifyLicencePdfOffline, verifyPdfSignature } from '../verify/pdf-verifier.js';
import { encodeQrPayload, type QrClaims } from '../signing/qr-payload.js';
import { renderLicencePdf } from './licence-pdf.js';
import { hasPoppler, pdfText } from './testing/poppler.js';
import { SAMPLE_ISSUER_USCC, sampleLicence } from './testing/sample-licence.js';

let fontProblem = '';
try {
  loadCjkFont();
} catch (e) {
  fontProblem = (e as Error).message;
}
const required = process.env.CI === 'true' || process.env.REQUIRE_CJK_FONT === '1';
const describePdf = !fontProblem || required ? describe : describe.skip;

const ISSUER = SAMPLE_ISSUER_USCC;
const OTHER_ISSUER = '11330100MB0000001R';
const signerOf = (pair: Sm2KeyPair): CmsSigner => ({
  kid: sm2KeyId(pair.publicKey),
  sign: (m) => sm2SignBytes(m, pair),
});
const keyOf = (pair: Sm2KeyPair, issuerUscc = ISSUER, status = 'active'): VerificationKey => ({
  kid: sm2KeyId(pair.publicKey),
  issuerUscc,
  publicKey: pair.publicKey,
  status,
});
const mine = generateSm2KeyPair();
const sameIssuerOther = generateSm2KeyPair();
const otherIssuer = generateSm2KeyPair();
const keys = [keyOf(mine), keyOf(sameIssuerOther), keyOf(otherIssuer, OTHER_ISSUER)];

const licence = sampleLicence({ keyId: sm2KeyId(mine.publicKey) });
const signingTime = new Date('2026-12-05T01:02:03Z');
const render = (pair: Sm2KeyPair, l = licence) =>
  renderLicencePdf(l, {
    qrText: 'http://localhost/verify?p=x',
    signature: { signer: signerOf(pair), signingTime },
  });

const dir = mkdtempSync(path.join(tmpdir(), 'licence-pades-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CMS SignedData (SM2/SM3)', () => {
  it('round-trips: subjectKeyIdentifier = kid, SM3 message digest, signing time', () => {
    const digest = sm3Bytes(Buffer.from('content'));
    const parsed = parseSignedData(buildSignedData(digest, signerOf(mine), signingTime));
    expect(parsed).toMatchObject({ kid: sm2KeyId(mine.publicKey), signingTime });
    expect(parsed.messageDigest.equals(digest)).toBe(true);
  });

  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  (openssl.status === 0 && /OpenSSL 3\./.test(openssl.stdout) ? it : it.skip)(
    'is DER OpenSSL reads, and OpenSSL verifies the SM2 signature over the signed attributes',
    () => {
      const cms = buildSignedData(sm3Bytes(Buffer.from('content')), signerOf(mine), signingTime);
      writeFileSync(path.join(dir, 'cms.der'), cms);
      const parsedByOpenssl = spawnSync(
        'openssl',
        ['asn1parse', '-inform', 'DER', '-in', path.join(dir, 'cms.der')],
        { encoding: 'utf8' },
      );
      expect(parsedByOpenssl.status).toBe(0);
      expect(parsedByOpenssl.stdout).toContain('pkcs7-signedData');
      expect(parsedByOpenssl.stdout).toContain('messageDigest');
      // OpenSSL knows the GM/T 0006 OIDs by name: 1.2.156.10197.1.401 = sm3, 1.2.156.10197.1.501 = SM2-with-SM3.
      expect(parsedByOpenssl.stdout).toMatch(/OBJECT\s+:sm3\n/);
      expect(parsedByOpenssl.stdout).toMatch(/OBJECT\s+:SM2-with-SM3\n/);
      const parsed = parseSignedData(cms);
      writeFileSync(path.join(dir, 'attrs.der'), parsed.signedAttrs);
      writeFileSync(path.join(dir, 'sig.der'), signatureToDer(parsed.signature.toString('base64url')));
      writeFileSync(path.join(dir, 'pub.pem'), sm2PublicKeyPem(mine.publicKey));
      const verify = (file: string) =>
        spawnSync(
          'openssl',
          [
            'pkeyutl',
            '-verify',
            '-pubin',
            '-inkey',
            path.join(dir, 'pub.pem'),
            '-rawin',
            '-digest',
            'sm3',
            '-pkeyopt',
            'distid:1234567812345678',
            '-in',
            file,
            '-sigfile',
            path.join(dir, 'sig.der'),
          ],
          { encoding: 'utf8' },
        );
      expect(verify(path.join(dir, 'attrs.der')).status).toBe(0);
      const tampered = Buffer.from(parsed.signedAttrs);
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
      writeFileSync(path.join(dir, 'attrs2.der'), tampered);
      expect(verify(path.join(dir, 'attrs2.der')).status).not.toBe(0);
    },
  );
});

describePdf('embedded PDF signature', () => {
  it('signs the whole file but /Contents, verifies, and keeps the text readable', async () => {
    const pdf = await render(mine);
    const result = verifyPdfSignature(pdf, keys);
    expect(result).toMatchObject({
      genuine: true,
      reason: null,
      signature: {
        kid: sm2KeyId(mine.publicKey),
        identifier: licence.identifier,
        signingTime: signingTime.toISOString(),
      },
    });
    const [a, b, c, d] = result.signature?.byteRange ?? [];
    expect(a).toBe(0);
    expect((c ?? 0) + (d ?? 0)).toBe(pdf.length);
    expect(pdf.subarray(0, b).toString('latin1')).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
    if (hasPoppler) expect((pdfText(pdf)[0] ?? '').replace(/\s/g, '')).toContain('食品经营许可证');
  });

  it('detects one changed byte anywhere in the signed ranges, and a changed signature', async () => {
    const pdf = await render(mine);
    const [, b = 0, c = 0] = verifyPdfSignature(pdf, keys).signature?.byteRange ?? [];
    for (const at of [200, Math.floor(b / 2), c + 10, pdf.length - 3]) {
      const flipped = Buffer.from(pdf);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      expect(verifyPdfSignature(flipped, keys)).toMatchObject({ genuine: false });
    }
    const inContent = Buffer.from(pdf);
    inContent[Math.floor(b / 2)] = (inContent[Math.floor(b / 2)] ?? 0) ^ 0x01;
    expect(verifyPdfSignature(inContent, keys).reason).toBe('PDF_DIGEST_MISMATCH');
    // The SM2 signature is the last element of the CMS: flip one hex digit of s.
    const cmsLength = readNode(Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex')).raw.length;
    const sigByte = Buffer.from(pdf);
    const hexAt = b + 1 + 2 * cmsLength - 1;
    sigByte[hexAt] = sigByte[hexAt] === 0x30 ? 0x31 : 0x30;
    expect(verifyPdfSignature(sigByte, keys).reason).toBe('PDF_SIGNATURE_INVALID');
    expect(verifyPdfSignature(Buffer.concat([pdf, Buffer.from('\n% appended\n')]), keys).reason).toBe(
      'PDF_BYTERANGE_INVALID',
    );
  });

  it('answers every corrupted CMS byte with a failure reason, never an exception', async () => {
    const pdf = await render(mine);
    const [, b = 0, c = 0] = verifyPdfSignature(pdf, keys).signature?.byteRange ?? [];
    const cmsHex = 2 * readNode(Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex')).raw.length;
    const seen = new Set<string>();
    for (let i = 0; i < cmsHex + 4; i++) {
      const bad = Buffer.from(pdf);
      const at = b + 1 + i;
      bad[at] = bad[at] === 0x66 ? 0x30 : 0x66; // another hex digit
      const result = verifyPdfSignature(bad, keys);
      expect({ i, genuine: result.genuine }).toEqual({ i, genuine: false });
      seen.add(result.reason ?? '');
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['PDF_SIGNATURE_INVALID', 'PDF_SIGNATURE_MALFORMED']),
    );
    const garbage = Buffer.from(pdf);
    garbage.write('ff'.repeat(20), b + 1, 'latin1');
    expect(verifyPdfSignature(garbage, keys).reason).toBe('PDF_SIGNATURE_MALFORMED');
  });

  it("refuses a PDF signed by another issuer's key, an unknown key, a revoked key, and an unsigned PDF", async () => {
    expect(verifyPdfSignature(await render(otherIssuer), keys).reason).toBe('KEY_ISSUER_MISMATCH');
    expect(verifyPdfSignature(await render(generateSm2KeyPair()), keys).reason).toBe('UNKNOWN_KEY');
    expect(verifyPdfSignature(await render(mine), [keyOf(mine, ISSUER, 'revoked')]).reason).toBe(
      'KEY_REVOKED',
    );
    expect(verifyPdfSignature(await render(mine), [keyOf(mine, ISSUER, 'retired')]).genuine).toBe(true);
    expect(verifyPdfSignature(await renderLicencePdf(licence, { qrText: 'x' }), keys).reason).toBe(
      'PDF_UNSIGNED',
    );
    // Another key of the same issuer verifies as a signature; that it is not the licence's key is for the caller (QR `k`, or the record).
    expect(verifyPdfSignature(await render(sameIssuerOther), keys).signature?.kid).toBe(
      sm2KeyId(sameIssuerOther.publicKey),
    );
  });

  it('offline with the QR payload: both must name the same licence and key', async () => {
    const claims: QrClaims = {
      i: licence.identifier,
      n: licence.name,
      h: '杭州********公司',
      c: '9133**********Q168',
      f: '2026-11-22',
      u: '2031-11-21',
      k: sm2KeyId(mine.publicKey),
    };
    const payload = (c: QrClaims, pair: Sm2KeyPair) => encodeQrPayload(c, (m) => sm2Sign(m, pair));
    const now = new Date('2027-01-01T00:00:00Z');
    const pdf = await render(mine);
    expect(verifyLicencePdfOffline(pdf, keys, now, payload(claims, mine))).toMatchObject({
      valid: true,
      genuine: true,
      qr: { valid: true },
    });
    expect(verifyLicencePdfOffline(pdf, keys, now)).toMatchObject({
      valid: true,
      message: expect.stringContaining('未查询实时状态和有效期'),
    });
    const otherLicence = { ...claims, i: '1.2.156.3005.2.FBL.11330106MB16325005.00000002.001.R' };
    expect(verifyLicencePdfOffline(pdf, keys, now, payload(otherLicence, mine))).toMatchObject({
      valid: false,
      reason: 'PDF_SIGNER_MISMATCH',
    });
    const otherKey = { ...claims, k: sm2KeyId(sameIssuerOther.publicKey) };
    expect(verifyLicencePdfOffline(pdf, keys, now, payload(otherKey, sameIssuerOther))).toMatchObject({
      valid: false,
      reason: 'PDF_SIGNER_MISMATCH',
    });
    expect(
      verifyLicencePdfOffline(pdf, keys, new Date('2032-01-01T00:00:00Z'), payload(claims, mine)),
    ).toMatchObject({ valid: false, genuine: true, reason: 'EXPIRED' });
  });
});
