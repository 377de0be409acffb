import type { RawExecutor } from '@hall/messaging';
import type { SupervisionDb, SupervisionTx } from '../supervision.store.js';

/** Administrators' per-year overrides of the shipped calendar, oldest year first. */
export function listCalendarYears(db: SupervisionDb) {
  return db.calendarYear.findMany({ orderBy: { year: 'asc' } });
}

/**
 * One year's override, or null. A primary-key read on every calendar GET: sent on the driver itself
 * (`SupervisionStore.raw`), not through Prisma, whose per-query CPU is about twice the driver's.
 */
export async function findCalendarYear(
  db: RawExecutor,
  year: number,
): Promise<({ year: number } & CalendarYearRow) | null> {
  const rows = await db.$queryRawUnsafe<Array<{ year: number } & CalendarYearRow>>(
    `SELECT year, holidays, workdays, source, updated_by AS "updatedBy", updated_at AS "updatedAt"
     FROM calendar_year WHERE year = $1`,
    year,
  );
  return rows[0] ?? null;
}

export interface CalendarYearRow {
  holidays: string[];
  workdays: string[];
  source: string | null;
  updatedBy: string;
  updatedAt: Date;
}

/** Replaces one year's override (whole-year replacement). */
export async function saveCalendarYear(tx: SupervisionTx, year: number, row: CalendarYearRow): Promise<void> {
  await tx.calendarYear.upsert({ where: { year }, create: { year, ...row }, update: row });
}

/** The latest deadline among open clocks (null when none is open). */
export async function latestOpenDue(db: SupervisionDb): Promise<Date | null> {
  const latest = await db.caseClock.aggregate({ where: { open: true }, _max: { dueAt: true } });
  return latest._max.dueAt;
}

/** How many open clocks are due at or after `from`. */
export function countOpenClocksDueFrom(db: SupervisionDb, from: Date): Promise<number> {
  return db.caseClock.count({ where: { open: true, dueAt: { gte: from } } });
}
