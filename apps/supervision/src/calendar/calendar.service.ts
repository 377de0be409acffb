import {
  chinaCalendar,
  chinaYear,
  parseCalendarData,
  startOfChinaDay,
  type CalendarData,
  type WorkingCalendar,
} from '@hall/calendar';
import {
  CalendarReplaced,
  type Actor,
  type CalendarStatus,
  type CalendarYear,
  type YearInput,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { SupervisionErrorCode } from '../supervision.errors.js';
import type { SupervisionStore } from '../supervision.store.js';
import {
  countOpenClocksDueFrom,
  findCalendarYear,
  latestOpenDue,
  listCalendarYears,
  saveCalendarYear,
} from './calendar.repository.js';

const Dates = z.array(z.string());

/**
 * The working-day calendar supervision counts with: the shipped China data (libs/calendar) with administrators'
 * per-year overrides from this service's database (a year present there replaces the shipped year entirely).
 */
export class CalendarService {
  private calendar: WorkingCalendar = chinaCalendar;

  constructor(private readonly store: SupervisionStore) {}

  current(): WorkingCalendar {
    return this.calendar;
  }

  /** Reloads the overrides (at start, after a change, and at each evaluation pass for other instances' edits). */
  async reload(): Promise<void> {
    const rows = await listCalendarYears(this.store.prisma);
    const data: CalendarData = { years: {} };
    for (const r of rows)
      data.years[String(r.year)] = {
        holidays: Dates.parse(r.holidays),
        workdays: Dates.parse(r.workdays),
        ...(r.source !== null && { source: r.source }),
      };
    this.calendar = chinaCalendar.withOverrides(data);
  }

  /**
   * One year as supervision counts it. `basis`: `official` (the State Council's arrangement, shipped or loaded
   * here), `statutory-rules` (not announced yet: the statutory holidays of 《全国年节及纪念日放假办法》 besides
   * weekends, no 调休 guessed) or `weekends-only`; every year but `official` is `provisional` (暂定), and so is every
   * deadline counted into it.
   */
  async year(year: number): Promise<CalendarYear> {
    const view = this.calendar.yearView(year);
    const override = await findCalendarYear(this.store.raw, year);
    return {
      year,
      basis: view.basis,
      provisional: view.provisional,
      holidays: view.holidays,
      workdays: view.workdays,
      source: view.source,
      hasData: this.calendar.hasDataFor(year),
      overridden: override !== null,
      updatedBy: override?.updatedBy ?? null,
      updatedAt: override === null ? null : override.updatedAt.toISOString(),
    };
  }

  /**
   * What the supervision dashboard warns about: the provisional years among this year, next year and the years
   * the open clocks' deadlines reach, and how many open clocks count into them (recomputed when a year is loaded).
   */
  async status(now: Date): Promise<CalendarStatus> {
    const p = this.store.prisma;
    const current = chinaYear(now);
    const maxDue = await latestOpenDue(p);
    const last = Math.max(current + 1, maxDue === null ? current : chinaYear(maxDue));
    const provisionalYears: number[] = [];
    for (let y = current; y <= last; y += 1) if (this.calendar.isProvisionalYear(y)) provisionalYears.push(y);
    const first = provisionalYears[0];
    const provisionalOpenClocks =
      first === undefined ? 0 : await countOpenClocksDueFrom(p, startOfChinaDay(`${first}-01-01`));
    return {
      currentYear: current,
      officialYears: this.calendar.coveredYears(),
      provisionalYears: provisionalYears.map((y) => ({ year: y, basis: this.calendar.basisOf(y) })),
      provisionalOpenClocks,
    };
  }

  /**
   * Validates and stores one year's arrangement (whole-year replacement); throws 422 naming the bad dates. The row and
   * `supervision.calendar.replaced` commit together (outbox): approval and intake keep the year in their own databases
   * and recompute their open deadlines with it, as supervision re-projects its clocks.
   */
  async put(year: number, input: YearInput, actor: Actor, now: Date): Promise<void> {
    const yearData = {
      holidays: [...new Set(input.holidays)].sort(),
      workdays: [...new Set(input.workdays)].sort(),
      ...(input.source !== undefined && { source: input.source }),
    };
    try {
      parseCalendarData({ years: { [String(year)]: yearData } });
    } catch (err) {
      throw new AppError(
        SupervisionErrorCode.InvalidCalendar,
        err instanceof Error ? err.message : 'invalid calendar',
        422,
        { field: 'holidays/workdays' },
      );
    }
    const row = {
      holidays: yearData.holidays,
      workdays: yearData.workdays,
      source: input.source ?? null,
      updatedBy: actor.userId,
      updatedAt: now,
    };
    await this.store.messaging.transaction(async (tx) => {
      await saveCalendarYear(tx, year, row);
      await this.store.messaging.stage(tx, CalendarReplaced, {
        year,
        holidays: row.holidays,
        workdays: row.workdays,
        source: row.source,
        replacedAt: now.toISOString(),
        actor,
      });
    });
    await this.reload();
  }
}
