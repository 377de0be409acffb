import { WorkingCalendar, type ExcludedInterval, type RuntimeCalendar } from '@hall/calendar';

/** A paused period of a case (特别程序 other than extension); open while `end` is undefined. */
export interface Pause {
  start: Date;
  end: Date | null;
}

/** Only finished pauses move deadlines: an open pause's length is unknown until it ends (the case is suspended meanwhile). */
export function excludedIntervals(pauses: readonly Pause[]): ExcludedInterval[] {
  return pauses.flatMap((p) => (p.end ? [{ start: p.start, end: p.end }] : []));
}

/**
 * Working-day deadlines of a case, all counted from acceptance (受理, AL art. 42): the day of acceptance does not
 * count, every day touched by a finished pause is excluded (AL art. 45), extensions add working days (art. 42 ¶1).
 */
export class CaseClock {
  /**
   * @param source a fixed calendar, or the service's runtime calendar (the shipped data with the years an administrator
   *   loaded through supervision): every count then uses the calendar current at that moment.
   */
  constructor(private readonly source: WorkingCalendar | RuntimeCalendar) {}

  /** The calendar counted with now. */
  get calendar(): WorkingCalendar {
    return this.source instanceof WorkingCalendar ? this.source : this.source.current();
  }

  due(acceptedAt: Date, limitDays: number, pauses: readonly Pause[], extraDays = 0): Date {
    return this.calendar.deadline(acceptedAt, limitDays + extraDays, excludedIntervals(pauses));
  }

  /**
   * Working days left until `dueAt` as seen at `now` (0 on the due day itself; negative = working days overdue).
   * Pauses between now and the deadline are already inside `dueAt`.
   */
  workingDaysLeft(now: Date, dueAt: Date): number {
    if (now.getTime() <= dueAt.getTime()) return this.calendar.workingDaysBetween(now, dueAt);
    return -this.calendar.workingDaysBetween(dueAt, now);
  }

  /**
   * 暂定: true when the working days between `from` and `to` touch a year without the State Council's official
   * holiday arrangement (counted from the statutory holidays only; recomputed once the arrangement ships).
   */
  isProvisional(from: Date, to: Date): boolean {
    return from.getTime() <= to.getTime()
      ? this.calendar.isProvisional(from, to)
      : this.calendar.isProvisional(to, from);
  }

  workingDaysUsed(acceptedAt: Date, now: Date, pauses: readonly Pause[]): number {
    const closed = pauses.map((p) => ({ start: p.start, end: p.end ?? now }));
    return this.calendar.workingDaysBetween(acceptedAt, now, closed);
  }
}
