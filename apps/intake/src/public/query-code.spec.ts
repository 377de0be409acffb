import { randomBytes, scryptSync } from 'node:crypto';
import { PiiCipher } from '@hall/platform';
import { digestQueryCode, newQueryCode, queryCodeMatches } from './query-code.js';

const cipherWith = (indexKey: Buffer) =>
  new PiiCipher({
    currentKeyId: 'k1',
    encryptionKeys: new Map([['k1', randomBytes(32)]]),
    blindIndexKey: indexKey,
  });

describe('查询码 digests', () => {
  const key = randomBytes(32);
  const cipher = cipherWith(key);
  const no = '330106-20261207-00001';
  const code = newQueryCode();

  it('a new code is stored as a keyed digest that only its own code and subject match', async () => {
    const stored = digestQueryCode(cipher, no, code);
    expect(stored.startsWith('h1:')).toBe(true);
    expect(stored).not.toContain(code);
    expect(await queryCodeMatches(cipher, no, code, stored)).toBe(true);
    const other = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    expect(await queryCodeMatches(cipher, no, other, stored)).toBe(false);
    // The subject is bound: the same code of another application (or an enquiry) is another digest.
    expect(await queryCodeMatches(cipher, '330106-20261207-00002', code, stored)).toBe(false);
    expect(digestQueryCode(cipher, `enquiry:${no}`, code)).not.toBe(stored);
  });

  it('the digest is keyed: without the blind index key it cannot be recomputed', async () => {
    const stored = digestQueryCode(cipher, no, code);
    expect(await queryCodeMatches(cipherWith(randomBytes(32)), no, code, stored)).toBe(false);
    expect(digestQueryCode(cipherWith(Buffer.from(key)), no, code)).toBe(stored);
  });

  it('a scrypt hash stored before keyed digests is still checked', async () => {
    const legacy = scryptSync(code, `hall-query-code:${no}`, 32, { N: 16384, r: 8, p: 1 }).toString(
      'base64url',
    );
    expect(await queryCodeMatches(cipher, no, code, legacy)).toBe(true);
    expect(await queryCodeMatches(cipher, no, 'ABCDEFGH' === code ? 'ABCDEFGJ' : 'ABCDEFGH', legacy)).toBe(
      false,
    );
  });
});
