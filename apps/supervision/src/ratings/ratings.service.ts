import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  ApplicationDelivered,
  type AppealInput,
  type CallbackInput,
  type MyRating,
  type MyRatingQuery,
  type MyRectification,
  type RatingGiven,
  type RatingInput,
  type RatingListQuery,
  type RatingPage,
  type Rectification as RectificationView,
  type RectificationList,
  type RectificationListQuery,
  type ResultInput,
  type ReviewInput,
} from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { Clock } from '@hall/calendar';
import type { CalendarService } from '../calendar/calendar.service.js';
import { toJson } from '../cases/case.repository.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import { Prisma, type Rectification } from '../generated/prisma/client.js';
import { SupervisionErrorCode, conflict } from '../supervision.errors.js';
import { ratingView, rectificationView } from '../views.js';
import type { SupervisionStore } from '../supervision.store.js';
import { RatingRepository } from './rating.repository.js';

/** 1 非常满意 … 5 非常不满意. */
export const RATING_LABELS: Readonly<Record<number, string>> = {
  1: '非常满意',
  2: '满意',
  3: '基本满意',
  4: '不满意',
  5: '非常不满意',
};

export function gradeOf(level: number): 'good' | 'medium' | 'bad' {
  return level <= 2 ? 'good' : level === 3 ? 'medium' : 'bad';
}

const StoredWindowRating = z.object({
  windowRating: z.object({ codeHash: z.string().regex(/^[0-9a-f]{64}$/), expiresAt: z.string() }),
});

/** How a rating was given: the applicant online, or on the window's rating device (评价器) at pickup. */
export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  web: '网上评价（申请人本人）',
  window: '窗口评价（评价器，现场取件时）',
};

/** A unique-constraint violation, as Prisma reports it through either driver adapter (pg: P2002; PGlite: SQLSTATE 23505). */
function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return true;
  const cause = err instanceof Error ? err.cause : undefined;
  const text =
    err instanceof Error
      ? `${err.message} ${cause instanceof Error ? cause.message : JSON.stringify(cause ?? null)}`
      : '';
  return /23505|unique constraint/i.test(text);
}

/**
 * What the applicant who rated sees of the rectification of their bad rating: its state, deadline, how many
 * callbacks were made, the result they may appeal (申诉) and the review's outcome; no officer identities.
 */
function applicantView(row: Rectification): MyRectification {
  const r = rectificationView(row);
  return {
    id: r.id,
    status: r.status,
    round: r.round,
    openedAt: r.openedAt,
    dueAt: r.dueAt,
    callbacks: r.callbacks.length,
    result: r.result,
    resultAt: r.resultAt,
    appealReason: r.appealReason,
    appealedAt: r.appealedAt,
    reviewOutcome: r.reviewOutcome,
    reviewConclusion: r.reviewConclusion,
    reviewedAt: r.reviewedAt,
  };
}

/** The zh-CN labels of a rating's level and channel. */
function labelsOf(r: { level: number; channel: string }): { label: string; channelLabel: string } {
  return {
    label: RATING_LABELS[r.level] ?? String(r.level),
    channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
  };
}

/** 好差评 and the rectification of bad ratings (整改, 回访, 申诉复核). */
export class RatingsService {
  private readonly repo: RatingRepository;

  constructor(
    store: SupervisionStore,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
  ) {
    this.repo = new RatingRepository(store);
  }

  /**
   * 一事一评 per channel. The applicant rates online with their own token (channel `web`, in their name, may appeal).
   * A window clerk of the case's region records a window rating (channel `window`, 评价器) only with the one-time
   * code intake handed out at the case's window pickup (its hash came with `intake.application.delivered`): proof
   * that the applicant was present. It is labelled as given at the window, is not in the applicant's name (no
   * appeal) and never blocks the applicant's own online rating.
   */
  async rate(user: CurrentUser, input: RatingInput): Promise<RatingGiven> {
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
    return this.getRating(id);
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

  /**
   * The applicant's own view for one case: whether it can be rated (办结) and their rating if given. 404 for a case
   * that is not theirs (or not known to supervision yet), like `rate`.
   */
  async mine(user: CurrentUser, q: MyRatingQuery): Promise<MyRating> {
    const c = await this.repo.caseOf(q.applicationNo);
    if (c === null || c.applicantUserId !== user.id) throw AppError.notFound('case', q.applicationNo);
    const r = await this.repo.ratingOfChannel(c.applicationNo, 'web');
    const w = await this.repo.ratingOfChannel(c.applicationNo, 'window');
    const rect = r ? await this.repo.rectificationOfRating(r.id) : null;
    return {
      applicationNo: c.applicationNo,
      completed: c.completedAt !== null,
      rating: r
        ? (({ id, level, label, grade, comment, ratedAt }) => ({
            id,
            level,
            label,
            grade,
            comment,
            ratedAt,
            rectification: rect ? applicantView(rect) : null,
          }))(ratingView(r, labelsOf(r)))
        : null,
      /** The window rating (评价器) of the case, if one was given at pickup: shown labelled, never in place of theirs. */
      windowRating: w
        ? (({ level, label, channelLabel, ratedAt }) => ({ level, label, channelLabel, ratedAt }))(
            ratingView(w, labelsOf(w)),
          )
        : null,
    };
  }

  private async getRating(id: string): Promise<RatingGiven> {
    const r = await this.repo.rating(id);
    if (r === null) throw new Error(`rating ${id} vanished after it was stored`);
    const rectification = await this.repo.rectificationOfRating(id);
    return {
      ...ratingView(r, labelsOf(r)),
      rectification: rectification === null ? null : rectificationView(rectification),
    };
  }

  async list(regionPrefix: string, q: RatingListQuery): Promise<RatingPage> {
    const { total, rows } = await this.repo.page(regionPrefix, q);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => ratingView(r, labelsOf(r))) };
  }

  async rectifications(regionPrefix: string, q: RectificationListQuery): Promise<RectificationList> {
    const now = this.clock.now();
    const rows = await this.repo.rectifications(regionPrefix, q);
    const ratings = new Map(
      (await this.repo.ratingsByIds(rows.map((r) => r.ratingId))).map((x) => [
        x.id,
        (({ level, label, comment, channel, raterName, ratedAt, itemName }) => ({
          level,
          label,
          comment,
          channel,
          raterName,
          ratedAt,
          itemName,
        }))(ratingView(x, labelsOf(x))),
      ]),
    );
    return {
      items: rows.map((r) => ({
        ...rectificationView(r),
        overdue: (r.status === 'open' || r.status === 'called-back') && now.getTime() > r.dueAt.getTime(),
        rating: ratings.get(r.ratingId) ?? null,
      })),
    };
  }

  private async rectification(regionPrefix: string, id: string) {
    const r = await this.repo.rectification(id);
    if (r === null || !r.regionCode.startsWith(regionPrefix)) throw AppError.notFound('rectification', id);
    return r;
  }

  /** Moves a rectification from one of `from` to a new state; 409 with nothing changed otherwise. */
  private async transition(
    id: string,
    from: string[],
    data: Prisma.RectificationUpdateManyMutationInput,
    action: string,
  ): Promise<RectificationView> {
    const updated = await this.repo.transition(id, from, data);
    if (updated === null)
      throw conflict(
        SupervisionErrorCode.RectificationState,
        `rectification ${id}: ${action} is not allowed in its current state`,
        { allowedFrom: from },
      );
    return rectificationView(updated);
  }

  async callback(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: CallbackInput,
  ): Promise<RectificationView> {
    const r = await this.rectification(regionPrefix, id);
    const callbacks = [
      ...(Array.isArray(r.callbacks) ? r.callbacks : []),
      { ...input, at: this.clock.now().toISOString(), by: user.id, byName: user.name },
    ];
    return this.transition(
      id,
      ['open', 'called-back'],
      { status: 'called-back', callbacks: toJson(callbacks) },
      'callback',
    );
  }

  async result(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: ResultInput,
  ): Promise<RectificationView> {
    await this.rectification(regionPrefix, id);
    // Every real-name bad rating is called back before its rectification is closed.
    return this.transition(
      id,
      ['called-back'],
      { status: 'rectified', result: input.result, resultAt: this.clock.now(), resultBy: user.id },
      'result (needs a callback first)',
    );
  }

  /** 申诉: the applicant who rated disputes the rectification result. */
  async appeal(user: CurrentUser, ratingId: string, input: AppealInput): Promise<RectificationView> {
    const rating = await this.repo.rating(ratingId);
    if (rating === null || rating.raterUserId !== user.id) throw AppError.notFound('rating', ratingId);
    const r = await this.repo.rectificationOfRating(ratingId);
    if (r === null)
      throw conflict(
        SupervisionErrorCode.AppealState,
        'only a bad rating with a rectification can be appealed',
      );
    return this.transition(
      r.id,
      ['rectified'],
      { status: 'appealed', appealReason: input.reason, appealedAt: this.clock.now() },
      'appeal',
    );
  }

  /** 复核: a supervisor reviews the appeal; upheld reopens the rectification with a new deadline. */
  async review(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: ReviewInput,
  ): Promise<RectificationView> {
    const r = await this.rectification(regionPrefix, id);
    const now = this.clock.now();
    const reviewed = {
      reviewOutcome: input.upheld ? 'upheld' : 'dismissed',
      reviewConclusion: input.conclusion,
      reviewedAt: now,
      reviewedBy: user.id,
    };
    return this.transition(
      id,
      ['appealed'],
      input.upheld
        ? {
            ...reviewed,
            status: 'open',
            round: r.round + 1,
            dueAt: this.calendar.current().deadline(now, this.settings.rectificationDays),
            result: null,
            resultAt: null,
            resultBy: null,
          }
        : { ...reviewed, status: 'closed' },
      'review',
    );
  }
}
