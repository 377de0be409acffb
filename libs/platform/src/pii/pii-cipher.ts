import { createCipheriv, createDecipheriv, createHash, createHmac, randomFillSync } from 'node:crypto';
import { ConfigError } from '../config.js';

/**
 * Encryption at rest of personal data (个人信息: 居民身份证号码, 手机号码) and the blind index (盲索引) that
 * lets a service look a row up by the value without storing it in clear.
 *
 * - Ciphertext: AES-256-GCM, random 96-bit IV, stored as `pii:<keyId>:<base64url(iv ‖ tag ‖ ciphertext)>`. The key
 *   id names the key that encrypted the value, so keys rotate: new writes use the current key, every key in the
 *   keyring still decrypts what it wrote. The key id is authenticated (GCM additional data).
 * - Blind index: HMAC-SHA-256 under a separate key of the normalised value, prefixed with the kind of value
 *   (`idNumber`, `phone`), hex. Equal inputs give equal indexes; the index does not reveal the value.
 */

/** Prefix of every stored ciphertext; a value without it is plaintext (a row written before encryption). */
export const PII_CIPHERTEXT_PREFIX = 'pii:';
/** The stored format, e.g. `pii:k1:Qm9…`: key id, then IV (12 bytes), tag (16 bytes) and ciphertext, base64url. */
export const PII_CIPHERTEXT_PATTERN = /^pii:([A-Za-z0-9]{1,16}):([A-Za-z0-9_-]{38,})$/;

const KEY_ID = /^[A-Za-z0-9]{1,16}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What can be blind-indexed; part of the HMAC input, so an ID number and a phone never share an index. */
export type PiiKind = 'idNumber' | 'phone';

export interface PiiKeyring {
  /** Key id used for new ciphertexts. */
  readonly currentKeyId: string;
  /** Every key that may still be needed to decrypt (32 bytes each), by key id. */
  readonly encryptionKeys: ReadonlyMap<string, Buffer>;
  /** The blind index key (32 bytes); never an encryption key. */
  readonly blindIndexKey: Buffer;
}

/** Decryption failed: unknown key id, wrong key or altered ciphertext. The value is never returned in clear. */
export class PiiDecryptionError extends Error {
  constructor(
    readonly reason: 'unknown-key' | 'malformed' | 'authentication-failed',
    keyId?: string,
  ) {
    super(
      reason === 'unknown-key'
        ? `personal data cannot be decrypted: key id "${keyId}" is not in the keyring (PII_ENCRYPTION_KEYS)`
        : reason === 'malformed'
          ? 'personal data cannot be decrypted: the stored value is not a pii ciphertext'
          : `personal data cannot be decrypted: authentication failed (wrong key for key id "${keyId}" or altered value)`,
    );
    this.name = 'PiiDecryptionError';
  }
}

/** 居民身份证号码 / 统一社会信用代码: no spaces, upper case (a lower-case check letter `x` is the same number). */
export function normaliseIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Phone: digits only; the mainland country code (+86 / 0086 / 86) before an 11-digit mobile number is dropped. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  const mobile = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return mobile?.[1] ?? digits;
}

export function normalisePii(kind: PiiKind, value: string): string {
  return kind === 'idNumber' ? normaliseIdNumber(value) : normalisePhone(value);
}

export function isPiiCiphertext(value: unknown): value is string {
  // The prefix first: most strings of a result (ids, names, codes) are not ciphertexts (issue 22: CPU per case).
  return (
    typeof value === 'string' && value.startsWith(PII_CIPHERTEXT_PREFIX) && PII_CIPHERTEXT_PATTERN.test(value)
  );
}

/**
 * Ciphertexts known in clear, for the whole process (issue 22: CPU per case): the values a cipher sealed or opened
 * lately, with the key that did it. The same stored values are revealed again and again — a case's history on each
 * re-projection, an application on each view, an event's payload by each service consuming it — and each decryption
 * sets up an AES-GCM context. A ciphertext is authenticated under its key, so under the same key it always opens to the
 * same plaintext: an entry is used only by a cipher whose key for that key id is the same bytes (the embedded hall's
 * services each have a cipher over one keyring). Bounded: the oldest entry goes first.
 */
const known = new Map<string, { plaintext: string; key: Buffer }>();
const KNOWN_MAX = 8192;

function remember(stored: string, plaintext: string, key: Buffer): void {
  if (known.size >= KNOWN_MAX) {
    const oldest = known.keys().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
  known.set(stored, { plaintext, key });
}

/**
 * Random IVs, cut from a block of CSPRNG output filled 4 KiB at a time (issue 22: CPU per case). `randomBytes(12)` per
 * value set up a random-bytes job (and its async-hook resource) for every field sealed; the bytes are the same CSPRNG's
 * either way, each used for one IV only.
 */
const IV_BLOCK_BYTES = 4096;
let ivBlock = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivBlock.length) {
    ivBlock = randomFillSync(Buffer.allocUnsafeSlow(IV_BLOCK_BYTES));
    ivOffset = 0;
  }
  const iv = ivBlock.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export class PiiCipher {
  /** The GCM additional data per key id (`pii:<keyId>`). */
  private readonly aad = new Map<string, Buffer>();

  constructor(private readonly keyring: PiiKeyring) {
    if (!keyring.encryptionKeys.has(keyring.currentKeyId))
      throw new Error(`PII current key id "${keyring.currentKeyId}" is not in the keyring`);
    for (const [id, key] of keyring.encryptionKeys) {
      if (!KEY_ID.test(id)) throw new Error(`PII key id "${id}" must be 1 to 16 letters or digits`);
      if (key.length !== 32) throw new Error(`PII key "${id}" must be 32 bytes`);
    }
    if (keyring.blindIndexKey.length !== 32) throw new Error('PII blind index key must be 32 bytes');
  }

  get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  /** Encrypts under the current key; a value already encrypted is returned as it is (idempotent). */
  encrypt(plaintext: string): string {
    if (isPiiCiphertext(plaintext)) return plaintext;
    const keyId = this.keyring.currentKeyId;
    const key = this.key(keyId);
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(this.aadOf(keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const stored = `${PII_CIPHERTEXT_PREFIX}${keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    remember(stored, plaintext, key);
    return stored;
  }

  /** Decrypts a stored ciphertext with the key its id names; fails closed with {@link PiiDecryptionError}. */
  decrypt(stored: string): string {
    const hit = known.get(stored);
    if (hit !== undefined) {
      const keyId = stored.slice(
        PII_CIPHERTEXT_PREFIX.length,
        stored.indexOf(':', PII_CIPHERTEXT_PREFIX.length),
      );
      const key = this.keyring.encryptionKeys.get(keyId);
      if (key !== undefined && (key === hit.key || key.equals(hit.key))) return hit.plaintext;
    }
    return this.open(stored);
  }

  private open(stored: string): string {
    const m = PII_CIPHERTEXT_PATTERN.exec(stored);
    if (!m?.[1] || !m[2]) throw new PiiDecryptionError('malformed');
    const keyId = m[1];
    const key = this.keyring.encryptionKeys.get(keyId);
    if (!key) throw new PiiDecryptionError('unknown-key', keyId);
    const raw = Buffer.from(m[2], 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiDecryptionError('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(this.aadOf(keyId));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      remember(stored, plaintext, key);
      return plaintext;
    } catch {
      throw new PiiDecryptionError('authentication-failed', keyId);
    }
  }

  /** A stored value in clear: ciphertexts are decrypted, plaintext (not yet backfilled) is returned as it is. */
  reveal(stored: string): string {
    return isPiiCiphertext(stored) ? this.decrypt(stored) : stored;
  }

  /** Blind index of a value (HMAC-SHA-256 of the kind and the normalised value, hex). */
  blindIndex(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.keyring.blindIndexKey)
      .update(`${kind}\u0000${normalisePii(kind, value)}`, 'utf8')
      .digest('hex');
  }

  /**
   * A keyed digest of a secret the service checks but never needs to find by value (a 查询码): HMAC-SHA-256 under the
   * blind index key, domain-separated by `purpose`, base64url. Without the key a leaked digest gives nothing to guess
   * against; with it, the sealed copy of the same secret would be open anyway — so no slow hash is needed on top.
   */
  keyedDigest(purpose: string, value: string): string {
    return createHmac('sha256', this.keyring.blindIndexKey)
      .update(`${purpose}\u0000${value}`, 'utf8')
      .digest('base64url');
  }

  private aadOf(keyId: string): Buffer {
    let aad = this.aad.get(keyId);
    if (aad === undefined) {
      aad = Buffer.from(`${PII_CIPHERTEXT_PREFIX}${keyId}`, 'utf8');
      this.aad.set(keyId, aad);
    }
    return aad;
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.encryptionKeys.get(keyId);
    if (!key) throw new PiiDecryptionError('unknown-key', keyId);
    return key;
  }
}

/** Environment variables of the keyring. */
export const PII_ENV = {
  /** `keyId:base64key[,keyId:base64key…]`, each key 32 bytes (e.g. `openssl rand -base64 32`). */
  keys: 'PII_ENCRYPTION_KEYS',
  /** Key id for new ciphertexts; default: the last key listed. */
  currentKeyId: 'PII_ENCRYPTION_KEY_ID',
  /** 32 bytes, base64; must differ from every encryption key. */
  blindIndexKey: 'PII_BLIND_INDEX_KEY',
} as const;

function decodeKey(value: string): Buffer | undefined {
  const buf = Buffer.from(value.trim(), 'base64');
  return buf.length === 32 ? buf : undefined;
}

/**
 * The keyring from the environment. Both keys are required (a service outside the embedded hall refuses to start
 * without them); every bad or missing variable is named in the {@link ConfigError}.
 */
export function piiKeyringFromEnv(env: Record<string, string | undefined> = process.env): PiiKeyring {
  const issues: Array<{ variable: string; message: string }> = [];
  const encryptionKeys = new Map<string, Buffer>();
  const list = env[PII_ENV.keys]?.trim() ?? '';
  if (!list)
    issues.push({
      variable: PII_ENV.keys,
      message: 'required: keyId:base64key[,keyId:base64key] (32-byte AES-256 keys)',
    });
  for (const entry of list ? list.split(',') : []) {
    const sep = entry.indexOf(':');
    const id = entry.slice(0, sep).trim();
    const key = sep > 0 ? decodeKey(entry.slice(sep + 1)) : undefined;
    if (sep <= 0 || !KEY_ID.test(id))
      issues.push({
        variable: PII_ENV.keys,
        message: 'each entry must be keyId:base64key, key id 1 to 16 letters or digits',
      });
    else if (!key) issues.push({ variable: PII_ENV.keys, message: `key "${id}" must be 32 bytes, base64` });
    else encryptionKeys.set(id, key);
  }
  const currentKeyId = env[PII_ENV.currentKeyId]?.trim() || [...encryptionKeys.keys()].at(-1) || '';
  if (encryptionKeys.size > 0 && !encryptionKeys.has(currentKeyId)) {
    issues.push({
      variable: PII_ENV.currentKeyId,
      message: `"${currentKeyId}" is not a key id of ${PII_ENV.keys}`,
    });
  }
  const indexValue = env[PII_ENV.blindIndexKey]?.trim() ?? '';
  const blindIndexKey = indexValue ? decodeKey(indexValue) : undefined;
  if (!indexValue)
    issues.push({
      variable: PII_ENV.blindIndexKey,
      message: 'required: 32 bytes, base64 (not one of the encryption keys)',
    });
  else if (!blindIndexKey)
    issues.push({ variable: PII_ENV.blindIndexKey, message: 'must be 32 bytes, base64' });
  else if ([...encryptionKeys.values()].some((k) => k.equals(blindIndexKey))) {
    issues.push({ variable: PII_ENV.blindIndexKey, message: 'must differ from every encryption key' });
  }
  if (issues.length > 0 || !blindIndexKey) throw new ConfigError(issues);
  return { currentKeyId, encryptionKeys, blindIndexKey };
}

/**
 * The fixed development keyring of the embedded hall and of tests (derived from public strings: it protects
 * nothing, and a deployed service never uses it — {@link piiKeyringFromEnv} has no default).
 */
export function developmentPiiKeyring(): PiiKeyring {
  const derive = (label: string) =>
    createHash('sha256').update(`hall embedded development ${label}`).digest();
  return {
    currentKeyId: 'dev1',
    encryptionKeys: new Map([['dev1', derive('pii encryption key')]]),
    blindIndexKey: derive('pii blind index key'),
  };
}
