import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { UnattachedUsage } from './uploaded-file.repository.js';

const MiB = 1024 * 1024;

/**
 * Per-user limits on material uploads (申请材料上传), against filling the store: a rate (token bucket: `rateBurst`
 * uploads at once, refilled at `ratePerMinute`), a quota on what is uploaded but not yet attached to an application
 * (count and bytes), and how long an unattached upload is kept before the scheduled job removes it.
 */
export interface UploadLimits {
  readonly rateBurst: number;
  readonly ratePerMinute: number;
  readonly unattachedMaxFiles: number;
  readonly unattachedMaxBytes: number;
  /** Unattached uploads older than this are removed (object and row) by the scheduled job. */
  readonly unattachedTtlMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  rateBurst: 30,
  ratePerMinute: 60,
  unattachedMaxFiles: 50,
  unattachedMaxBytes: 200 * MiB,
  unattachedTtlMs: 24 * 3600 * 1000,
});

const positiveInt = z.coerce.number().int().positive();
const UploadLimitsEnv = z.object({
  UPLOAD_RATE_BURST: positiveInt.optional(),
  UPLOAD_RATE_PER_MINUTE: positiveInt.optional(),
  UPLOAD_UNATTACHED_MAX_FILES: positiveInt.optional(),
  UPLOAD_UNATTACHED_MAX_MB: positiveInt.optional(),
  UPLOAD_UNATTACHED_TTL_HOURS: z.coerce.number().positive().optional(),
});

/** DEFAULT_UPLOAD_LIMITS with the `UPLOAD_*` environment variables applied (a malformed value fails the start). */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv): UploadLimits {
  const e = UploadLimitsEnv.parse(
    Object.fromEntries(
      Object.entries(env).filter(([k, v]) => k.startsWith('UPLOAD_') && v !== undefined && v !== ''),
    ),
  );
  return {
    rateBurst: e.UPLOAD_RATE_BURST ?? DEFAULT_UPLOAD_LIMITS.rateBurst,
    ratePerMinute: e.UPLOAD_RATE_PER_MINUTE ?? DEFAULT_UPLOAD_LIMITS.ratePerMinute,
    unattachedMaxFiles: e.UPLOAD_UNATTACHED_MAX_FILES ?? DEFAULT_UPLOAD_LIMITS.unattachedMaxFiles,
    unattachedMaxBytes:
      e.UPLOAD_UNATTACHED_MAX_MB === undefined
        ? DEFAULT_UPLOAD_LIMITS.unattachedMaxBytes
        : e.UPLOAD_UNATTACHED_MAX_MB * MiB,
    unattachedTtlMs:
      e.UPLOAD_UNATTACHED_TTL_HOURS === undefined
        ? DEFAULT_UPLOAD_LIMITS.unattachedTtlMs
        : e.UPLOAD_UNATTACHED_TTL_HOURS * 3600 * 1000,
  };
}

const MAX_TRACKED_USERS = 100_000;

/** How long a refusal over quota makes the user's uploads read the quota before storing the file: 10 minutes. */
export const QUOTA_REFUSAL_MEMORY_MS = 10 * 60_000;

/**
 * Enforces UploadLimits. The rate is kept in memory per instance (with several instances a user gets the burst on
 * each); the quota is counted from the database, and checked again after the file is stored under a per-user lock,
 * so concurrent uploads cannot pass it together.
 */
export class UploadGate {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limits: UploadLimits,
    /** Milliseconds for the rate (real time by default; tests freeze it). */
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one upload from the user's bucket, or throws UPLOAD_RATE_LIMITED (429, with the seconds to wait). */
  takeRate(userId: string): void {
    const now = this.now();
    const perMs = this.limits.ratePerMinute / 60_000;
    const bucket = this.buckets.get(userId) ?? { tokens: this.limits.rateBurst, at: now };
    bucket.tokens = Math.min(this.limits.rateBurst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.remember(this.buckets, userId, bucket);
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new AppError(
        'UPLOAD_RATE_LIMITED',
        `file: too many uploads; try again in ${retryAfterSeconds} s`,
        429,
        {
          field: 'file',
          retryAfterSeconds,
          burst: this.limits.rateBurst,
          perMinute: this.limits.ratePerMinute,
        },
      );
    }
    bucket.tokens -= 1;
    this.remember(this.buckets, userId, bucket);
  }

  /**
   * Throws UPLOAD_QUOTA_EXCEEDED (409) when the user's unattached uploads (plus `adding` bytes) are over the quota;
   * the refusal is remembered for {@link QUOTA_REFUSAL_MEMORY_MS} (see {@link refusedLately}) when `userId` is given.
   */
  checkQuota(unattached: UnattachedUsage, adding: UnattachedUsage, userId?: string): void {
    const files = unattached.files + adding.files;
    const bytes = unattached.bytes + adding.bytes;
    const { unattachedMaxFiles: maxFiles, unattachedMaxBytes: maxBytes } = this.limits;
    if (files > maxFiles || bytes > maxBytes) {
      if (userId !== undefined) this.remember(this.refusals, userId, { tokens: 0, at: this.now() });
      throw new AppError(
        'UPLOAD_QUOTA_EXCEEDED',
        `file: at most ${maxFiles} files and ${Math.floor(maxBytes / MiB)} MiB may wait unattached to an application; use or wait for the uploads already made`,
        409,
        { field: 'file', maxFiles, maxBytes, files: unattached.files, bytes: unattached.bytes },
      );
    }
  }

  /**
   * The user was refused over quota within {@link QUOTA_REFUSAL_MEMORY_MS}: their next upload reads the quota before
   * the file is stored (for anyone else the check is part of the upload's write, after storing).
   */
  refusedLately(userId: string): boolean {
    const at = this.refusals.get(userId)?.at;
    if (at === undefined) return false;
    if (this.now() - at <= QUOTA_REFUSAL_MEMORY_MS) return true;
    this.refusals.delete(userId);
    return false;
  }

  /** Users refused over quota, with the time (only `at` is used). */
  private readonly refusals = new Map<string, { tokens: number; at: number }>();

  private remember(
    map: Map<string, { tokens: number; at: number }>,
    userId: string,
    bucket: { tokens: number; at: number },
  ): void {
    map.delete(userId);
    map.set(userId, bucket);
    // Forget the least recently seen users beyond the cap (a full bucket is what a forgotten user gets anyway).
    while (map.size > MAX_TRACKED_USERS) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}
