import { z } from 'zod';
import type { CalendarData } from './calendar-data.js';
import type { WorkingCalendar } from './working-calendar.js';

/** One stored year of administrators' calendar data, as a service's `calendar_year` row holds it (JSON date lists). */
export interface StoredCalendarYear {
  readonly year: number;
  readonly holidays: unknown;
  readonly workdays: unknown;
  readonly source: string | null;
}

const Dates = z.array(z.string());

/** Stored years → calendar data (validated again when a calendar is built from it). */
export function calendarDataOf(rows: readonly StoredCalendarYear[]): CalendarData {
  const data: CalendarData = { years: {} };
  for (const r of rows) {
    data.years[String(r.year)] = {
      holidays: Dates.parse(r.holidays),
      workdays: Dates.parse(r.workdays),
      ...(r.source !== null && { source: r.source }),
    };
  }
  return data;
}

/**
 * The calendar a service counts with while it runs: a base calendar (normally {@link chinaCalendar}) with the years an
 * administrator loaded at runtime laid over it (whole-year replacement, see `WorkingCalendar.withOverrides`).
 *
 * `use` swaps it at once (the consumer that stored a new year); `refresh` re-reads the stored years (at start, and
 * periodically so that every instance of a service picks up a year another instance stored). A refresh that was
 * overtaken by a `use` is dropped, so a slow re-read never puts back an older calendar.
 */
export class RuntimeCalendar {
  private calendar: WorkingCalendar;
  private generation = 0;

  constructor(readonly base: WorkingCalendar) {
    this.calendar = base;
  }

  current(): WorkingCalendar {
    return this.calendar;
  }

  /** The base with `stored` laid over it (throws `RangeError` on invalid data). */
  build(stored: CalendarData): WorkingCalendar {
    return this.base.withOverrides(stored);
  }

  use(calendar: WorkingCalendar): void {
    this.generation += 1;
    this.calendar = calendar;
  }

  /** Re-reads the stored years with `load` and swaps the calendar, unless a `use` came in meanwhile. */
  async refresh(load: () => Promise<CalendarData>): Promise<WorkingCalendar> {
    const started = this.generation;
    const next = this.build(await load());
    if (this.generation === started) this.use(next);
    return this.calendar;
  }
}
