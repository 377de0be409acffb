import type { IntakeStore } from '../intake.store.js';
import { loadApplication, type ApplicationRow } from './application-record.js';

export interface DecisionFilter {
  region?: string;
  outcome?: 'approved' | 'denied';
  page: number;
  pageSize: number;
}

/**
 * Reads of the application aggregate (办件, its status history, notices and material files) for the routes that
 * only read. State changes go through the services' transactions (commitTransition).
 */
export class ApplicationRepository {
  constructor(private readonly store: IntakeStore) {}

  /** The application, or 404 NOT_FOUND. */
  load(no: string): Promise<ApplicationRow> {
    return loadApplication(this.store.prisma, no);
  }

  /** The application, or null. */
  find(no: string): Promise<ApplicationRow | null> {
    return this.store.prisma.application.findUnique({ where: { no } });
  }

  /** Its status history, oldest first. */
  history(no: string) {
    return this.store.prisma.statusHistory.findMany({ where: { applicationNo: no }, orderBy: { id: 'asc' } });
  }

  /** One notice of the application (null when it has no notice with this id). */
  notice(no: string, id: string) {
    return this.store.prisma.notice.findFirst({ where: { id, applicationNo: no } });
  }

  /** Whether the department has an approval task on the application (approval's events, kept by intake). */
  async hasTask(no: string, departmentCode: string): Promise<boolean> {
    const row = await this.store.prisma.applicationTaskDepartment.findUnique({
      where: { applicationNo_departmentCode: { applicationNo: no, departmentCode } },
    });
    return row !== null;
  }

  /** One uploaded file attached to the application (null when it has no file with this id). */
  materialFile(no: string, fileId: string) {
    return this.store.prisma.uploadedFile.findFirst({ where: { id: fileId, applicationNo: no } });
  }

  /** Records one download of a material file (who, as what, when). */
  async recordMaterialAccess(entry: {
    applicationNo: string;
    fileId: string;
    actorId: string;
    actorName: string;
    actorRoles: string;
    relation: string;
    at: Date;
  }): Promise<void> {
    await this.store.prisma.materialAccess.create({ data: entry });
  }

  /** 双公示: decided applications, newest decision first, with the matching count. */
  async decisions(filter: DecisionFilter) {
    const where = {
      decidedAt: { not: null },
      decisionOutcome: filter.outcome ? filter.outcome : { not: null },
      ...(filter.region ? { regionCode: filter.region } : {}),
    };
    const [total, rows] = await Promise.all([
      this.store.prisma.application.count({ where }),
      this.store.prisma.application.findMany({
        where,
        orderBy: { decidedAt: 'desc' },
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      }),
    ]);
    return { total, rows };
  }
}
