export {
  type CalendarData,
  type YearCalendar,
  calendarDataSchema,
  parseCalendarData,
  yearCalendarSchema,
} from './calendar-data.js';
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
export { type ExcludedInterval, WorkingCalendar, chinaCalendar } from './working-calendar.js';
