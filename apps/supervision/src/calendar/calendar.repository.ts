import type { SupervisionDb, SupervisionTx } from '../supervision.store.js';

/** Administrators' per-year overrides of the shipped calendar, oldest year first. */
export function listCalendarYears(db: SupervisionDb) {
  return db.calendarYear.findMany({ orderBy: { year: 'asc' } });
}

export function findCalendarYear(db: SupervisionDb, year: number) {
  return db.calendarYear.findUnique({ where: { year } });
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
