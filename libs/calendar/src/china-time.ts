/**
 * China-time (北京时间, Asia/Shanghai) calendar-day arithmetic.
 *
 * China has used a fixed UTC+8 offset without daylight saving time since 1992 (summer time was observed
 * 1986–1991), so every computation here is plain integer arithmetic on a fixed +8 h offset (also applied to
 * earlier dates, where it may differ from historical wall-clock time). Nothing depends on the process time zone (`TZ`) or on `Intl`.
 *
 * A calendar day is represented internally by its *day number*: the count of days since 1970-01-01 (China time).
 * Supported range: 0001-01-01 .. 9999-12-31 (the range a `YYYY-MM-DD` string can express).
 */

/** The fixed offset of China Standard Time from UTC. */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, the only date-string format the calendar accepts and emits. */
export type IsoDateString = string;

/** Days-from-civil (proleptic Gregorian), after H. Hinnant's public-domain algorithm. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** First and last supported day numbers (0001-01-01 and 9999-12-31). */
export const MIN_DAY = daysFromCivil(1, 1, 1);
export const MAX_DAY = daysFromCivil(9999, 12, 31);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses `YYYY-MM-DD` to a day number, or returns `undefined` when it is not a real calendar date. */
export function tryParseIsoDate(value: string): number | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** True when `value` is a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDateString(value: string): boolean {
  return tryParseIsoDate(value) !== undefined;
}

function assertSupportedDay(dayNumber: number, what: string): number {
  if (dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new RangeError(`${what} is outside the supported range 0001-01-01..9999-12-31 (China time)`);
  }
  return dayNumber;
}

/**
 * The China-time day number of a `Date` instant or a `YYYY-MM-DD` string.
 * @throws RangeError for an invalid `Date`, a malformed or impossible date string, or a date out of range.
 */
export function toChinaDay(date: Date | IsoDateString, what = 'date'): number {
  if (typeof date === 'string') {
    const day = tryParseIsoDate(date);
    if (day === undefined) throw new RangeError(`${what}: "${date}" is not a valid YYYY-MM-DD calendar date`);
    return assertSupportedDay(day, what);
  }
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${what}: expected a valid Date or a YYYY-MM-DD string`);
  }
  return assertSupportedDay(Math.floor((date.getTime() + CHINA_UTC_OFFSET_MS) / DAY_MS), what);
}

/** `YYYY-MM-DD` of a day number. */
export function dayToIsoString(dayNumber: number): IsoDateString {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week of a day number: 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** True for Saturday and Sunday. */
export function isWeekend(dayNumber: number): boolean {
  const wd = weekdayOf(dayNumber);
  return wd === 0 || wd === 6;
}

/** The instant 00:00:00.000 China time of a day number. */
export function startOfDayInstant(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - CHINA_UTC_OFFSET_MS);
}

/** The instant 23:59:59.999 China time of a day number (the last millisecond of the day, 二十四时). */
export function endOfDayInstant(dayNumber: number): Date {
  return new Date((dayNumber + 1) * DAY_MS - CHINA_UTC_OFFSET_MS - 1);
}

/** The China-time calendar date (`YYYY-MM-DD`) of an instant, e.g. `2025-09-30T16:30:00Z` → `2025-10-01`. */
export function chinaDateString(date: Date | IsoDateString): IsoDateString {
  return dayToIsoString(toChinaDay(date));
}

/** The China-time calendar year of an instant or date string. */
export function chinaYear(date: Date | IsoDateString): number {
  return civilFromDays(toChinaDay(date)).year;
}

/** 00:00:00.000 China time of the day of `date`. */
export function startOfChinaDay(date: Date | IsoDateString): Date {
  return startOfDayInstant(toChinaDay(date));
}

/** 23:59:59.999 China time of the day of `date`. */
export function endOfChinaDay(date: Date | IsoDateString): Date {
  return endOfDayInstant(toChinaDay(date));
}
