import { type CalendarData, parseCalendarData } from './calendar-data.js';
import {
  MAX_DAY,
  civilFromDays,
  dayToIsoString,
  endOfDayInstant,
  type IsoDateString,
  isWeekend,
  startOfDayInstant,
  toChinaDay,
  tryParseIsoDate,
} from './china-time.js';
import { CHINA_CALENDAR_DATA } from './data/china-calendar.data.js';
import {
  STATUTORY_RULES_SINCE,
  STATUTORY_RULES_SOURCE,
  statutoryRestDayNumbers,
  statutoryRestDays,
} from './statutory-holidays.js';

/**
 * How the rest days of a year are known:
 * - `official`: the State Council's announced arrangement (国务院办公厅放假安排, with 调休) is loaded;
 * - `statutory-rules`: no arrangement yet; the statutory holidays of 《全国年节及纪念日放假办法》 and weekends are
 *   rest days, no 调休 is guessed (provisional: deadlines must be recomputed once the arrangement is loaded);
 * - `weekends-only`: no arrangement and no statutory rule applies (a calendar without the fallback, or a year
 *   before the 2025 revision); only weekends are rest days (provisional too).
 */
export type CalendarBasis = 'official' | 'statutory-rules' | 'weekends-only';

/** What a calendar does for a year without data. */
export type CalendarFallback = 'statutory-rules' | 'weekends';

export interface WorkingCalendarOptions {
  /** Default `'weekends'` (plain weekend rule); {@link chinaCalendar} uses `'statutory-rules'`. */
  readonly fallback?: CalendarFallback;
}

/** One year as a calendar counts it (e.g. for an API answer). */
export interface CalendarYearView {
  readonly year: number;
  readonly basis: CalendarBasis;
  /** True unless the official arrangement of the year is loaded. */
  readonly provisional: boolean;
  /** The notice (official) or the rule the rest days were derived from; null for the weekend rule. */
  readonly source: string | null;
  /** Rest days besides plain weekends: the announced holidays, or the statutory holidays (provisional). */
  readonly holidays: IsoDateString[];
  /** Make-up workdays (调休上班); always empty for a provisional year. */
  readonly workdays: IsoDateString[];
}

/**
 * A period during which the statutory clock is stopped (中止/暂停: 补正材料, 听证, 检验检测, 专家评审 and other
 * 特别程序 that 行政许可法 art. 45 excludes from the time limit). Both ends are inclusive instants; a
 * `YYYY-MM-DD` string stands for that whole China-time day.
 *
 * Rule: an interval *touches* every China-time calendar day it intersects, i.e. the days from `start`'s day to
 * `end`'s day inclusive. A working day touched by any excluded interval — even for one millisecond — is not
 * counted. (Conservative for the applicant: a day only counts against the authority when the clock ran all day.)
 */
export interface ExcludedInterval {
  readonly start: Date | IsoDateString;
  readonly end: Date | IsoDateString;
}

/** An excluded interval reduced to the inclusive range of day numbers it touches. */
interface DayRange {
  first: number;
  last: number;
}

/** Walks ascending day numbers through sorted, merged day ranges. */
class ExclusionCursor {
  private index = 0;

  constructor(private readonly ranges: readonly DayRange[]) {}

  /** The range containing `day`, if any. Calls must use non-decreasing `day`. */
  rangeAt(day: number): DayRange | undefined {
    let range = this.ranges[this.index];
    while (range !== undefined && range.last < day) {
      this.index += 1;
      range = this.ranges[this.index];
    }
    return range !== undefined && range.first <= day ? range : undefined;
  }
}

function normalizeExcluded(excluded: readonly ExcludedInterval[] | undefined): DayRange[] {
  if (excluded === undefined) return [];
  if (!Array.isArray(excluded))
    throw new RangeError('excluded: expected an array of { start, end } intervals');
  const intervals: readonly ExcludedInterval[] = excluded;
  const ranges = intervals.map((interval, i): DayRange => {
    const first = toChinaDay(interval.start, `excluded[${i}].start`);
    const last = toChinaDay(interval.end, `excluded[${i}].end`);
    const startsLater =
      interval.start instanceof Date && interval.end instanceof Date
        ? interval.start.getTime() > interval.end.getTime()
        : first > last;
    if (startsLater) throw new RangeError(`excluded[${i}]: end is before start`);
    return { first, last };
  });
  ranges.sort((a, b) => a.first - b.first);
  const merged: DayRange[] = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && range.first <= previous.last + 1) {
      previous.last = Math.max(previous.last, range.last);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

function assertCount(n: number, what: string): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new RangeError(`${what} must be a non-negative integer number of working days, got ${String(n)}`);
  }
  if (n < 0) throw new RangeError(`${what} must not be negative, got ${n}`);
}

function assertInRange(day: number): void {
  if (day > MAX_DAY) throw new RangeError('the result would fall after 9999-12-31 (China time)');
}

/**
 * Working-day (工作日) calendar for statutory time limits, in China time (UTC+8, fixed offset).
 *
 * A day is a working day when it is a make-up workday (调休上班) of the data, or else when it is Monday–Friday
 * and not a listed rest day (法定节假日 and the rest periods announced around them). Years without data are
 * provisional: they follow the fallback (weekends only, or with `fallback: 'statutory-rules'` also the statutory
 * holidays); use {@link isProvisional} / {@link missingYears} / {@link basisOf} to mark and warn about them.
 *
 * Counting (行政许可法 art. 82: 期限以工作日计算，不含法定节假日; 民法典 arts. 201 and 203: 开始的当日不计入，
 * 自下一日开始计算；最后一日的截止时间为二十四时):
 * - the day of `start` never counts; counting starts with the next China-time calendar day;
 * - a deadline is the last millisecond (23:59:59.999 China time) of its final working day;
 * - working days touched by an {@link ExcludedInterval} are skipped (see there).
 *
 * Instances are immutable; {@link withOverrides} returns a new calendar.
 */
export class WorkingCalendar {
  private readonly data: CalendarData;
  private readonly restDays = new Set<number>();
  private readonly makeUpWorkdays = new Set<number>();
  private readonly years: ReadonlySet<number>;
  private readonly fallback: CalendarFallback;

  /**
   * @param data per-year arrangements; validated (throws `RangeError` on invalid data, see `parseCalendarData`).
   *   Defaults to no data at all; the shipped China data is in {@link chinaCalendar}.
   * @param options.fallback what a year without data follows: the plain weekend rule (default) or, from 2025 on,
   *   the statutory holidays of 《全国年节及纪念日放假办法》 besides weekends (`'statutory-rules'`).
   */
  constructor(data: CalendarData = { years: {} }, options: WorkingCalendarOptions = {}) {
    this.fallback = options.fallback ?? 'weekends';
    this.data = parseCalendarData(data);
    for (const year of Object.values(this.data.years)) {
      for (const date of year.holidays) this.addDay(this.restDays, date);
      for (const date of year.workdays) this.addDay(this.makeUpWorkdays, date);
    }
    this.years = new Set(Object.keys(this.data.years).map(Number));
  }

  private addDay(set: Set<number>, date: string): void {
    const day = tryParseIsoDate(date);
    if (day !== undefined) set.add(day);
  }

  /**
   * A new calendar in which every year present in `overrides` replaces the year of this calendar entirely
   * (whole-year replacement: list all rest days and make-up workdays of an overridden year).
   */
  withOverrides(overrides: CalendarData): WorkingCalendar {
    const parsed = parseCalendarData(overrides);
    return new WorkingCalendar(
      { years: { ...this.data.years, ...parsed.years } },
      { fallback: this.fallback },
    );
  }

  /** A deep copy of the data this calendar was built from (e.g. to show or persist administrators' edits). */
  toData(): CalendarData {
    return structuredClone(this.data);
  }

  /** A copy of one year's arrangement, or undefined when the year has no data (cheaper than {@link toData}). */
  yearData(year: number): CalendarData['years'][string] | undefined {
    const y = this.data.years[String(year)];
    return y === undefined ? undefined : structuredClone(y);
  }

  /**
   * True when the (official) arrangement of `year` is known; otherwise that year is provisional and follows the
   * fallback (see {@link basisOf}).
   */
  hasDataFor(year: number): boolean {
    return this.years.has(year);
  }

  /** How the rest days of `year` are known (see {@link CalendarBasis}). */
  basisOf(year: number): CalendarBasis {
    if (this.years.has(year)) return 'official';
    return this.fallback === 'statutory-rules' && year >= STATUTORY_RULES_SINCE
      ? 'statutory-rules'
      : 'weekends-only';
  }

  /** A year is provisional (暂定) while its official arrangement is not loaded. */
  isProvisionalYear(year: number): boolean {
    return !this.years.has(year);
  }

  /**
   * True when a time limit counted from `from` to `to` (typically a start and its deadline) touches a provisional
   * year: the deadline must be shown as 暂定 and is recomputed once the arrangement is loaded.
   */
  isProvisional(from: Date | IsoDateString, to: Date | IsoDateString): boolean {
    return this.missingYears(from, to).length > 0;
  }

  /** One year as this calendar counts it: basis, provisional flag, source, rest days and make-up workdays. */
  yearView(year: number): CalendarYearView {
    const basis = this.basisOf(year);
    const data = this.data.years[String(year)];
    if (data !== undefined) {
      return {
        year,
        basis,
        provisional: false,
        source: data.source ?? null,
        holidays: [...data.holidays].sort(),
        workdays: [...data.workdays].sort(),
      };
    }
    if (basis === 'statutory-rules') {
      return {
        year,
        basis,
        provisional: true,
        source: STATUTORY_RULES_SOURCE,
        holidays: statutoryRestDays(year),
        workdays: [],
      };
    }
    return { year, basis, provisional: true, source: null, holidays: [], workdays: [] };
  }

  /** The years with data, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** The China-time years from `from`'s day through `to`'s day that have no data (callers should warn). */
  missingYears(from: Date | IsoDateString, to: Date | IsoDateString): number[] {
    const a = civilFromDays(toChinaDay(from, 'from')).year;
    const b = civilFromDays(toChinaDay(to, 'to')).year;
    const missing: number[] = [];
    for (let y = Math.min(a, b); y <= Math.max(a, b); y += 1) if (!this.years.has(y)) missing.push(y);
    return missing;
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.makeUpWorkdays.has(day)) return true;
    if (isWeekend(day) || this.restDays.has(day)) return false;
    if (this.fallback === 'weekends') return true;
    const { year } = civilFromDays(day);
    return this.years.has(year) || !statutoryRestDayNumbers(year).has(day);
  }

  /** Whether the China-time calendar day of `date` is a working day (工作日). */
  isWorkingDay(date: Date | IsoDateString): boolean {
    return this.isWorkingDayNumber(toChinaDay(date));
  }

  /**
   * The first working day strictly after the China-time day of `date`. A string gives a `YYYY-MM-DD` string;
   * a `Date` gives the instant that working day begins (00:00:00.000 China time).
   */
  nextWorkingDay(date: Date): Date;
  nextWorkingDay(date: IsoDateString): IsoDateString;
  nextWorkingDay(date: Date | IsoDateString): Date | IsoDateString {
    let day = toChinaDay(date);
    do {
      day += 1;
      assertInRange(day);
    } while (!this.isWorkingDayNumber(day));
    return typeof date === 'string' ? dayToIsoString(day) : startOfDayInstant(day);
  }

  /**
   * The deadline instant of a time limit of `n` working days starting at `start`:
   * 23:59:59.999 China time of the n-th working day after the day of `start` (the start day itself does not
   * count; counting starts the next day). `n = 0` means "by the end of today": the end of the start day if it
   * is a working day, otherwise the end of the next working day.
   * Equivalent to `deadline(start, n)` without excluded intervals.
   * @throws RangeError for a negative or non-integer `n` or an invalid date.
   */
  addWorkingDays(start: Date | IsoDateString, n: number): Date {
    return this.deadline(start, n);
  }

  /**
   * Like {@link addWorkingDays}, but working days touched by `excluded` intervals (paused periods, 特别程序) are
   * skipped, so the deadline moves later by exactly the number of working days the pauses consume. The
   * deadline day itself is never an excluded day. With `limitWorkingDays = 0` the start day qualifies only if
   * it is a working day not touched by an excluded interval.
   */
  deadline(
    start: Date | IsoDateString,
    limitWorkingDays: number,
    excluded?: readonly ExcludedInterval[],
  ): Date {
    let day = toChinaDay(start, 'start');
    assertCount(limitWorkingDays, 'limitWorkingDays');
    const cursor = new ExclusionCursor(normalizeExcluded(excluded));
    const counts = (d: number): boolean => this.isWorkingDayNumber(d) && cursor.rangeAt(d) === undefined;
    if (limitWorkingDays === 0 && counts(day)) return endOfDayInstant(day);
    let remaining = Math.max(limitWorkingDays, 1);
    for (;;) {
      day += 1;
      const pause = cursor.rangeAt(day);
      if (pause !== undefined) {
        day = pause.last; // skip the whole excluded range at once
        continue;
      }
      assertInRange(day);
      if (this.isWorkingDayNumber(day)) {
        remaining -= 1;
        if (remaining === 0) return endOfDayInstant(day);
      }
    }
  }

  /**
   * Working days elapsed from `from` to `to`: the working days D with day(from) < D ≤ day(to) (China-time
   * calendar days; the day of `from` never counts, the day of `to` does), minus those touched by `excluded`
   * intervals. Returns 0 when `to`'s day is not after `from`'s day.
   *
   * Consistency: for n ≥ 1, `workingDaysBetween(s, deadline(s, n, ex), ex) === n`, and the limit is overrun
   * exactly when `workingDaysBetween(s, now, ex) > n`.
   */
  workingDaysBetween(
    from: Date | IsoDateString,
    to: Date | IsoDateString,
    excluded?: readonly ExcludedInterval[],
  ): number {
    const first = toChinaDay(from, 'from') + 1;
    const last = toChinaDay(to, 'to');
    const cursor = new ExclusionCursor(normalizeExcluded(excluded));
    let count = 0;
    for (let day = first; day <= last; day += 1) {
      const pause = cursor.rangeAt(day);
      if (pause !== undefined) {
        day = pause.last;
        continue;
      }
      if (this.isWorkingDayNumber(day)) count += 1;
    }
    return count;
  }

  /**
   * How many working days in (day(from), day(to)] the `excluded` intervals consume, i.e. by how many working
   * days they extend a deadline: `workingDaysBetween(from, to) - workingDaysBetween(from, to, excluded)`.
   */
  excludedWorkingDays(
    from: Date | IsoDateString,
    to: Date | IsoDateString,
    excluded: readonly ExcludedInterval[],
  ): number {
    return this.workingDaysBetween(from, to) - this.workingDaysBetween(from, to, excluded);
  }
}

/**
 * The mainland-China calendar: the shipped State Council arrangements (see `coveredYears()`), and for any other
 * year from 2025 on the statutory holidays of 《全国年节及纪念日放假办法》 (provisional, see `isProvisional`).
 */
export const chinaCalendar = new WorkingCalendar(CHINA_CALENDAR_DATA, { fallback: 'statutory-rules' });
