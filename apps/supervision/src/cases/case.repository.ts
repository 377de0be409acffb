import type { Prisma } from '../generated/prisma/client.js';
import type { SupervisionTx } from '../supervision.store.js';
import { applyMonthlyDelta } from '../stats/monthly.js';
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

export async function loadHistory(tx: SupervisionTx, applicationNo: string): Promise<StoredEvent[]> {
  const rows = await tx.timelineEntry.findMany({
    where: { caseNo: applicationNo },
    select: { eventId: true, type: true, occurredAt: true, payload: true },
  });
  return rows;
}

/**
 * Replaces the case's projection rows (case, tasks, clocks, anomalies) with `projection`, and moves its counts in
 * the monthly per-department report from the previous row to the new one.
 */
export async function saveProjection(tx: SupervisionTx, p: CaseProjection): Promise<void> {
  const no = p.caseRow.applicationNo;
  const before = await tx.supervisedCase.findUnique({
    where: { applicationNo: no },
    select: {
      regionCode: true,
      departmentCode: true,
      receivedAt: true,
      acceptedAt: true,
      completedAt: true,
      decidedAt: true,
      closedAt: true,
      onTime: true,
    },
  });
  const row = {
    ...p.caseRow,
    pauses: toJson(p.caseRow.pauses),
    extensions: toJson(p.caseRow.extensions),
    licenceIdentifiers: toJson(p.caseRow.licenceIdentifiers),
  };
  await tx.supervisedCase.upsert({ where: { applicationNo: no }, create: row, update: row });
  await applyMonthlyDelta(tx, before, p.caseRow);
  await tx.caseTask.deleteMany({ where: { applicationNo: no } });
  await tx.caseClock.deleteMany({ where: { applicationNo: no } });
  await tx.anomaly.deleteMany({ where: { applicationNo: no } });
  if (p.tasks.length > 0)
    await tx.caseTask.createMany({ data: p.tasks.map((t) => ({ ...t, officials: toJson(t.officials) })) });
  if (p.clocks.length > 0)
    await tx.caseClock.createMany({ data: p.clocks.map((c) => ({ ...c, pauses: toJson(c.pauses) })) });
  if (p.anomalies.length > 0) await tx.anomaly.createMany({ data: p.anomalies });
}
