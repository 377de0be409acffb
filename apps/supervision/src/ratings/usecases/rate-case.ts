import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApplicationDelivered, type RatingGiven, type RatingInput } from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { CalendarService } from '../../calendar/calendar.service.js';
import type { SupervisionSettings } from '../../config/supervision.settings.js';
import { Prisma, type SupervisedCase } from '../../generated/prisma/client.js';
import { SupervisionErrorCode, conflict } from '../../supervision.errors.js';
import { gradeOf, ratingGiven } from '../rating-labels.js';
import type { RatingRepository } from '../rating.repository.js';

const StoredWindowRating = z.object({
  windowRating: z.object({ codeHash: z.string().regex(/^[0-9a-f]{64}$/), expiresAt: z.string() }),
});

/** A unique-constraint violation, as Prisma reports it through either driver adapter (pg: P2002; PGlite: SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return true;
  const cause = err instanceof Error ? err.cause : undefined;
  const text =
    err instanceof Error
      ? `${err.message} ${cause instanceof Error ? cause.message : JSON.stringify(cause ?? null)}`
      : '';
  return /23505|unique constraint/i.test(text);
}

/** The fields of a case row a rating is checked against and copies. */
export type RatableCase = Pick<
  SupervisedCase,
  | 'applicationNo'
  | 'applicantUserId'
  | 'applicantName'
  | 'regionCode'
  | 'departmentCode'
  | 'itemName'
  | 'status'
  | 'completedAt'
>;

export type RateCaseStore = Pick<
  RatingRepository,
  'payloadsOf' | 'create' | 'rating' | 'rectificationOfRating'
> & {
  caseOf(applicationNo: string): Promise<RatableCase | null>;
};

/**
 * 好差评, 一事一评 per channel. The applicant rates online with their own token (channel `web`, in their name, may
 * appeal). A window clerk of the case's region records a window rating (channel `window`, 评价器) only with the
 * one-time code intake handed out at the case's window pickup (its hash came with `intake.application.delivered`):
 * proof that the applicant was present. It is labelled as given at the window, is not in the applicant's name (no
 * appeal) and never blocks the applicant's own online rating. A bad rating (4–5) opens a rectification (整改).
 */
export class RateCase {
  constructor(
    private readonly repo: RateCaseStore,
    private readonly calendar: Pick<CalendarService, 'current'>,
    private readonly clock: Clock,
    private readonly settings: Pick<SupervisionSettings, 'rectificationDays'>,
  ) {}

  async execute(user: CurrentUser, input: RatingInput): Promise<RatingGiven> {
    const c = await this.repo.caseOf(input.applicationNo);
    const isApplicant = user.roles.includes('applicant') && c !== null && c.applicantUserId === user.id;
    // The window of the case's own region (a city's window does not handle its districts' cases, as in intake).
    const isWindow =
      user.roles.includes('clerk') && c !== null && user.region !== undefined && c.regionCode === user.region;
    if (c === null || (!isApplicant && !isWindow)) throw AppError.notFound('case', input.applicationNo);
    const channel = isApplicant ? 'web' : 'window';
    if (channel === 'window') {
      if (input.windowRatingCode === undefined) {
        throw new AppError(
          SupervisionErrorCode.WindowRatingCodeRequired,
          "windowRatingCode: a window rating needs the one-time code of the case's window pickup (评价器)",
          422,
          { field: 'windowRatingCode' },
        );
      }
      await this.assertWindowRatingCode(c.applicationNo, input.windowRatingCode);
    }
    if (c.completedAt === null)
      throw conflict(
        SupervisionErrorCode.NotCompleted,
        `case ${c.applicationNo} is not completed (办结) yet`,
        { status: c.status },
      );
    const now = this.clock.now();
    const grade = gradeOf(input.level);
    const id = randomUUID();
    try {
      await this.repo.create(
        {
          id,
          applicationNo: c.applicationNo,
          level: input.level,
          grade,
          comment: input.comment ?? null,
          channel,
          // Only the applicant's own rating is in their name (and may be appealed); a window rating is the device's.
          raterUserId: channel === 'web' ? c.applicantUserId : null,
          raterName: c.applicantName,
          recordedBy: user.id,
          applicantPresent: channel === 'window',
          ratedAt: now,
          regionCode: c.regionCode,
          departmentCode: c.departmentCode,
          itemName: c.itemName,
        },
        grade === 'bad'
          ? {
              id: randomUUID(),
              ratingId: id,
              applicationNo: c.applicationNo,
              departmentCode: c.departmentCode,
              regionCode: c.regionCode,
              status: 'open',
              openedAt: now,
              dueAt: this.calendar.current().deadline(now, this.settings.rectificationDays),
              callbacks: [],
            }
          : null,
      );
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw conflict(
          SupervisionErrorCode.AlreadyRated,
          `case ${c.applicationNo} is already rated ${channel === 'web' ? 'online by its applicant' : 'at the window'} (一事一评)`,
          { channel },
        );
      }
      throw err;
    }
    return ratingGiven(this.repo, id);
  }

  /** The code must hash to the one of a window pickup of this case (`intake.application.delivered`), before it expires. */
  private async assertWindowRatingCode(applicationNo: string, code: string): Promise<void> {
    const hash = createHash('sha256').update(code).digest();
    const deliveries = await this.repo.payloadsOf(applicationNo, ApplicationDelivered.type);
    const now = this.clock.now();
    const proven = deliveries.some((e) => {
      // Only the window rating part is read (stored payloads keep personal fields sealed).
      const p = StoredWindowRating.safeParse(e);
      const w = p.success ? p.data.windowRating : undefined;
      return (
        w !== undefined &&
        new Date(w.expiresAt) > now &&
        timingSafeEqual(Buffer.from(w.codeHash, 'hex'), hash)
      );
    });
    if (!proven) {
      throw new AppError(
        SupervisionErrorCode.WindowRatingCodeInvalid,
        "windowRatingCode: not the code of this case's window pickup, or expired",
        403,
        { field: 'windowRatingCode' },
      );
    }
  }
}
