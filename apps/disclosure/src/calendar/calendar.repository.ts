import type { Prisma } from '../generated/prisma/client.js';
import type { DisclosureDb, DisclosureTx } from '../disclosure.store.js';

// ——— years of the working calendar loaded in supervision (`calendar_year`) ———

/** The year's working calendar disclosure holds (null when none was loaded). */
export function findCalendarYear(db: DisclosureDb, year: number) {
  return db.calendarYear.findUnique({ where: { year } });
}

/** Stores (or replaces) a year's working calendar. */
export async function saveCalendarYear(
  tx: DisclosureTx,
  year: number,
  row: Omit<Prisma.CalendarYearCreateInput, 'year'>,
): Promise<void> {
  await tx.calendarYear.upsert({ where: { year }, create: { year, ...row }, update: row });
}

/** Every year held, oldest first. */
export function calendarYears(db: DisclosureDb) {
  return db.calendarYear.findMany({ orderBy: { year: 'asc' } });
}
