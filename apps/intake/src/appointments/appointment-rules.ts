import type { IsoDateString, WorkingCalendar } from '@hall/calendar';
import type { AppointmentSettings } from '../service-points/service-network.js';

/**
 * 预约 rules, pure: the slots of a point's working day, the bookable window (today and the next working days, N in
 * all), and the instant a China-time slot starts.
 */

/** A point without its own settings: mornings and afternoons of the hall's opening hours, half-hour slots, 2 places. */
export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettings = {
  periods: ['09:00-12:00', '13:30-17:00'],
  slotMinutes: 30,
  capacity: 2,
};

/** Working days that can be booked: today (if a working day) and the following ones, this many in all. */
export const DEFAULT_DAYS_AHEAD = 14;

export function daysAheadFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_DAYS_AHEAD;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 60)
    throw new Error(`APPOINTMENT_DAYS_AHEAD must be a whole number from 1 to 60 (got ${value})`);
  return n;
}

export interface SlotTimes {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
const hhmmOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const PERIOD = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** The slots of a day: each period cut into whole slots (a remainder shorter than a slot is not offered). */
export function slotsOf(settings: AppointmentSettings): SlotTimes[] {
  const out: SlotTimes[] = [];
  const step = settings.slotMinutes;
  if (!Number.isInteger(step) || step <= 0) return out;
  for (const period of settings.periods) {
    if (!PERIOD.test(period)) continue;
    const [from, to] = period.split('-') as [string, string];
    for (let t = minutesOf(from); t + step <= minutesOf(to); t += step)
      out.push({ start: hhmmOf(t), end: hhmmOf(t + step) });
  }
  return out.sort((a, b) => a.start.localeCompare(b.start));
}

/** Today (when a working day) and the working days after it, `n` in all, as YYYY-MM-DD (China time). */
export function bookableDays(calendar: WorkingCalendar, today: IsoDateString, n: number): IsoDateString[] {
  const days: IsoDateString[] = [];
  let day = calendar.isWorkingDay(today) ? today : calendar.nextWorkingDay(today);
  while (days.length < n) {
    days.push(day);
    day = calendar.nextWorkingDay(day);
  }
  return days;
}

/** The instant a China-time HH:MM of a date is. */
export function chinaInstant(date: IsoDateString, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00.000+08:00`);
}
