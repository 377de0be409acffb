import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseConfig } from '@hall/platform';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** The licence service's own settings (validated once at start; a bad value stops the service naming it). */
export const LicenceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Key encryption key for private signing keys at rest: 32 random bytes, base64 (`openssl rand -base64 32`). */
  LICENCE_KEK: optional.pipe(
    z
      .string()
      .refine(
        (v) => Buffer.from(v, 'base64').length === 32,
        'must be 32 bytes in base64 (openssl rand -base64 32)',
      )
      .optional(),
  ),
  /** Alternatively a file holding it (a Docker/Kubernetes secret); created with a random key when missing. */
  LICENCE_KEK_FILE: optional,
  /** Data directory of the embedded hall; the generated local KEK goes there in development. */
  HALL_DATA_DIR: optional,
  /** Public verification page the QR code points to (the payload is appended as `?p=`). */
  LICENCE_VERIFY_URL: z.url().default('http://localhost:3000/verify'),
  /**
   * Worker threads rendering licence PDFs off the event loop (each parses the CJK face once, ~0.3 s, then ~10–20 ms a
   * licence); 0 renders in the service's own event loop. Default 1; under tests (NODE_ENV=test) 0, so that each test
   * file does not start a thread (the thread path has its own tests, and the shared hall of the browser specs uses it).
   */
  LICENCE_RENDER_THREADS: z.coerce.number().int().min(0).max(16).optional(),
  /** How often the expiry job runs (ms). */
  LICENCE_EXPIRY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60 * 1000),
});
export type LicenceEnv = z.infer<typeof LicenceEnvSchema>;

export interface LicenceConfig {
  /** 32-byte key encryption key. Never logged. */
  kek: Buffer;
  /** Where the KEK came from (for the start-up log line; no key material). */
  kekSource: 'env' | 'file' | 'ephemeral';
  verifyUrl: string;
  expiryIntervalMs: number;
  /** Worker threads of the PDF render pool (0: render in the event loop). */
  renderThreads: number;
}

function kekFromFile(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new ConfigError([
        { variable: 'LICENCE_KEK_FILE', message: `${file} does not hold 32 bytes in base64` },
      ]);
    return key;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/**
 * Resolves the key encryption key: `LICENCE_KEK`, else `LICENCE_KEK_FILE`; production requires one of them.
 * In development (embedded hall) a local key is generated once into `<HALL_DATA_DIR or .data>/licence-kek.key`
 * (mode 0600) so the keys survive restarts; under tests an ephemeral in-memory key is used.
 */
export function licenceConfigFromEnv(env: Record<string, string | undefined> = process.env): LicenceConfig {
  const e = parseConfig(LicenceEnvSchema, env);
  const base = {
    verifyUrl: e.LICENCE_VERIFY_URL,
    expiryIntervalMs: e.LICENCE_EXPIRY_INTERVAL_MS,
    renderThreads: e.LICENCE_RENDER_THREADS ?? (e.NODE_ENV === 'test' ? 0 : 1),
  };
  if (e.LICENCE_KEK) return { ...base, kek: Buffer.from(e.LICENCE_KEK, 'base64'), kekSource: 'env' };
  if (e.LICENCE_KEK_FILE) return { ...base, kek: kekFromFile(e.LICENCE_KEK_FILE), kekSource: 'file' };
  if (e.NODE_ENV === 'production') {
    throw new ConfigError([
      {
        variable: 'LICENCE_KEK',
        message: 'required in production (or LICENCE_KEK_FILE): 32 random bytes in base64',
      },
    ]);
  }
  if (e.NODE_ENV === 'test') return { ...base, kek: randomBytes(32), kekSource: 'ephemeral' };
  const file = path.resolve(e.HALL_DATA_DIR ?? '.data', 'licence-kek.key');
  return { ...base, kek: kekFromFile(file), kekSource: 'file' };
}
