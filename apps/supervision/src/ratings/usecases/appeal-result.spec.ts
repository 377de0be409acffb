import { ManualClock } from '@hall/calendar';
import {
  APPLICANT,
  ratingRow,
  rectificationRow,
  rectificationStore,
  userOf,
} from '../../../test/factories/rating-rows.factory.js';
import { AppealResult } from './appeal-result.js';

describe('AppealResult (申诉)', () => {
  const clock = new ManualClock('2026-09-25T02:00:00Z');
  const storeWith = (status: string, hasRectification = true) => {
    const rect = rectificationStore(rectificationRow({ status }));
    return {
      ...rect,
      rating: (id: string) => Promise.resolve(id === 'rating-1' ? ratingRow() : null),
      rectificationOfRating: () => Promise.resolve(hasRectification ? rectificationRow({ status }) : null),
    };
  };

  it('lets the rater appeal a rectified result', async () => {
    const repo = storeWith('rectified');
    const view = await new AppealResult(repo, clock).execute(APPLICANT, 'rating-1', { reason: '问题未解决' });
    expect(view.status).toBe('appealed');
    expect(repo.moves[0]).toMatchObject({
      id: 'rect-1',
      from: ['rectified'],
      data: { status: 'appealed', appealReason: '问题未解决', appealedAt: new Date('2026-09-25T02:00:00Z') },
    });
  });

  it("hides someone else's rating (404) and refuses a rating without rectification (409)", async () => {
    const other = userOf({ id: 'someone-else', roles: ['applicant'] });
    await expect(
      new AppealResult(storeWith('rectified'), clock).execute(other, 'rating-1', { reason: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      new AppealResult(storeWith('rectified', false), clock).execute(APPLICANT, 'rating-1', { reason: 'x' }),
    ).rejects.toMatchObject({ status: 409 });
  });
});
