import type { CurrentUser } from '@hall/auth';
import type { Rating, Rectification } from '../../src/generated/prisma/client.js';
import type { RatableCase } from '../../src/ratings/usecases/rate-case.js';

/** Rows as the rating repository returns them, for use-case specs with stubbed repositories. */
export function ratableCase(over: Partial<RatableCase> = {}): RatableCase {
  return {
    applicationNo: '330106-20260914-000001',
    applicantUserId: 'applicant-1',
    applicantName: '李四',
    regionCode: '330106',
    departmentCode: 'market-regulation',
    itemName: '食品经营许可',
    status: 'completed',
    completedAt: new Date('2026-09-18T03:10:00Z'),
    ...over,
  };
}

export function ratingRow(over: Partial<Rating> = {}): Rating {
  return {
    id: 'rating-1',
    applicationNo: '330106-20260914-000001',
    level: 5,
    grade: 'bad',
    comment: null,
    channel: 'web',
    raterUserId: 'applicant-1',
    raterName: '李四',
    recordedBy: 'applicant-1',
    applicantPresent: false,
    ratedAt: new Date('2026-09-21T02:00:00Z'),
    regionCode: '330106',
    departmentCode: 'market-regulation',
    itemName: '食品经营许可',
    ...over,
  };
}

export function rectificationRow(over: Partial<Rectification> = {}): Rectification {
  return {
    id: 'rect-1',
    ratingId: 'rating-1',
    applicationNo: '330106-20260914-000001',
    departmentCode: 'market-regulation',
    regionCode: '330106',
    status: 'open',
    round: 1,
    openedAt: new Date('2026-09-21T02:00:00Z'),
    dueAt: new Date('2026-09-28T02:00:00Z'),
    callbacks: [],
    result: null,
    resultAt: null,
    resultBy: null,
    appealReason: null,
    appealedAt: null,
    reviewOutcome: null,
    reviewConclusion: null,
    reviewedAt: null,
    reviewedBy: null,
    ...over,
  };
}

/**
 * A stubbed rectification store over one row: `transition` moves it when its status is one of `from`; the case
 * was taken in at `takenInRegion` (a township or village point) when given.
 */
export function rectificationStore(row: Rectification, takenInRegion: string | null = null) {
  const moves: { id: string; from: string[]; data: Record<string, unknown> }[] = [];
  return {
    moves,
    caseOf: (applicationNo: string) =>
      Promise.resolve(
        applicationNo === row.applicationNo ? { regionCode: row.regionCode, takenInRegion } : null,
      ),
    rectification: (id: string): Promise<Rectification | null> => Promise.resolve(id === row.id ? row : null),
    transition: (
      id: string,
      from: string[],
      data: Record<string, unknown>,
    ): Promise<Rectification | null> => {
      moves.push({ id, from, data });
      const status = typeof data['status'] === 'string' ? data['status'] : row.status;
      return Promise.resolve(id === row.id && from.includes(row.status) ? { ...row, status } : null);
    },
  };
}

/** A signed-in user as the guard hands it to a use case. */
export function userOf(over: Partial<CurrentUser> & Pick<CurrentUser, 'id' | 'roles'>): CurrentUser {
  return { username: over.id, name: over.id, tokenExp: 2_000_000_000, ...over };
}

export const OFFICER = userOf({ id: 'officer-1', name: '王芳', roles: ['supervisor'] });
export const APPLICANT = userOf({ id: 'applicant-1', name: '李四', roles: ['applicant'] });
