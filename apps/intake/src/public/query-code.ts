import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { normaliseQueryCode, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH } from '@hall/contracts';
import { AppError } from '@hall/platform';
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
 * as the code). Stored as a scrypt hash (the lookup) and sealed with the PII keyring (the applicant's view). Failed
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

/** scrypt (N 2^14) over the normalised code, salted with the application number. */
export function hashQueryCode(no: string, code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(code, `hall-query-code:${no}`, 32, { N: 16384, r: 8, p: 1 }, (err, key) =>
      err ? reject(err) : resolve(key.toString('base64url')),
    );
  });
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
      codeHash: await hashQueryCode(no, code),
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
    const expected = Buffer.from(row.codeHash, 'base64url');
    const given = code
      ? Buffer.from(await hashQueryCode(no, code), 'base64url')
      : Buffer.alloc(expected.length);
    if (code && given.length === expected.length && timingSafeEqual(given, expected)) {
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
