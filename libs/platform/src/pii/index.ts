import type { ServiceRuntime } from '../service-runtime.js';
import { developmentPiiKeyring, PiiCipher } from './pii-cipher.js';

export {
  developmentPiiKeyring,
  isPiiCiphertext,
  normaliseIdNumber,
  normalisePhone,
  normalisePii,
  PII_CIPHERTEXT_PATTERN,
  PII_CIPHERTEXT_PREFIX,
  PII_ENV,
  PiiCipher,
  PiiDecryptionError,
  piiKeyringFromEnv,
  type PiiKeyring,
  type PiiKind,
} from './pii-cipher.js';
export { PII_PAYLOAD_CANDIDATE, piiPayloadCodec } from './pii-payload-codec.js';
export {
  backfillPii,
  revealPii,
  sealPii,
  withPiiEncryption,
  type PiiColumn,
  type PiiModel,
  type PiiSchema,
} from './pii-prisma.js';

/**
 * The PII cipher of a service: the runtime's keyring (from the environment outside the embedded hall). A runtime
 * built without one (tests, benchmarks) gets the development keyring, never in production.
 */
export function piiCipherOf(runtime: ServiceRuntime): PiiCipher {
  if (runtime.pii) return new PiiCipher(runtime.pii);
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`${runtime.name}: no PII keys in production (PII_ENCRYPTION_KEYS, PII_BLIND_INDEX_KEY)`);
  }
  return new PiiCipher(developmentPiiKeyring());
}
