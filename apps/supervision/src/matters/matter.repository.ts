import type { MatterKind, MatterSubKind } from '@hall/contracts';
import type { Prisma, SupervisedMatter, TimelineEntry } from '../generated/prisma/client.js';
import type { UnclearedAlert } from '../alerts/alert.repository.js';
import type { SupervisionDb, SupervisionTx } from '../supervision.store.js';
import type { MatterEvent, MatterRow } from './matter.projection.js';

/**
 * Serialises work on one matter across the consumer and the evaluator (transaction-scoped advisory lock; the
 * consumer's inbox lock is per case, and a matter has none).
 */
export async function lockMatter(tx: SupervisionTx, matterNo: string): Promise<void> {
  await tx.$queryRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`,
    `matter:${matterNo}`,
  );
}

/** A matter as a re-projection starts from: its stored history and its alerts not cleared. */
export async function loadMatter(
  tx: SupervisionTx,
  matterNo: string,
): Promise<{ history: MatterEvent[]; alerts: UnclearedAlert[] }> {
  const [entries, alerts] = await Promise.all([
    tx.timelineEntry.findMany({
      where: { matterNo },
      orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
      select: { eventId: true, type: true, occurredAt: true, payload: true },
    }),
    tx.alert.findMany({
      where: { applicationNo: matterNo, status: { not: 'cleared' } },
      orderBy: { seq: 'asc' },
      select: {
        id: true,
        dedupeKey: true,
        status: true,
        supervisionNo: true,
        ruleNo: true,
        warningType: true,
      },
    }),
  ]);
  return { history: entries, alerts };
}

/** Plain JSON for Prisma Json columns (dates become ISO strings). */
function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Stored events as the consumer received them, in one statement; a redelivered one (same event id) is skipped. */
export async function appendMatterEntries(
  tx: SupervisionTx,
  entries: readonly Prisma.TimelineEntryCreateManyInput[],
): Promise<void> {
  if (entries.length > 0) await tx.timelineEntry.createMany({ data: [...entries], skipDuplicates: true });
}

/** Writes the matter's projection row (insert or replace). */
export async function saveMatter(tx: SupervisionTx, row: MatterRow): Promise<void> {
  const data = { ...row, pauses: toJson(row.pauses), clockPauses: toJson(row.clockPauses) };
  await tx.supervisedMatter.upsert({ where: { matterNo: row.matterNo }, create: data, update: data });
}

/** Open matter clocks, as the scheduled evaluator reads them. */
export function openMatterClocks(db: SupervisionDb) {
  return db.supervisedMatter.findMany({
    where: { open: true },
    orderBy: { matterNo: 'asc' },
    select: {
      matterNo: true,
      startedAt: true,
      limitDays: true,
      clockPauses: true,
      level: true,
      dueAt: true,
      pausedSince: true,
    },
  });
}

/** Every matter number with stored history (rebuild). */
export async function matterNosWithHistory(db: SupervisionDb): Promise<string[]> {
  const rows = await db.timelineEntry.findMany({
    where: { matterNo: { not: null } },
    distinct: ['matterNo'],
    select: { matterNo: true },
  });
  return rows.flatMap((r) => (r.matterNo === null ? [] : [r.matterNo]));
}

/** Empties the matter projection (its history stays in timeline_entry). */
export async function clearMatters(tx: SupervisionTx): Promise<void> {
  await tx.supervisedMatter.deleteMany({});
}

export interface MatterFilter {
  kind?: MatterKind | undefined;
  subKind?: MatterSubKind | undefined;
  dept?: string | undefined;
  level?: string | undefined;
  open?: boolean | undefined;
}

/** One page of a region's matters: open ones first, then by deadline. The region prefix is required. */
export async function matterPage(
  db: SupervisionDb,
  regionPrefix: string,
  f: MatterFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: SupervisedMatter[] }> {
  const where: Prisma.SupervisedMatterWhereInput = {
    regionCode: { startsWith: regionPrefix },
    ...(f.kind !== undefined && { kind: f.kind }),
    ...(f.subKind !== undefined && { subKind: f.subKind }),
    ...(f.dept !== undefined && { departmentCode: f.dept }),
    ...(f.level !== undefined && { level: f.level }),
    ...(f.open !== undefined && { open: f.open }),
  };
  const [total, rows] = await Promise.all([
    db.supervisedMatter.count({ where }),
    db.supervisedMatter.findMany({
      where,
      orderBy: [{ open: 'desc' }, { dueAt: 'asc' }, { matterNo: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return { total, rows };
}

/** Every matter of a region, the columns the summary counts (read at request time: open clocks move with time). */
export function mattersForSummary(db: SupervisionDb, regionPrefix: string) {
  return db.supervisedMatter.findMany({
    where: { regionCode: { startsWith: regionPrefix } },
    select: {
      kind: true,
      subKind: true,
      departmentCode: true,
      open: true,
      pausedSince: true,
      startedAt: true,
      limitDays: true,
      clockPauses: true,
      level: true,
      status: true,
      onTime: true,
    },
  });
}

export function findMatter(db: SupervisionDb, matterNo: string): Promise<SupervisedMatter | null> {
  return db.supervisedMatter.findUnique({ where: { matterNo } });
}

export function matterEntries(db: SupervisionDb, matterNo: string): Promise<TimelineEntry[]> {
  return db.timelineEntry.findMany({
    where: { matterNo },
    orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
  });
}

/** Which of `matterNos` lie in the region. */
export async function mattersInRegion(
  db: SupervisionDb,
  matterNos: string[],
  regionPrefix: string,
): Promise<string[]> {
  const rows = await db.supervisedMatter.findMany({
    where: { matterNo: { in: matterNos }, regionCode: { startsWith: regionPrefix } },
    select: { matterNo: true },
  });
  return rows.map((r) => r.matterNo);
}
