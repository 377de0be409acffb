import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';

/** The year's working calendar intake holds (null when none was loaded). */
export function findCalendarYear(db: IntakeDb, year: number) {
  return db.calendarYear.findUnique({ where: { year } });
}

/** Stores (or replaces) a year's working calendar. */
export async function saveCalendarYear(
  tx: IntakeTx,
  year: number,
  row: Omit<Prisma.CalendarYearCreateInput, 'year'>,
): Promise<void> {
  await tx.calendarYear.upsert({ where: { year }, create: { year, ...row }, update: row });
}

/** Every year held, oldest first. */
export function calendarYears(db: IntakeDb) {
  return db.calendarYear.findMany({ orderBy: { year: 'asc' } });
}
