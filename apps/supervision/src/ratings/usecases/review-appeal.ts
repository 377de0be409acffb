import type { Rectification as RectificationView, ReviewInput } from '@hall/contracts';
import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import type { CalendarService } from '../../calendar/calendar.service.js';
import type { SupervisionSettings } from '../../config/supervision.settings.js';
import { moveRectification, rectificationInRegion, type RectificationStore } from './rectification-state.js';

/** 复核: a supervisor reviews the appeal; upheld reopens the rectification with a new deadline. */
export class ReviewAppeal {
  constructor(
    private readonly repo: RectificationStore,
    private readonly calendar: Pick<CalendarService, 'current'>,
    private readonly clock: Clock,
    private readonly settings: Pick<SupervisionSettings, 'rectificationDays'>,
  ) {}

  async execute(
    user: CurrentUser,
    regionPrefix: string,
    id: string,
    input: ReviewInput,
  ): Promise<RectificationView> {
    const r = await rectificationInRegion(this.repo, regionPrefix, id);
    const now = this.clock.now();
    const reviewed = {
      reviewOutcome: input.upheld ? 'upheld' : 'dismissed',
      reviewConclusion: input.conclusion,
      reviewedAt: now,
      reviewedBy: user.id,
    };
    return moveRectification(
      this.repo,
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
