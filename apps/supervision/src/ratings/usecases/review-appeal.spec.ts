import { chinaCalendar, ManualClock } from '@hall/calendar';
import {
  OFFICER,
  rectificationRow,
  rectificationStore,
} from '../../../test/factories/rating-rows.factory.js';
import { ReviewAppeal } from './review-appeal.js';

describe('ReviewAppeal (复核)', () => {
  const clock = new ManualClock('2026-09-28T02:00:00Z');
  const calendar = { current: () => chinaCalendar };
  const review = (repo: ReturnType<typeof rectificationStore>) =>
    new ReviewAppeal(repo, calendar, clock, { rectificationDays: 5 });

  it('an upheld appeal reopens the rectification for another round with a new deadline', async () => {
    const repo = rectificationStore(rectificationRow({ status: 'appealed', round: 1 }));
    const view = await review(repo).execute(OFFICER, '3301', 'rect-1', {
      upheld: true,
      conclusion: '申诉成立',
    });
    expect(view.status).toBe('open');
    expect(repo.moves[0]?.data).toMatchObject({
      status: 'open',
      round: 2,
      reviewOutcome: 'upheld',
      dueAt: chinaCalendar.deadline(new Date('2026-09-28T02:00:00Z'), 5),
      result: null,
    });
  });

  it('a dismissed appeal closes it; a rectification not under appeal is refused (409)', async () => {
    const repo = rectificationStore(rectificationRow({ status: 'appealed' }));
    await review(repo).execute(OFFICER, '3301', 'rect-1', { upheld: false, conclusion: '申诉不成立' });
    expect(repo.moves[0]?.data).toMatchObject({ status: 'closed', reviewOutcome: 'dismissed' });
    const open = rectificationStore(rectificationRow({ status: 'open' }));
    await expect(
      review(open).execute(OFFICER, '3301', 'rect-1', { upheld: false, conclusion: 'x' }),
    ).rejects.toMatchObject({ status: 409 });
  });
});
