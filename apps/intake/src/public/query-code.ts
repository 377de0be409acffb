import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { normaliseQueryCode, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH } from '@hall/contracts';
import { AppError, type PiiCipher } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { IntakeErrorCode } from '../intake.errors.js';
import type { IntakeDb, IntakeStore } from '../intake.store.js';
import {
  clearQueryCodeFailures,
  countQueryCodeFailure,
  findQueryCode,
  getQueryCode,
  insertQueryCodeOnce,
  lockQueryCodeAtFailures,
} from './query-code.repository.js';

/**
 * 查询码 (query code): the secret of the public progress lookup. Random per application (8 characters of a
 * 32-letter alphabet without 0/O/1/I: 40 bits), given to the applicant only — their application view, the window's
 * receipt, the 受理通知书 — and never published (双公示 shows the number and the masked applicant, nothing usable
 * as the code). Stored as a keyed digest (the check, {@link digestQueryCode}) and sealed with the PII keyring (the applicant's view). Failed
 * attempts are counted per application: after {@link QUERY_CODE_MAX_FAILURES} the lookup of that application is
 * locked for {@link QUERY_CODE_LOCK_MINUTES} minutes, on top of the per-IP limit.
 */
export { normaliseQueryCode, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH };
export const QUERY_CODE_MAX_FAILURES = 5;
export const QUERY_CODE_LOCK_MINUTES = 30;

/** How the code is shown and printed: two groups of four. */
export const formatQueryCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

export function newQueryCode(): string {
  // 32 letters: the low 5 bits of a random byte pick one uniformly.
  return [...randomBytes(QUERY_CODE_LENGTH)].map((b) => QUERY_CODE_ALPHABET.charAt(b & 31)).join('');
}

const KEYED_DIGEST = 'h1:';

/**
 * What is stored to check a code (normalised) of `subject` (an application number, or `enquiry:<no>`): a keyed digest
 * (HMAC-SHA-256 under the PII keyring's blind index key, see PiiCipher.keyedDigest). The code is random (40 bits)
 * and its sealed copy sits beside the digest, so a slow hash would protect nothing the keyring does not already
 * protect; it cost ~38 ms of CPU per application (issue 22).
 */
export function digestQueryCode(cipher: PiiCipher, subject: string, code: string): string {
  return KEYED_DIGEST + cipher.keyedDigest('hall-query-code', `${subject}\u0000${code}`);
}

/** The scrypt hash (N 2^14, salted with the subject) stored before keyed digests: still checked, never written. */
function scryptQueryCode(subject: string, code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(code, `hall-query-code:${subject}`, 32, { N: 16384, r: 8, p: 1 }, (err, key) =>
      err ? reject(err) : resolve(key.toString('base64url')),
    );
  });
}

/** Whether a normalised code is the one whose digest (either kind) is stored; compared in constant time. */
export async function queryCodeMatches(
  cipher: PiiCipher,
  subject: string,
  code: string,
  stored: string,
): Promise<boolean> {
  const given = stored.startsWith(KEYED_DIGEST)
    ? digestQueryCode(cipher, subject, code)
    : await scryptQueryCode(subject, code);
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type QueryCheck = { ok: true } | { ok: false; lockedUntil?: Date };

export class QueryCodes {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The application's code in clear (formatted), created on first need: applications from before 查询码 get theirs
   * the first time their applicant or window looks at them (the migration cannot seal without the keys).
   */
  /** The code in clear (formatted) from its sealed form (as `findApplicationWithParts` reads it). */
  formatSealed(sealedCode: string): string {
    return formatQueryCode(this.store.cipher.reveal(sealedCode));
  }

  /**
   * `knownMissing`: the caller has just read that the application has no code (its view's statement), so the code is
   * created without looking first (issue 22: one statement instead of three). `db`: the caller's transaction.
   */
  async codeFor(no: string, opts: { knownMissing?: boolean; db?: IntakeDb } = {}): Promise<string> {
    const db = opts.db ?? this.store.prisma;
    const row = opts.knownMissing ? null : await findQueryCode(db, no);
    if (row) return this.formatSealed(row.sealedCode);
    const code = newQueryCode();
    const sealed = await insertQueryCodeOnce(db, {
      applicationNo: no,
      codeHash: digestQueryCode(this.store.cipher, no, code),
      sealedCode: this.store.cipher.encrypt(code),
      createdAt: this.clock.now(),
    });
    // Null: another request stored the application's code first; that one stays.
    return this.formatSealed(sealed ?? (await getQueryCode(db, no)).sealedCode);
  }

  /**
   * Checks a code. A locked application answers locked (even for the right code); a wrong code counts, and the
   * {@link QUERY_CODE_MAX_FAILURES}th locks the lookup. No code issued yet: never right, nothing counted.
   */
  async check(no: string, input: string): Promise<QueryCheck> {
    const db = this.store.prisma;
    const row = await findQueryCode(db, no);
    if (!row) return { ok: false };
    const now = this.clock.now();
    if (row.lockedUntil && row.lockedUntil > now) return { ok: false, lockedUntil: row.lockedUntil };
    const code = normaliseQueryCode(input);
    if (code && (await queryCodeMatches(this.store.cipher, no, code, row.codeHash))) {
      if (row.failures > 0 || row.lockedUntil) await clearQueryCodeFailures(db, no);
      return { ok: true };
    }
    // Counted atomically; the attempt that reaches the limit locks (and starts the count again for afterwards).
    await countQueryCodeFailure(db, no);
    const lockedUntil = new Date(now.getTime() + QUERY_CODE_LOCK_MINUTES * 60_000);
    const locked = await lockQueryCodeAtFailures(db, no, QUERY_CODE_MAX_FAILURES, lockedUntil);
    return locked ? { ok: false, lockedUntil } : { ok: false };
  }
}

/** 429 QUERY_CODE_LOCKED: too many wrong codes for this application; when it opens again. */
export function queryLocked(no: string, lockedUntil: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new AppError(
    IntakeErrorCode.QueryCodeLocked,
    `progress lookup of ${no} is locked after ${QUERY_CODE_MAX_FAILURES} wrong query codes (查询码错误次数过多，已锁定${QUERY_CODE_LOCK_MINUTES}分钟); try again after ${lockedUntil.toISOString()} or sign in to see the application`,
    429,
    { field: 'code', lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}
