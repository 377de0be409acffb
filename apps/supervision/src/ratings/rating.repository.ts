import type { RatingListQuery, RectificationListQuery } from '@hall/contracts';
import type { Prisma, Rating, Rectification, SupervisedCase } from '../generated/prisma/client.js';
import { rowOfCaseInScope } from '../access/scope.js';
import { casesTakenInScope } from '../access/scope.repository.js';
import type { SupervisionStore } from '../supervision.store.js';

/** Ratings (好差评) and the rectifications of bad ones (整改), with the case rows and pickups they are checked against. */
export class RatingRepository {
  constructor(private readonly store: SupervisionStore) {}

  caseOf(applicationNo: string): Promise<SupervisedCase | null> {
    return this.store.prisma.supervisedCase.findUnique({ where: { applicationNo } });
  }

  /** The stored payloads of the case's events of one type (e.g. its window pickups). */
  async payloadsOf(applicationNo: string, type: string): Promise<Prisma.JsonValue[]> {
    const rows = await this.store.prisma.timelineEntry.findMany({
      where: { caseNo: applicationNo, type },
      select: { payload: true },
    });
    return rows.map((r) => r.payload);
  }

  /** Stores a rating and, for a bad one, its rectification, together; a second rating of the same channel violates the unique key. */
  async create(
    rating: Prisma.RatingUncheckedCreateInput,
    rectification: Prisma.RectificationUncheckedCreateInput | null,
  ): Promise<void> {
    await this.store.messaging.transaction(async (tx) => {
      await tx.rating.create({ data: rating });
      if (rectification !== null) await tx.rectification.create({ data: rectification });
    });
  }

  rating(id: string): Promise<Rating | null> {
    return this.store.prisma.rating.findUnique({ where: { id } });
  }

  ratingOfChannel(applicationNo: string, channel: 'web' | 'window'): Promise<Rating | null> {
    return this.store.prisma.rating.findUnique({
      where: { applicationNo_channel: { applicationNo, channel } },
    });
  }

  /**
   * One page of a region's ratings, newest first, with the number of all that match: those of cases in the region's
   * reach (`rowOfCaseInScope`: the implementation's region, or taken in by a township or village point under it).
   */
  async page(regionPrefix: string, q: RatingListQuery): Promise<{ total: number; rows: Rating[] }> {
    const takenIn = await casesTakenInScope(this.store.prisma, regionPrefix);
    const where: Prisma.RatingWhereInput = {
      ...rowOfCaseInScope(regionPrefix, takenIn),
      ...(q.bad === '1' && { grade: 'bad' }),
      ...(q.grade !== undefined && { grade: q.grade }),
      ...(q.dept !== undefined && { departmentCode: q.dept }),
    };
    const p = this.store.prisma;
    const [total, rows] = await Promise.all([
      p.rating.count({ where }),
      p.rating.findMany({
        where,
        orderBy: [{ ratedAt: 'desc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, rows };
  }

  ratingsByIds(ids: string[]): Promise<Rating[]> {
    return this.store.prisma.rating.findMany({ where: { id: { in: ids } } });
  }

  rectification(id: string): Promise<Rectification | null> {
    return this.store.prisma.rectification.findUnique({ where: { id } });
  }

  rectificationOfRating(ratingId: string): Promise<Rectification | null> {
    return this.store.prisma.rectification.findUnique({ where: { ratingId } });
  }

  /** A region's rectifications (the cases in its reach, as `page`), earliest deadline first. */
  async rectifications(regionPrefix: string, q: RectificationListQuery): Promise<Rectification[]> {
    const takenIn = await casesTakenInScope(this.store.prisma, regionPrefix);
    return this.store.prisma.rectification.findMany({
      where: {
        ...rowOfCaseInScope(regionPrefix, takenIn),
        ...(q.status !== undefined && { status: q.status }),
        ...(q.dept !== undefined && { departmentCode: q.dept }),
      },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Applies `data` to the rectification only while it is in one of `from`; null when it was not (nothing changed). */
  async transition(
    id: string,
    from: string[],
    data: Prisma.RectificationUpdateManyMutationInput,
  ): Promise<Rectification | null> {
    const updated = await this.store.prisma.rectification.updateMany({
      where: { id, status: { in: from } },
      data,
    });
    return updated.count === 0 ? null : this.store.prisma.rectification.findUniqueOrThrow({ where: { id } });
  }
}
