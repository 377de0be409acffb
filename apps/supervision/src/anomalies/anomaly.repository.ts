import type { AnomalyListQuery } from '@hall/contracts';
import type { Anomaly, Prisma } from '../generated/prisma/client.js';
import type { SupervisionStore } from '../supervision.store.js';
import { rowOfCaseInScope } from '../access/scope.js';
import { casesTakenInScope } from '../access/scope.repository.js';

/** Reads of the anomalies the projection stored (written with the case, see case.repository.ts). */
export class AnomalyRepository {
  constructor(private readonly store: SupervisionStore) {}

  /** One page of the anomalies of a region, newest first, with the number of all that match. */
  async page(regionPrefix: string, q: AnomalyListQuery): Promise<{ total: number; rows: Anomaly[] }> {
    const where: Prisma.AnomalyWhereInput = {
      ...rowOfCaseInScope(regionPrefix, await casesTakenInScope(this.store.prisma, regionPrefix)),
      ...(q.rule !== undefined && { ruleNo: q.rule }),
      ...(q.dept !== undefined && { departmentCode: q.dept }),
      ...(q.applicationNo !== undefined && { applicationNo: q.applicationNo }),
    };
    const p = this.store.prisma;
    const [total, rows] = await Promise.all([
      p.anomaly.count({ where }),
      p.anomaly.findMany({
        where,
        orderBy: [{ at: 'desc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, rows };
  }
}
