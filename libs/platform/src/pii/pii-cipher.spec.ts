import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config.js';
import {
  developmentPiiKeyring,
  isPiiCiphertext,
  normaliseIdNumber,
  normalisePhone,
  PII_CIPHERTEXT_PATTERN,
  PiiCipher,
  PiiDecryptionError,
  piiKeyringFromEnv,
  type PiiKeyring,
} from './pii-cipher.js';
import { revealPii } from './pii-prisma.js';

const ID = '11010519491231002X';
const PHONE = '13912345678';

function keyring(current: string, ids: string[], indexKey = randomBytes(32)): PiiKeyring {
  return {
    currentKeyId: current,
    encryptionKeys: new Map(ids.map((id) => [id, randomBytes(32)])),
    blindIndexKey: indexKey,
  };
}

describe('PiiCipher: encryption at rest', () => {
  const cipher = new PiiCipher(keyring('k1', ['k1']));

  it('round-trips, with the key id prefix and a fresh IV per value', () => {
    const a = cipher.encrypt(ID);
    const b = cipher.encrypt(ID);
    expect(a).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(a.startsWith('pii:k1:')).toBe(true);
    expect(a).not.toContain(ID);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe(ID);
    expect(cipher.decrypt(cipher.encrypt('张三 +86 139-1234-5678'))).toBe('张三 +86 139-1234-5678');
  });

  it('never reuses an IV, across the blocks the IVs are cut from (1,000 values, > 2 blocks of 4 KiB)', () => {
    const other = new PiiCipher(keyring('k1', ['k1']));
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const stored = (i % 2 === 0 ? cipher : other).encrypt(ID);
      const body = Buffer.from(stored.split(':')[2] ?? '', 'base64url');
      ivs.add(body.subarray(0, 12).toString('hex'));
      expect((i % 2 === 0 ? cipher : other).decrypt(stored)).toBe(ID);
    }
    expect(ivs.size).toBe(1000);
  });

  it('does not encrypt twice (backfill is idempotent); reveal passes plaintext through', () => {
    const once = cipher.encrypt(PHONE);
    expect(cipher.encrypt(once)).toBe(once);
    expect(cipher.reveal(once)).toBe(PHONE);
    expect(cipher.reveal(PHONE)).toBe(PHONE);
    expect(isPiiCiphertext(PHONE)).toBe(false);
  });

  it('detects tampering: any changed byte of IV, tag or ciphertext fails closed', () => {
    const stored = cipher.encrypt(ID);
    const [prefix, keyId, body] = stored.split(':') as [string, string, string];
    const raw = Buffer.from(body, 'base64url');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[at] = (altered[at] ?? 0) ^ 0x01;
      const tampered = `${prefix}:${keyId}:${altered.toString('base64url')}`;
      expect(() => cipher.decrypt(tampered)).toThrow(PiiDecryptionError);
      expect(() => cipher.decrypt(tampered)).toThrow(/authentication failed/);
    }
  });

  it('authenticates the key id: a ciphertext relabelled with another key id does not decrypt', () => {
    const two = new PiiCipher({
      ...keyring('a', ['a']),
      encryptionKeys: new Map([
        ['a', randomBytes(32)],
        ['b', randomBytes(32)],
      ]),
    });
    const stored = two.encrypt(ID);
    expect(() => two.decrypt(stored.replace('pii:a:', 'pii:b:'))).toThrow(PiiDecryptionError);
  });

  it('fails closed with a clear error under a wrong key, an unknown key id or a malformed value', () => {
    const stored = cipher.encrypt(ID);
    const wrongKey = new PiiCipher(keyring('k1', ['k1']));
    expect(() => wrongKey.decrypt(stored)).toThrow(
      'personal data cannot be decrypted: authentication failed (wrong key for key id "k1" or altered value)',
    );
    const otherIds = new PiiCipher(keyring('k9', ['k9']));
    expect(() => otherIds.decrypt(stored)).toThrow('key id "k1" is not in the keyring');
    expect(() => cipher.decrypt('pii:k1:short')).toThrow(/not a pii ciphertext/);
    expect(() => revealPii(wrongKey, { nested: [{ idNumber: stored }] })).toThrow(PiiDecryptionError);
  });

  it('a value known in clear (sealed or opened before) is reused only under the same key bytes', () => {
    const bytes = randomBytes(32);
    const ring = (key: Buffer): PiiKeyring => ({
      currentKeyId: 'k1',
      encryptionKeys: new Map([['k1', key]]),
      blindIndexKey: randomBytes(32),
    });
    const sealer = new PiiCipher(ring(bytes));
    const stored = sealer.encrypt(PHONE);
    // Another cipher over a copy of the same key (another service of the embedded hall) opens it.
    expect(new PiiCipher(ring(Buffer.from(bytes))).decrypt(stored)).toBe(PHONE);
    // A cipher with another key under the same key id still fails, however often the value was opened.
    expect(sealer.decrypt(stored)).toBe(PHONE);
    expect(() => new PiiCipher(ring(randomBytes(32))).decrypt(stored)).toThrow(PiiDecryptionError);
    // And without the key id in its keyring at all.
    const rotatedOut = new PiiCipher({
      ...ring(randomBytes(32)),
      currentKeyId: 'k2',
      encryptionKeys: new Map([['k2', bytes]]),
    });
    expect(() => rotatedOut.decrypt(stored)).toThrow('key id "k1" is not in the keyring');
  });

  it('rotates: new values use the current key, the old key id still decrypts', () => {
    const old = randomBytes(32);
    const next = randomBytes(32);
    const index = randomBytes(32);
    const before = new PiiCipher({
      currentKeyId: 'k1',
      encryptionKeys: new Map([['k1', old]]),
      blindIndexKey: index,
    });
    const after = new PiiCipher({
      currentKeyId: 'k2',
      encryptionKeys: new Map([
        ['k1', old],
        ['k2', next],
      ]),
      blindIndexKey: index,
    });
    const written = before.encrypt(ID);
    expect(after.decrypt(written)).toBe(ID);
    expect(after.encrypt(ID).startsWith('pii:k2:')).toBe(true);
    // The blind index does not depend on the encryption key: lookups survive a rotation.
    expect(after.blindIndex('idNumber', ID)).toBe(before.blindIndex('idNumber', ID));
  });
});

describe('PiiCipher: blind index', () => {
  const indexKey = randomBytes(32);
  const cipher = new PiiCipher(keyring('k1', ['k1'], indexKey));

  it('is stable and normalised: lower-case x, spaces; +86 and separators of a phone', () => {
    const idx = cipher.blindIndex('idNumber', ID);
    expect(idx).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('idNumber', ID.toLowerCase())).toBe(idx);
    expect(cipher.blindIndex('idNumber', ` ${ID.slice(0, 6)} ${ID.slice(6)} `)).toBe(idx);
    expect(new PiiCipher(keyring('k7', ['k7'], indexKey)).blindIndex('idNumber', ID)).toBe(idx);
    const phone = cipher.blindIndex('phone', PHONE);
    for (const spelling of ['+86 139 1234 5678', '0086-13912345678', '139-1234-5678', '8613912345678']) {
      expect(cipher.blindIndex('phone', spelling)).toBe(phone);
    }
  });

  it('differs per value, per kind and per index key; reveals nothing of the value', () => {
    const idx = cipher.blindIndex('idNumber', ID);
    expect(cipher.blindIndex('idNumber', '110105194912310038')).not.toBe(idx);
    expect(cipher.blindIndex('phone', ID)).not.toBe(idx);
    expect(new PiiCipher(keyring('k1', ['k1'])).blindIndex('idNumber', ID)).not.toBe(idx);
    expect(idx).not.toContain(ID.slice(0, 6));
  });

  it('normalises', () => {
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe(ID);
    expect(normalisePhone('+86 (139) 1234-5678')).toBe(PHONE);
    expect(normalisePhone('0571-87654321')).toBe('057187654321');
  });
});

describe('piiKeyringFromEnv', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');
  const idx = randomBytes(32).toString('base64');

  it('reads the keys; the current key is the last listed unless named', () => {
    const ring = piiKeyringFromEnv({ PII_ENCRYPTION_KEYS: `k1:${k1},k2:${k2}`, PII_BLIND_INDEX_KEY: idx });
    expect(ring.currentKeyId).toBe('k2');
    expect([...ring.encryptionKeys.keys()]).toEqual(['k1', 'k2']);
    expect(
      piiKeyringFromEnv({
        PII_ENCRYPTION_KEYS: `k1:${k1},k2:${k2}`,
        PII_ENCRYPTION_KEY_ID: 'k1',
        PII_BLIND_INDEX_KEY: idx,
      }).currentKeyId,
    ).toBe('k1');
  });

  it('has no default: missing or bad keys stop the service, each variable named', () => {
    const issues = (env: Record<string, string>) => {
      try {
        piiKeyringFromEnv(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).issues.map((i) => i.variable);
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues({})).toEqual(['PII_ENCRYPTION_KEYS', 'PII_BLIND_INDEX_KEY']);
    expect(issues({ PII_ENCRYPTION_KEYS: 'k1:c2hvcnQ=', PII_BLIND_INDEX_KEY: idx })).toEqual([
      'PII_ENCRYPTION_KEYS',
    ]);
    expect(
      issues({ PII_ENCRYPTION_KEYS: `k1:${k1}`, PII_ENCRYPTION_KEY_ID: 'k3', PII_BLIND_INDEX_KEY: idx }),
    ).toEqual(['PII_ENCRYPTION_KEY_ID']);
    expect(issues({ PII_ENCRYPTION_KEYS: `k1:${k1}`, PII_BLIND_INDEX_KEY: k1 })).toEqual([
      'PII_BLIND_INDEX_KEY',
    ]);
    expect(issues({ PII_ENCRYPTION_KEYS: `bad id:${k1}`, PII_BLIND_INDEX_KEY: idx })).toEqual([
      'PII_ENCRYPTION_KEYS',
    ]);
  });

  it('the development keyring is a valid, fixed keyring', () => {
    const a = new PiiCipher(developmentPiiKeyring());
    const b = new PiiCipher(developmentPiiKeyring());
    expect(b.decrypt(a.encrypt(ID))).toBe(ID);
    expect(a.blindIndex('phone', PHONE)).toBe(b.blindIndex('phone', PHONE));
  });
});
