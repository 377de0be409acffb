import { createHash } from 'node:crypto';
import { MATERIAL_MAX_BYTES } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { UploadGate } from '../files/upload-limits.js';
import { IntakeErrorCode } from '../intake.errors.js';

const MiB = 1024 * 1024;

/**
 * Attachments of an anonymous 咨询 (no login, 查询码): the files come in the same multipart request as the question
 * (`POST /api/intake/public/enquiries/with-files`), so nothing is uploaded that no enquiry holds. Limits per client
 * IP (there is no user): a rate of such requests, and a quota of files and bytes over the last 24 hours. Each file
 * passes intake's upload checks (type from the bytes: PDF/JPEG/PNG; ≤ MATERIAL_MAX_BYTES; a plain file name).
 */
export interface AnonymousAttachmentLimits {
  /** Files in one request. */
  readonly maxFiles: number;
  /** Requests with files per IP: a burst, then refilled at `ratePerHour`. */
  readonly rateBurst: number;
  readonly ratePerHour: number;
  /** Files and bytes one IP may leave in the last 24 hours. */
  readonly dayMaxFiles: number;
  readonly dayMaxBytes: number;
}

export const DEFAULT_ANONYMOUS_ATTACHMENT_LIMITS: AnonymousAttachmentLimits = Object.freeze({
  maxFiles: 3,
  rateBurst: 5,
  ratePerHour: 10,
  dayMaxFiles: 20,
  dayMaxBytes: 50 * MiB,
});

const positiveInt = z.coerce.number().int().positive();
const Env = z.object({
  ENQUIRY_ANON_MAX_FILES: positiveInt.max(5).optional(),
  ENQUIRY_ANON_UPLOAD_BURST: positiveInt.optional(),
  ENQUIRY_ANON_UPLOADS_PER_HOUR: positiveInt.optional(),
  ENQUIRY_ANON_DAY_MAX_FILES: positiveInt.optional(),
  ENQUIRY_ANON_DAY_MAX_MB: positiveInt.optional(),
});

/** The defaults with the `ENQUIRY_ANON_*` environment variables applied (a malformed value fails the start). */
export function anonymousAttachmentLimitsFromEnv(env: NodeJS.ProcessEnv): AnonymousAttachmentLimits {
  const e = Env.parse(
    Object.fromEntries(
      Object.entries(env).filter(([k, v]) => k.startsWith('ENQUIRY_ANON_') && v !== undefined && v !== ''),
    ),
  );
  const d = DEFAULT_ANONYMOUS_ATTACHMENT_LIMITS;
  return {
    maxFiles: e.ENQUIRY_ANON_MAX_FILES ?? d.maxFiles,
    rateBurst: e.ENQUIRY_ANON_UPLOAD_BURST ?? d.rateBurst,
    ratePerHour: e.ENQUIRY_ANON_UPLOADS_PER_HOUR ?? d.ratePerHour,
    dayMaxFiles: e.ENQUIRY_ANON_DAY_MAX_FILES ?? d.dayMaxFiles,
    dayMaxBytes: e.ENQUIRY_ANON_DAY_MAX_MB === undefined ? d.dayMaxBytes : e.ENQUIRY_ANON_DAY_MAX_MB * MiB,
  };
}

/** The owner recorded for an anonymous asker's files: a digest of the client IP (the IP itself is not kept). */
export const ANONYMOUS_OWNER_PREFIX = 'anonymous-ip:';
export function anonymousOwnerOf(ip: string): string {
  return `${ANONYMOUS_OWNER_PREFIX}${createHash('sha256').update(`intake.enquiry.anonymous:${ip}`).digest('hex').slice(0, 32)}`;
}
export const isAnonymousOwner = (owner: string): boolean => owner.startsWith(ANONYMOUS_OWNER_PREFIX);

/** Per-IP gate of anonymous attachments: the rate (in memory, per instance) and the 24-hour quota check. */
export class AnonymousAttachmentGate {
  private readonly rate: UploadGate;

  constructor(
    readonly limits: AnonymousAttachmentLimits,
    now?: () => number,
  ) {
    this.rate = new UploadGate(
      {
        rateBurst: limits.rateBurst,
        ratePerMinute: limits.ratePerHour / 60,
        unattachedMaxFiles: limits.dayMaxFiles,
        unattachedMaxBytes: limits.dayMaxBytes,
        unattachedTtlMs: 24 * 3600 * 1000,
      },
      now,
    );
  }

  /** One request with files from this owner, or UPLOAD_RATE_LIMITED (429, `retryAfterSeconds`). */
  takeRate(owner: string): void {
    this.rate.takeRate(owner);
  }

  /** UPLOAD_QUOTA_EXCEEDED (409) when the owner's files of the last 24 hours plus `adding` pass the quota. */
  checkQuota(used: { files: number; bytes: number }, adding: { files: number; bytes: number }): void {
    const { dayMaxFiles: maxFiles, dayMaxBytes: maxBytes } = this.limits;
    if (used.files + adding.files > maxFiles || used.bytes + adding.bytes > maxBytes)
      throw new AppError(
        'UPLOAD_QUOTA_EXCEEDED',
        `files: at most ${maxFiles} files and ${Math.floor(maxBytes / MiB)} MiB may be sent without login from one address in 24 hours`,
        409,
        { field: 'files', maxFiles, maxBytes, files: used.files, bytes: used.bytes },
      );
  }

  /** ENQUIRY_ATTACHMENTS_TOO_MANY (422) past `maxFiles` in one request. */
  tooMany(): AppError {
    return new AppError(
      IntakeErrorCode.EnquiryAttachmentsTooMany,
      `files: at most ${this.limits.maxFiles} files may come with an anonymous consultation`,
      422,
      { field: 'files', maxFiles: this.limits.maxFiles },
    );
  }
}

export { MATERIAL_MAX_BYTES };
