import type { ApprovalTx } from '../approval.store.js';
import type { CalendarYear } from '../generated/prisma/client.js';

/** The working-calendar years received from supervision (one row per year, the latest replacement). */

export function findCalendarYear(tx: ApprovalTx, year: number): Promise<CalendarYear | null> {
  return tx.calendarYear.findUnique({ where: { year } });
}

/** What a replacement writes (receivedAt keeps its default). */
export interface CalendarYearRow {
  holidays: string[];
  workdays: string[];
  source: string | null;
  replacedAt: Date;
  replacedBy: string;
}

export async function saveCalendarYear(tx: ApprovalTx, year: number, row: CalendarYearRow): Promise<void> {
  await tx.calendarYear.upsert({ where: { year }, create: { year, ...row }, update: row });
}

/** Every year held, oldest first. */
export function calendarYears(tx: ApprovalTx): Promise<CalendarYear[]> {
  return tx.calendarYear.findMany({ orderBy: { year: 'asc' } });
}
