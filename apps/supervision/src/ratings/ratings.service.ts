import type {
  MyRating,
  MyRatingQuery,
  MyRectification,
  RatingListQuery,
  RatingPage,
  RectificationList,
  RectificationListQuery,
} from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import type { Rectification } from '../generated/prisma/client.js';
import { ratingView, rectificationView } from '../views.js';
import { labelsOf } from './rating-labels.js';
import type { RatingRepository } from './rating.repository.js';

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

/**
 * The read side of 好差评 and of the rectification of bad ratings (整改, 回访, 申诉复核). Each write is a use case
 * of its own under `usecases/` (rate, callback, result, appeal, review).
 */
export class RatingsService {
  constructor(
    private readonly repo: RatingRepository,
    private readonly clock: Clock,
  ) {}

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
}
