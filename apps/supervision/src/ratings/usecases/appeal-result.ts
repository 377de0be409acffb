import type { AppealInput, Rectification as RectificationView } from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { AppError } from '@hall/platform';
import { SupervisionErrorCode, conflict } from '../../supervision.errors.js';
import type { RatingRepository } from '../rating.repository.js';
import { moveRectification, type RectificationStore } from './rectification-state.js';

export type AppealStore = RectificationStore & Pick<RatingRepository, 'rating' | 'rectificationOfRating'>;

/** 申诉: the applicant who rated disputes the rectification result. */
export class AppealResult {
  constructor(
    private readonly repo: AppealStore,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, ratingId: string, input: AppealInput): Promise<RectificationView> {
    const rating = await this.repo.rating(ratingId);
    if (rating === null || rating.raterUserId !== user.id) throw AppError.notFound('rating', ratingId);
    const r = await this.repo.rectificationOfRating(ratingId);
    if (r === null)
      throw conflict(
        SupervisionErrorCode.AppealState,
        'only a bad rating with a rectification can be appealed',
      );
    return moveRectification(
      this.repo,
      r.id,
      ['rectified'],
      { status: 'appealed', appealReason: input.reason, appealedAt: this.clock.now() },
      'appeal',
    );
  }
}
