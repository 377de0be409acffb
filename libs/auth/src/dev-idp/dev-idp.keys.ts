/**
 * The dev identity provider's RS256 signing key: RSA 2048, kept as a private JWK in a file (0600) so that tokens
 * stay valid across restarts, or generated in memory. The `kid` is the key's RFC 7638 thumbprint.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { z } from 'zod';

export interface DevSigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Public part only, as published in the JWKS. */
  readonly publicJwk: Readonly<{ kid: string; kty: 'RSA'; alg: 'RS256'; use: 'sig'; n: string; e: string }>;
}

const storedKeySchema = z.object({
  kid: z.string().min(1),
  kty: z.literal('RSA'),
  n: z.string().min(300),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});
type StoredKey = z.infer<typeof storedKeySchema>;

async function fromStored(stored: StoredKey): Promise<DevSigningKey> {
  const privateKey = await importJWK({ ...stored, alg: 'RS256' }, 'RS256');
  const publicKey = await importJWK({ kty: 'RSA', n: stored.n, e: stored.e, alg: 'RS256' }, 'RS256');
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error('not an RSA key');
  return {
    kid: stored.kid,
    privateKey,
    publicKey,
    publicJwk: Object.freeze({
      kid: stored.kid,
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      n: stored.n,
      e: stored.e,
    }),
  };
}

/** Generates a new RSA 2048 key (not persisted). */
export async function generateDevSigningKey(): Promise<{ key: DevSigningKey; stored: StoredKey }> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk: JWK = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e });
  const stored = storedKeySchema.parse({ ...jwk, kid });
  return { key: await fromStored(stored), stored };
}

/**
 * Loads the key from `keyFile`, or creates the file with a new key (exclusive create, mode 0600; if another
 * process won the race, its key is used).
 */
export async function loadOrCreateDevSigningKey(keyFile?: string): Promise<DevSigningKey> {
  if (keyFile === undefined) return (await generateDevSigningKey()).key;
  const existing = await readStored(keyFile);
  if (existing) return fromStored(existing);
  const { key, stored } = await generateDevSigningKey();
  await mkdir(path.dirname(keyFile), { recursive: true });
  try {
    await writeFile(keyFile, JSON.stringify({ ...stored, alg: 'RS256', use: 'sig' }, null, 2) + '\n', {
      flag: 'wx',
      mode: 0o600,
    });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = await readStored(keyFile);
    if (!raced) throw err;
    return fromStored(raced);
  }
}

async function readStored(keyFile: string): Promise<StoredKey | undefined> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = storedKeySchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${keyFile}: not an RSA private JWK with kid (${parsed.error.message})`);
  return parsed.data;
}
