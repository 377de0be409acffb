import { createHash } from 'node:crypto';
import { ImplementationPublished, type ImplementationSnapshot } from '@hall/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import type { SupervisionDb, SupervisionTx } from '../supervision.store.js';
import { applyMonthlyDelta, type MonthlyInput } from '../stats/monthly.js';
import type { CaseProjection, StoredEvent } from './case.projection.js';

/** Plain JSON for Prisma Json columns (dates become ISO strings). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Serialises work on one case across consumers and the evaluator (transaction-scoped advisory lock). */
export async function lockCase(tx: SupervisionTx, applicationNo: string): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`,
    `case:${applicationNo}`,
  );
}

/** What the projection row held before a re-projection: the monthly report's inputs and the row-set digests. */
export interface ProjectedBefore extends MonthlyInput {
  tasksDigest: string | null;
  clocksDigest: string | null;
  anomaliesDigest: string | null;
}

/** A case as a re-projection starts from: its whole stored history and its projection row (null for a new case). */
export interface CaseInHand {
  history: StoredEvent[];
  before: ProjectedBefore | null;
}

/**
 * The case's history and its projection row. Called after `lockCase`, so it reads every entry committed before the
 * lock, this transaction's own too. The history goes through the client (its PII extension opens the payloads).
 */
export async function loadCase(tx: SupervisionTx, applicationNo: string): Promise<CaseInHand> {
  const history = await tx.timelineEntry.findMany({
    where: { caseNo: applicationNo },
    select: { eventId: true, type: true, occurredAt: true, payload: true },
  });
  const before = await tx.supervisedCase.findUnique({
    where: { applicationNo },
    select: {
      regionCode: true,
      departmentCode: true,
      receivedAt: true,
      acceptedAt: true,
      completedAt: true,
      decidedAt: true,
      closedAt: true,
      onTime: true,
      tasksDigest: true,
      clocksDigest: true,
      anomaliesDigest: true,
    },
  });
  return { history, before };
}

/** A digest of a projected row set (order as projected: the projection is deterministic). */
function digestOf(rows: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}

/**
 * Replaces the case's projection rows (case, tasks, clocks, anomalies) with `projection`, and moves its counts in
 * the monthly per-department report from the previous row (`before`, read by `loadCase`) to the new one. A task,
 * clock or anomaly set whose digest is the one stored with the case is left as it is; a new case has no rows to
 * delete. Returns whether the clocks or anomalies changed (or the case is new): the case's alerts follow from
 * those alone, so when neither changed they are as the last re-projection left them.
 */
export async function saveProjection(
  tx: SupervisionTx,
  p: CaseProjection,
  before: ProjectedBefore | null,
): Promise<boolean> {
  const no = p.caseRow.applicationNo;
  const tasks = p.tasks.map((t) => ({ ...t, officials: toJson(t.officials) }));
  const clocks = p.clocks.map((c) => ({ ...c, pauses: toJson(c.pauses) }));
  const digests = {
    tasksDigest: digestOf(tasks),
    clocksDigest: digestOf(clocks),
    anomaliesDigest: digestOf(p.anomalies),
  };
  const row = {
    ...p.caseRow,
    pauses: toJson(p.caseRow.pauses),
    extensions: toJson(p.caseRow.extensions),
    licenceIdentifiers: toJson(p.caseRow.licenceIdentifiers),
    ...digests,
  };
  await tx.supervisedCase.upsert({ where: { applicationNo: no }, create: row, update: row });
  await applyMonthlyDelta(tx, before, p.caseRow);
  if (before?.tasksDigest !== digests.tasksDigest) {
    if (before !== null) await tx.caseTask.deleteMany({ where: { applicationNo: no } });
    if (tasks.length > 0) await tx.caseTask.createMany({ data: tasks });
  }
  if (before?.clocksDigest !== digests.clocksDigest) {
    if (before !== null) await tx.caseClock.deleteMany({ where: { applicationNo: no } });
    if (clocks.length > 0) await tx.caseClock.createMany({ data: clocks });
  }
  if (before?.anomaliesDigest !== digests.anomaliesDigest) {
    if (before !== null) await tx.anomaly.deleteMany({ where: { applicationNo: no } });
    if (p.anomalies.length > 0) await tx.anomaly.createMany({ data: p.anomalies });
  }
  return (
    before === null ||
    before.clocksDigest !== digests.clocksDigest ||
    before.anomaliesDigest !== digests.anomaliesDigest
  );
}

/** One stored event as the consumer received it; a redelivered one (same event id) is skipped. */
export async function appendTimelineEntry(
  tx: SupervisionTx,
  entry: Prisma.TimelineEntryCreateManyInput,
): Promise<void> {
  await tx.timelineEntry.createMany({ data: [entry], skipDuplicates: true });
}

export async function upsertImplementationInfo(tx: SupervisionTx, s: ImplementationSnapshot): Promise<void> {
  const data = {
    itemName: s.baseItem.name,
    itemType: s.baseItem.type,
    bodyName: s.implementingBody.name,
    departmentCode: s.implementingBody.departmentCode,
  };
  await tx.implementationInfo.upsert({
    where: { code_version: { code: s.implementationCode, version: s.version } },
    create: { code: s.implementationCode, version: s.version, ...data },
    update: data,
  });
}

/** Empties every projection table (cases, tasks, clocks, anomalies, monthly report, implementation read model). */
export async function clearProjections(tx: SupervisionTx): Promise<void> {
  await tx.caseTask.deleteMany({});
  await tx.caseClock.deleteMany({});
  await tx.anomaly.deleteMany({});
  await tx.supervisedCase.deleteMany({});
  await tx.monthlyDepartmentStat.deleteMany({});
  await tx.implementationInfo.deleteMany({});
}

/** The payloads of every stored implementation publication, oldest first. */
export async function publishedImplementations(db: SupervisionDb): Promise<unknown[]> {
  const rows = await db.timelineEntry.findMany({
    where: { type: ImplementationPublished.type },
    select: { payload: true },
    orderBy: { occurredAt: 'asc' },
  });
  return rows.map((r) => r.payload);
}

/** Every application number with stored history. */
export async function caseNosWithHistory(db: SupervisionDb): Promise<string[]> {
  const rows = await db.timelineEntry.findMany({
    where: { caseNo: { not: null } },
    distinct: ['caseNo'],
    select: { caseNo: true },
  });
  return rows.map((c) => c.caseNo).filter((no): no is string => no !== null);
}

/** One page of open clocks in key order, after `after` (keyset pagination). */
export function openClockPage(
  db: SupervisionDb,
  take: number,
  after: { applicationNo: string; subject: string } | undefined,
) {
  return db.caseClock.findMany({
    where: { open: true },
    orderBy: [{ applicationNo: 'asc' }, { subject: 'asc' }],
    take,
    ...(after !== undefined && { cursor: { applicationNo_subject: after }, skip: 1 }),
    select: {
      applicationNo: true,
      subject: true,
      startedAt: true,
      limitDays: true,
      pauses: true,
      level: true,
      dueAt: true,
    },
  });
}

/** Cases completed at or before `cutoff` and not delivered. */
export async function undeliveredSince(db: SupervisionDb, cutoff: Date): Promise<string[]> {
  const rows = await db.supervisedCase.findMany({
    where: { completedAt: { lte: cutoff }, deliveredAt: null },
    select: { applicationNo: true },
  });
  return rows.map((r) => r.applicationNo);
}

/** Which of `applicationNos` already carry anomaly `ruleNo`. */
export async function casesWithAnomaly(
  db: SupervisionDb,
  ruleNo: string,
  applicationNos: string[],
): Promise<Set<string>> {
  const rows = await db.anomaly.findMany({
    where: { ruleNo, applicationNo: { in: applicationNos } },
    select: { applicationNo: true },
  });
  return new Set(rows.map((r) => r.applicationNo));
}

/** Every case with at least one open clock. */
export async function casesWithOpenClocks(db: SupervisionDb): Promise<string[]> {
  const rows = await db.caseClock.findMany({
    where: { open: true },
    distinct: ['applicationNo'],
    select: { applicationNo: true },
  });
  return rows.map((r) => r.applicationNo);
}
