import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SM3 } from 'gm-crypto';
import { canonicalJson } from './canonical-json.js';
import {
  generateSm2KeyPair,
  signatureFromDer,
  signatureToDer,
  sm2KeyId,
  sm2PublicKeyPem,
  sm2Sign,
  sm2Verify,
  sm3Digest,
  sm3Hex,
  SM2_SIGNER_ID,
} from './sm2.js';

// Cross-checks against independent implementations:
// - SM3: gm-crypto (pure JS) and the GB/T 32905 test vector;
// - SM2 signatures: OpenSSL 3 (`openssl pkeyutl`, C implementation) in both directions. gm-crypto 0.1.x has no
//   SM2 signature API (only encryption), so it cannot be the second SM2 signer; OpenSSL is.
const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const hasOpenssl = openssl.status === 0 && /OpenSSL 3\./.test(openssl.stdout);
if (!hasOpenssl && process.env.CI !== 'true')
  console.warn('skipping OpenSSL SM2 interoperability: OpenSSL 3 not found');
const describeOpenssl = hasOpenssl || process.env.CI === 'true' ? describe : describe.skip;

const dir = mkdtempSync(path.join(tmpdir(), 'licence-sm2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SEC1 ECPrivateKey PEM of an SM2 key (for OpenSSL to sign with a key sm-crypto-v2 generated). */
function sec1Pem(privateKey: string, publicKey: string): string {
  const der = Buffer.from(`30770201010420${privateKey}a00a06082a811ccf5501822da144034200${publicKey}`, 'hex');
  return `-----BEGIN EC PRIVATE KEY-----\n${
    der
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? ''
  }\n-----END EC PRIVATE KEY-----\n`;
}

const record = canonicalJson({
  number: '1.2.156.3005.2.FBL.11330106MB16325005.00000001.001.R',
  holder: '杭州西湖示范科技有限公司',
  fields: { 经营项目: '预包装食品销售' },
});

describe('SM3', () => {
  it('matches the GB/T 32905 test vector and gm-crypto', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex(record)).toBe(SM3.digest(record, 'utf8', 'hex'));
  });

  it('digests parts as their concatenation (a signed PDF: the bytes around its /Contents)', () => {
    const pdf = Buffer.from(`%PDF-1.3\n${record.repeat(500)}`, 'utf8');
    const [head, tail] = [pdf.subarray(0, 4321), pdf.subarray(4321 + 77)];
    const whole = Buffer.concat([head, tail]);
    expect(sm3Digest(head, tail).toString('hex')).toBe(SM3.digest(whole.toString('hex'), 'hex', 'hex'));
    expect(sm3Digest(whole).equals(sm3Digest(head, tail))).toBe(true);
    expect(sm3Digest().toString('hex')).toBe(SM3.digest('', 'utf8', 'hex'));
  });
});

describe('SM2 signatures (sm-crypto-v2)', () => {
  const key = generateSm2KeyPair();

  it('signs and verifies; any change to message, signature or key fails', () => {
    const sig = sm2Sign(record, key);
    expect(Buffer.from(sig, 'base64url')).toHaveLength(64);
    expect(sm2Verify(record, sig, key.publicKey)).toBe(true);
    expect(sm2Verify(record.replace('预包装', '散装'), sig, key.publicKey)).toBe(false);
    const flipped = Buffer.from(sig, 'base64url');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(sm2Verify(record, flipped.toString('base64url'), key.publicKey)).toBe(false);
    expect(sm2Verify(record, sig, generateSm2KeyPair().publicKey)).toBe(false);
    expect(sm2Verify(record, 'not-a-signature', key.publicKey)).toBe(false);
    expect(sm2Verify(record, sig, '04abcd')).toBe(false);
  });

  it('is randomised (fresh nonce per signature) and round-trips the DER form', () => {
    const a = sm2Sign(record, key);
    const b = sm2Sign(record, key);
    expect(a).not.toBe(b);
    for (let i = 0; i < 20; i++) {
      const sig = sm2Sign(`${record}${i}`, key);
      expect(signatureFromDer(signatureToDer(sig))).toBe(sig);
    }
  });

  it('derives a short stable key id', () => {
    expect(sm2KeyId(key.publicKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(sm2KeyId(key.publicKey)).toBe(sm2KeyId(key.publicKey));
  });
});

describeOpenssl('SM2 interoperability with OpenSSL 3', () => {
  const key = generateSm2KeyPair();
  const msgFile = path.join(dir, 'record.json');
  const pubFile = path.join(dir, 'pub.pem');
  const keyFile = path.join(dir, 'key.pem');
  writeFileSync(msgFile, record, 'utf8');
  writeFileSync(pubFile, sm2PublicKeyPem(key.publicKey));
  writeFileSync(keyFile, sec1Pem(key.privateKey, key.publicKey), { mode: 0o600 });
  const opts = ['-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_SIGNER_ID}`];

  const opensslVerify = (sig: string): boolean => {
    const sigFile = path.join(dir, `sig-${Math.random().toString(36).slice(2)}.der`);
    writeFileSync(sigFile, signatureToDer(sig));
    const res = spawnSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', pubFile, '-in', msgFile, '-sigfile', sigFile, ...opts],
      { encoding: 'utf8' },
    );
    return res.status === 0 && res.stdout.includes('Signature Verified Successfully');
  };

  it('a signature made by sm-crypto-v2 verifies with OpenSSL (and a forged one does not)', () => {
    for (let i = 0; i < 5; i++) expect(opensslVerify(sm2Sign(record, key))).toBe(true);
    expect(opensslVerify(sm2Sign(`${record} `, key))).toBe(false);
    expect(opensslVerify(sm2Sign(record, generateSm2KeyPair()))).toBe(false);
  });

  it('a signature made by OpenSSL verifies with sm-crypto-v2 (and not for another message)', () => {
    for (let i = 0; i < 5; i++) {
      const der = execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', keyFile, '-in', msgFile, ...opts]);
      const sig = signatureFromDer(der);
      expect(sm2Verify(record, sig, key.publicKey)).toBe(true);
      expect(sm2Verify(`${record} `, sig, key.publicKey)).toBe(false);
    }
  });
});
