import { startOfChinaDay, type WorkingCalendar } from '@hall/calendar';
import type { HandoverRecord } from '@hall/contracts';
import type { CaseState, HandoverFacts } from './case-state.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Working hours from `from` to `to`: the hours of that span that fall on working days (工作日) of the calendar
 * (China-time days), rounded to one decimal. 0 when `to` is not after `from`.
 */
export function workingHoursBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let ms = 0;
  for (let day = startOfChinaDay(from).getTime(); day < to.getTime(); day += DAY_MS) {
    const start = Math.max(day, from.getTime());
    const end = Math.min(day + DAY_MS, to.getTime());
    if (end > start && calendar.isWorkingDay(new Date(day))) ms += end - start;
  }
  return Math.round((ms / HOUR_MS) * 10) / 10;
}

/**
 * The case's handover as supervision reports it: the points, and the working time from receipt at the point to the
 * handover and from the handover to acceptance (null while not yet accepted).
 */
export function handoverRecord(s: CaseState, h: HandoverFacts, calendar: WorkingCalendar): HandoverRecord {
  const received = s.receivedAt;
  const accepted = s.acceptedAt;
  const span = (a: Date | null, b: Date | null) =>
    a !== null && b !== null
      ? { days: calendar.workingDaysBetween(a, b), hours: workingHoursBetween(calendar, a, b) }
      : null;
  const wait = span(received, h.at);
  const accept = accepted !== null && accepted.getTime() >= h.at.getTime() ? span(h.at, accepted) : null;
  return {
    from: h.from,
    to: h.to,
    receivedAt: received?.toISOString() ?? null,
    handedOverAt: h.at.toISOString(),
    waitWorkingDays: wait?.days ?? null,
    waitWorkingHours: wait?.hours ?? null,
    acceptedAt: accept !== null && accepted !== null ? accepted.toISOString() : null,
    acceptWorkingDays: accept?.days ?? null,
    acceptWorkingHours: accept?.hours ?? null,
  };
}
