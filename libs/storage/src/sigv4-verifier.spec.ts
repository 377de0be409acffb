/**
 * The SigV4 verifier keeps the signing keys it derived (one per secret, day and region; issue 22). A kept key must
 * never verify a request for another secret, day or region.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signV4 } from 'minio/dist/esm/signing.mjs';
import { verifySigV4, type SigV4Credentials } from './sigv4-verifier.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const amzDate = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function signed(credentials: SigV4Credentials, at: Date, region = credentials.region) {
  const headers: Record<string, string> = {
    host: '127.0.0.1:9000',
    'x-amz-date': amzDate(at),
    'x-amz-content-sha256': sha256(''),
  };
  const authorization = signV4(
    { method: 'GET', path: '/bucket/key.pdf', headers, protocol: 'http:' },
    credentials.accessKey,
    credentials.secretKey,
    region,
    at,
    sha256(''),
  );
  return { method: 'GET', url: '/bucket/key.pdf', headers: { ...headers, authorization } };
}

describe('verifySigV4 with kept signing keys', () => {
  const a: SigV4Credentials = { accessKey: 'S3RVER', secretKey: 'secret-a', region: 'us-east-1' };
  const b: SigV4Credentials = { ...a, secretKey: 'secret-b' };

  it('accepts a request again and again, and refuses it for another secret signed the same day', () => {
    const now = new Date('2026-12-07T04:00:00Z');
    const req = signed(a, now);
    for (let i = 0; i < 3; i++) expect(verifySigV4(req, a, now)).toMatchObject({ ok: true });
    expect(verifySigV4(req, b, now)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    const forB = signed(b, now);
    expect(verifySigV4(forB, b, now)).toMatchObject({ ok: true });
    expect(verifySigV4(forB, a, now)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('a key kept for one day does not verify a signature of the next day made with another secret', () => {
    const day1 = new Date('2026-12-07T23:59:00Z');
    const day2 = new Date('2026-12-08T00:01:00Z');
    expect(verifySigV4(signed(a, day1), a, day1)).toMatchObject({ ok: true });
    expect(verifySigV4(signed(a, day2), a, day2)).toMatchObject({ ok: true });
    expect(verifySigV4(signed(b, day2), a, day2)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    // Many days (more than the keys kept) in a row, then the first again: still right.
    for (let d = 1; d <= 12; d++) {
      const at = new Date(Date.UTC(2026, 11, d, 12));
      expect(verifySigV4(signed(a, at), a, at)).toMatchObject({ ok: true });
      expect(verifySigV4(signed(b, at), a, at)).toMatchObject({ ok: false });
    }
    expect(verifySigV4(signed(a, day1), a, day1)).toMatchObject({ ok: true });
  });

  it('a signature made for another region is refused even when that region was verified before', () => {
    const now = new Date('2026-12-07T04:00:00Z');
    const other: SigV4Credentials = { ...a, region: 'cn-north-1' };
    expect(verifySigV4(signed(other, now), other, now)).toMatchObject({ ok: true });
    expect(verifySigV4(signed(a, now, 'cn-north-1'), a, now)).toMatchObject({ ok: false });
  });
});
