import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { listJointCases } from './joint-cases.repository.js';
import type { JointCasePage, JointCasesQuery } from '@hall/contracts';

/** The government head's list of joint cases (read side of the art. 42 ¶2 extension). */
export class JointCasesService {
  constructor(private readonly ctx: ApprovalContext) {}

  async list(officer: Officer, q: JointCasesQuery): Promise<JointCasePage> {
    const { rows, total } = await listJointCases(
      this.ctx.store.prisma,
      officer,
      this.ctx.jointKinds,
      q.page,
      q.pageSize,
    );
    const now = this.ctx.clock.now();
    return {
      region: officer.region,
      page: q.page,
      pageSize: q.pageSize,
      total,
      items: rows.map((r) => ({
        id: r.id,
        applicationNo: r.applicationNo,
        itemName: r.itemName,
        regionCode: r.regionCode,
        status: r.status,
        jointKind: r.jointKind,
        leadDepartmentCode: r.leadDepartmentCode,
        decidingDepartmentCode: r.decidingDepartmentCode,
        departmentCodes: r.departmentCodes,
        acceptedAt: r.acceptedAt.toISOString(),
        clocks: {
          promisedDueAt: r.promisedDueAt.toISOString(),
          legalDueAt: r.legalDueAt.toISOString(),
          extensionDays: r.extensionDays,
          legalWorkingDaysLeft: this.ctx.caseClock.workingDaysLeft(now, r.legalDueAt),
          paused: r.status === 'suspended',
        },
        extension: {
          used: r.extensions,
          max: this.ctx.maxExtensions,
          days: this.ctx.jointExtensionDays,
          allowed: r.extensions < this.ctx.maxExtensions,
        },
      })),
    };
  }
}
