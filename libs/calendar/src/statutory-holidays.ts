import { Lunar, Solar } from 'lunar-typescript';
import { daysFromCivil, dayToIsoString, type IsoDateString, tryParseIsoDate } from './china-time.js';

/**
 * The first year counted with the rules of 《全国年节及纪念日放假办法》 as revised by 国务院令第795号
 * (2024-11-10, in force from 2025-01-01). Earlier years without an announced arrangement keep the weekend rule.
 */
export const STATUTORY_RULES_SINCE = 2025;

/** Where the rest days of a year without an announced arrangement come from (shown to users and in the API). */
export const STATUTORY_RULES_SOURCE =
  '《全国年节及纪念日放假办法》（国务院令第795号修订，2025年1月1日起施行）规定的法定节假日推算，未含调休';

/** One statutory holiday (法定节假日) of the 放假办法, art. 2 (全体公民放假的节日). */
export interface StatutoryHoliday {
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 */
  readonly name: string;
  /** The rest days it gives, ascending. */
  readonly days: readonly IsoDateString[];
}

function solarDay(solar: Solar): number {
  return daysFromCivil(solar.getYear(), solar.getMonth(), solar.getDay());
}

/** The day of a date in the Chinese lunar calendar (month 1..12, not a leap month) of lunar year `lunarYear`. */
function lunarDay(lunarYear: number, month: number, day: number): number {
  return solarDay(Lunar.fromYmd(lunarYear, month, day).getSolar());
}

/** The 清明 solar term of `year` (always early April): the day the sun reaches ecliptic longitude 15°. */
function qingmingDay(year: number): number {
  for (let d = 1; d <= 10; d += 1) {
    if (Solar.fromYmd(year, 4, d).getLunar().getJieQi() === '清明') return daysFromCivil(year, 4, d);
  }
  throw new RangeError(`no 清明 solar term found in April ${year}`);
}

function run(first: number, length: number): number[] {
  return Array.from({ length }, (_, i) => first + i);
}

const cache = new Map<number, readonly StatutoryHoliday[]>();

/**
 * The 13 statutory rest days of a Gregorian `year` under the 2025 revision of 《全国年节及纪念日放假办法》 art. 2:
 * 元旦 1 day (1/1); 春节 4 days (除夕 = the last day of the 12th lunar month, and 正月初一..初三); 清明节 1 day
 * (the 清明 solar term); 劳动节 2 days (5/1, 5/2); 端午节 1 day (lunar 5/5); 中秋节 1 day (lunar 8/15);
 * 国庆节 3 days (10/1..10/3). Lunar dates and the solar term are computed with `lunar-typescript` (astronomical
 * algorithm, China time, independent of the process time zone). No 调休 (moved rest days or make-up workdays) is
 * guessed: those exist only in the State Council's yearly notice.
 *
 * Returns `[]` for years before {@link STATUTORY_RULES_SINCE}.
 */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  if (!Number.isSafeInteger(year) || year < 1 || year > 9999)
    throw new RangeError(`year out of range: ${String(year)}`);
  if (year < STATUTORY_RULES_SINCE) return [];
  const cached = cache.get(year);
  if (cached !== undefined) return cached;
  // 正月初一 of lunar year `year` falls between 01-21 and 02-20 of the same Gregorian year, so 除夕 is the day before.
  const newYear = lunarDay(year, 1, 1);
  const holidays: StatutoryHoliday[] = [
    { name: '元旦', days: [daysFromCivil(year, 1, 1)] },
    { name: '春节', days: run(newYear - 1, 4) },
    { name: '清明节', days: [qingmingDay(year)] },
    { name: '劳动节', days: run(daysFromCivil(year, 5, 1), 2) },
    { name: '端午节', days: [lunarDay(year, 5, 5)] },
    { name: '中秋节', days: [lunarDay(year, 8, 15)] },
    { name: '国庆节', days: run(daysFromCivil(year, 10, 1), 3) },
  ].map((h) => ({ name: h.name, days: h.days.map(dayToIsoString) }));
  cache.set(year, holidays);
  return holidays;
}

/** All statutory rest days of `year`, ascending, without duplicates (中秋 may fall on 10/1) (`YYYY-MM-DD`). */
export function statutoryRestDays(year: number): IsoDateString[] {
  return [...new Set(statutoryHolidays(year).flatMap((h) => h.days))].sort();
}

const dayCache = new Map<number, ReadonlySet<number>>();

/** The statutory rest days of `year` as day numbers (internal, for the working-day loop). */
export function statutoryRestDayNumbers(year: number): ReadonlySet<number> {
  let set = dayCache.get(year);
  if (set === undefined) {
    set = new Set(statutoryRestDays(year).flatMap((iso) => tryParseIsoDate(iso) ?? []));
    dayCache.set(year, set);
  }
  return set;
}
