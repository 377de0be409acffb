import { createHash } from 'node:crypto';
import { chinaCalendar, ManualClock } from '@hall/calendar';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  APPLICANT,
  ratableCase,
  ratingRow,
  rectificationRow,
  userOf,
} from '../../../test/factories/rating-rows.factory.js';
import { RateCase, type RatableCase } from './rate-case.js';

const CLERK = userOf({ id: 'clerk-1', name: '刘洋', roles: ['clerk'], region: '330106' });
const NO = '330106-20260914-000001';

function stubStore(c: RatableCase | null, pickups: Prisma.JsonValue[] = []) {
  const created: { rating: Prisma.RatingUncheckedCreateInput; rectification: unknown }[] = [];
  return {
    created,
    caseOf: () => Promise.resolve(c),
    payloadsOf: () => Promise.resolve(pickups),
    create: (rating: Prisma.RatingUncheckedCreateInput, rectification: unknown) => {
      created.push({ rating, rectification });
      return Promise.resolve();
    },
    rating: () => Promise.resolve(ratingRow({ level: created[0]?.rating.level ?? 1 })),
    rectificationOfRating: () =>
      Promise.resolve(created[0]?.rectification != null ? rectificationRow() : null),
  };
}

describe('RateCase (好差评)', () => {
  const clock = new ManualClock('2026-09-21T02:00:00Z');
  const rate = (repo: ReturnType<typeof stubStore>) =>
    new RateCase(repo, { current: () => chinaCalendar }, clock, { rectificationDays: 5 });

  it("stores the applicant's bad online rating in their name with a rectification due in 5 working days", async () => {
    const repo = stubStore(ratableCase());
    const given = await rate(repo).execute(APPLICANT, { applicationNo: NO, level: 5 });
    expect(given.rectification).not.toBeNull();
    expect(repo.created[0]?.rating).toMatchObject({
      channel: 'web',
      grade: 'bad',
      raterUserId: 'applicant-1',
    });
    expect(repo.created[0]?.rectification).toMatchObject({
      status: 'open',
      dueAt: chinaCalendar.deadline(new Date('2026-09-21T02:00:00Z'), 5),
    });
  });

  it('refuses a case not completed yet (409), and someone else’s case (404)', async () => {
    const running = stubStore(ratableCase({ completedAt: null, status: 'under-approval' }));
    await expect(rate(running).execute(APPLICANT, { applicationNo: NO, level: 1 })).rejects.toMatchObject({
      status: 409,
    });
    const other = stubStore(ratableCase({ applicantUserId: 'someone-else' }));
    await expect(rate(other).execute(APPLICANT, { applicationNo: NO, level: 1 })).rejects.toMatchObject({
      status: 404,
    });
    expect([...running.created, ...other.created]).toEqual([]);
  });

  it('a window rating needs the pickup code: a valid one is stored as the device’s, a wrong one is 403', async () => {
    const codeHash = createHash('sha256').update('123456').digest('hex');
    const pickup = { windowRating: { codeHash, expiresAt: '2026-09-30T00:00:00Z' } };
    const repo = stubStore(ratableCase(), [pickup]);
    await rate(repo).execute(CLERK, { applicationNo: NO, level: 1, windowRatingCode: '123456' });
    expect(repo.created[0]?.rating).toMatchObject({
      channel: 'window',
      raterUserId: null,
      applicantPresent: true,
    });
    expect(repo.created[0]?.rectification).toBeNull();
    await expect(
      rate(stubStore(ratableCase(), [pickup])).execute(CLERK, {
        applicationNo: NO,
        level: 1,
        windowRatingCode: '654321',
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
