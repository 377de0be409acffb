import type { DisclosureAnnualReport, Prisma } from '../generated/prisma/client.js';
import type { DisclosureDb, DisclosureTx } from '../disclosure.store.js';

// ——— 政府信息公开工作年度报告 (`disclosure_annual_report`) and the reads it counts from ———

export type ReportRow = DisclosureAnnualReport;

/** What the report counts of a request: its applicant, its dates, how it ended and its remedies. */
export interface ReportRequestRow {
  id: string;
  applicantKind: string;
  applicantIdType: string;
  /** commercial | research | public-welfare | legal-service | other-organisation; null for a person. */
  applicantOrgType: string | null;
  /** Decrypted by the PII extension; a USCC's first two characters classify a 法人或其他组织. */
  applicantIdNumber: string;
  submittedAt: Date;
  status: string;
  answerType: string | null;
  answer: Prisma.JsonValue;
  answeredAt: Date | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  feeYuan: number | null;
}

/**
 * The department's requests that touch the window [from, to): filed before its end and not concluded (answered or
 * withdrawn) before its start — new ones, carried-in ones and those concluded in it.
 */
export async function requestsTouching(
  db: DisclosureDb,
  departmentCode: string,
  from: Date,
  to: Date,
): Promise<ReportRequestRow[]> {
  return db.disclosureRequest.findMany({
    where: {
      departmentCode,
      submittedAt: { lt: to },
      AND: [
        { OR: [{ answeredAt: null }, { answeredAt: { gte: from } }] },
        { OR: [{ withdrawnAt: null }, { withdrawnAt: { gte: from } }] },
      ],
    },
    select: {
      id: true,
      applicantKind: true,
      applicantIdType: true,
      applicantOrgType: true,
      applicantIdNumber: true,
      submittedAt: true,
      status: true,
      answerType: true,
      answer: true,
      answeredAt: true,
      withdrawnAt: true,
      withdrawReason: true,
      feeYuan: true,
    },
    orderBy: { submittedAt: 'asc' },
  });
}

/** Remedies (行政复议 / 行政诉讼) of the department's requests filed within [fromDay, toDay] (China dates). */
export async function remediesFiled(
  db: DisclosureDb,
  departmentCode: string,
  fromDay: string,
  toDay: string,
): Promise<
  { requestId: string; kind: string; filedOn: string; outcome: string; decidedOn: string | null }[]
> {
  return db.disclosureRemedy.findMany({
    where: { filedOn: { gte: fromDay, lte: toDay }, request: { departmentCode } },
    select: { requestId: true, kind: true, filedOn: true, outcome: true, decidedOn: true },
    orderBy: [{ filedOn: 'asc' }, { recordedAt: 'asc' }],
  });
}

/** Remedies of the given requests (to tell a 复议后起诉 from a 未经复议直接起诉). */
export async function remediesOf(
  db: DisclosureDb,
  requestIds: readonly string[],
): Promise<{ requestId: string; kind: string; filedOn: string }[]> {
  if (requestIds.length === 0) return [];
  return db.disclosureRemedy.findMany({
    where: { requestId: { in: [...requestIds] } },
    select: { requestId: true, kind: true, filedOn: true },
  });
}

/** What the report counts of the department's items: kind and publication/withdrawal instants. */
export async function itemsPublishedBefore(
  db: DisclosureDb,
  departmentCode: string,
  to: Date,
): Promise<{ kind: string; publishedAt: Date | null; withdrawnAt: Date | null; topic: string }[]> {
  return db.disclosureItem.findMany({
    where: { departmentCode, publishedAt: { lt: to } },
    select: { kind: true, publishedAt: true, withdrawnAt: true, topic: true },
  });
}

export async function findReport(
  db: DisclosureDb,
  departmentCode: string,
  year: number,
): Promise<ReportRow | undefined> {
  return (
    (await db.disclosureAnnualReport.findUnique({
      where: { departmentCode_year: { departmentCode, year } },
    })) ?? undefined
  );
}

/** The report row locked until the transaction ends (one edit or publication at a time); undefined if none. */
export async function lockReport(
  tx: DisclosureTx,
  departmentCode: string,
  year: number,
): Promise<ReportRow | undefined> {
  await tx.$executeRawUnsafe(
    'SELECT 1 FROM "disclosure_annual_report" WHERE "department_code" = $1 AND "year" = $2 FOR UPDATE',
    departmentCode,
    year,
  );
  return findReport(tx, departmentCode, year);
}

export async function saveReport(
  tx: DisclosureTx,
  data: Prisma.DisclosureAnnualReportUncheckedCreateInput,
): Promise<void> {
  const { departmentCode, year, ...rest } = data;
  await tx.disclosureAnnualReport.upsert({
    where: { departmentCode_year: { departmentCode, year } },
    create: data,
    update: rest,
  });
}

export function reportsOf(db: DisclosureDb, departmentCode: string): Promise<ReportRow[]> {
  return db.disclosureAnnualReport.findMany({ where: { departmentCode }, orderBy: { year: 'desc' } });
}

/** Records the 主动公开 item of a published report, unless one is recorded already (a concurrent publication). */
export async function setReportItem(
  db: DisclosureDb,
  departmentCode: string,
  year: number,
  itemId: string,
): Promise<boolean> {
  const { count } = await db.disclosureAnnualReport.updateMany({
    where: { departmentCode, year, itemId: null, status: 'published' },
    data: { itemId },
  });
  return count === 1;
}
