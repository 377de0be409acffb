import { describe, expect, it } from '@jest/globals';
import { generateSm2KeyPair, sm2KeyId, sm2Sign } from '../signing/sm2.js';
import { verifyQrPayloadOffline, type VerificationKey } from './offline-verifier.js';
import { encodeQrPayload, qrText, type QrClaims } from '../signing/qr-payload.js';

const A = { uscc: '11330106MB16325005', pair: generateSm2KeyPair() };
const B = { uscc: '11330100MB0000001R', pair: generateSm2KeyPair() };
const keyOf = (x: typeof A, status = 'active'): VerificationKey => ({
  kid: sm2KeyId(x.pair.publicKey),
  issuerUscc: x.uscc,
  publicKey: x.pair.publicKey,
  status,
});
const keys = [keyOf(A), keyOf(B)];
const claims: QrClaims = {
  i: '1.2.156.3005.2.FBL.11330106MB16325005.00000001.001.R',
  n: '食品经营许可证',
  h: '杭州********公司',
  c: '9133**********Q168',
  f: '2026-11-22',
  u: '2031-11-21',
  k: sm2KeyId(A.pair.publicKey),
};
const signedBy = (x: typeof A) => (m: string) => sm2Sign(m, x.pair);
const good = encodeQrPayload(claims, signedBy(A));
const now = new Date('2027-03-01T00:00:00Z');

describe('offline verifier', () => {
  it("accepts a payload signed with the issuer's key, bare or inside the verification URL", () => {
    expect(verifyQrPayloadOffline(good, keys, now)).toMatchObject({
      valid: true,
      genuine: true,
      reason: null,
      claims,
    });
    expect(verifyQrPayloadOffline(qrText('https://hall.example/verify', good), keys, now)).toMatchObject({
      valid: true,
    });
  });

  it('refuses a payload with one changed byte (claims or signature)', () => {
    const [p, body = '', sig = ''] = good.split('.');
    const json = Buffer.from(body, 'base64url');
    const i = json.indexOf('2031');
    json[i + 3] = '2'.charCodeAt(0); // 2031 → 2032
    expect(verifyQrPayloadOffline(`${p}.${json.toString('base64url')}.${sig}`, keys, now)).toMatchObject({
      valid: false,
      genuine: false,
      reason: 'BAD_SIGNATURE',
    });
    const s = Buffer.from(sig, 'base64url');
    s[5] = (s[5] ?? 0) ^ 0x01;
    expect(verifyQrPayloadOffline(`${p}.${body}.${s.toString('base64url')}`, keys, now)).toMatchObject({
      valid: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it("refuses another issuer's key: named (key/issuer mismatch) or only used to sign (bad signature)", () => {
    const withB = encodeQrPayload({ ...claims, k: sm2KeyId(B.pair.publicKey) }, signedBy(B));
    expect(verifyQrPayloadOffline(withB, keys, now)).toMatchObject({
      valid: false,
      genuine: false,
      reason: 'KEY_ISSUER_MISMATCH',
    });
    const signedWithB = encodeQrPayload(claims, signedBy(B));
    expect(verifyQrPayloadOffline(signedWithB, keys, now)).toMatchObject({
      valid: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses unknown and revoked keys, bad identifiers and garbage', () => {
    expect(verifyQrPayloadOffline(good, [keyOf(B)], now)).toMatchObject({ reason: 'UNKNOWN_KEY' });
    expect(verifyQrPayloadOffline(good, [keyOf(A, 'revoked')], now)).toMatchObject({ reason: 'KEY_REVOKED' });
    const badId = encodeQrPayload({ ...claims, i: claims.i.replace(/R$/, 'S') }, signedBy(A));
    expect(verifyQrPayloadOffline(badId, keys, now)).toMatchObject({ reason: 'IDENTIFIER_INVALID' });
    expect(verifyQrPayloadOffline('hello', keys, now)).toMatchObject({ reason: 'MALFORMED' });
    expect(verifyQrPayloadOffline('HL1.e30.x', keys, now)).toMatchObject({ reason: 'MALFORMED' });
  });

  it('checks the validity period at the given time (genuine but not valid)', () => {
    expect(verifyQrPayloadOffline(good, keys, new Date('2031-11-21T15:00:00Z'))).toMatchObject({
      valid: true,
    });
    expect(verifyQrPayloadOffline(good, keys, new Date('2031-11-21T16:00:00Z'))).toMatchObject({
      valid: false,
      genuine: true,
      reason: 'EXPIRED',
    });
    expect(verifyQrPayloadOffline(good, keys, new Date('2026-11-20T00:00:00Z'))).toMatchObject({
      valid: false,
      genuine: true,
      reason: 'NOT_YET_VALID',
    });
    const longTerm = encodeQrPayload({ ...claims, u: '' }, signedBy(A));
    expect(verifyQrPayloadOffline(longTerm, keys, new Date('2099-01-01T00:00:00Z'))).toMatchObject({
      valid: true,
    });
  });
});
