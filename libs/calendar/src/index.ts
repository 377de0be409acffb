export {
  type CalendarData,
  type YearCalendar,
  calendarDataSchema,
  parseCalendarData,
  yearCalendarSchema,
} from './calendar-data.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export {
  CHINA_UTC_OFFSET_MS,
  type IsoDateString,
  chinaDateString,
  chinaYear,
  endOfChinaDay,
  isIsoDateString,
  startOfChinaDay,
} from './china-time.js';
export { CHINA_CALENDAR_DATA } from './data/china-calendar.data.js';
export { RuntimeCalendar, type StoredCalendarYear, calendarDataOf } from './runtime-calendar.js';
export {
  STATUTORY_RULES_SINCE,
  STATUTORY_RULES_SOURCE,
  type StatutoryHoliday,
  statutoryHolidays,
  statutoryRestDays,
} from './statutory-holidays.js';
export {
  type CalendarBasis,
  type CalendarFallback,
  type CalendarYearView,
  type ExcludedInterval,
  WorkingCalendar,
  type WorkingCalendarOptions,
  chinaCalendar,
} from './working-calendar.js';
