import type { ExcludedInterval, WorkingCalendar } from '@hall/calendar';
import { z } from 'zod';
import type { SupervisionSettings } from '../config/supervision.settings.js';

/** 亮灯: green, yellow (预警) or red (超期). */
export type CardLevel = 'green' | 'yellow' | 'red';

export const LEVEL_RANK: Record<CardLevel, number> = { green: 0, yellow: 1, red: 2 };

/** A pause as clocks store it; `end: null` = still paused (runs until now). */
export const StoredPause = z.object({ start: z.string(), end: z.string().nullable() });
export type StoredPause = z.infer<typeof StoredPause>;
export const StoredPauses = z.array(StoredPause);

export interface ClockState {
  startedAt: Date;
  limitDays: number;
  /** Where the clock stopped (decision, step done, withdrawal…); null = running. */
  stoppedAt: Date | null;
  pauses: readonly StoredPause[];
}

export interface ClockReading {
  dueAt: Date;
  usedDays: number;
  level: CardLevel;
}

export function excludedIntervals(pauses: readonly StoredPause[], until: Date): ExcludedInterval[] {
  // An open pause runs until the clock stops (or now); one that opened after the clock stopped (a hearing started
  // after this department finished its step) does not touch this clock at all.
  return pauses.flatMap((p) => {
    const start = new Date(p.start);
    if (p.end === null && start.getTime() > until.getTime()) return [];
    return [{ start, end: p.end !== null ? new Date(p.end) : until }];
  });
}

/**
 * Reads a working-day clock at `now`: counting starts the day after `startedAt` (AL art. 82), paused days are
 * excluded, the deadline is the end of the last working day. Level:
 * - red when more working days were used than the limit (the limit is exceeded);
 * - yellow while running when used ≥ yellowRatio × limit or ≤ yellowRemainingDays remain;
 * - green otherwise (a clock stopped within its limit is green).
 */
export function readClock(
  clock: ClockState,
  now: Date,
  calendar: WorkingCalendar,
  settings: SupervisionSettings,
): ClockReading {
  const until = clock.stoppedAt ?? now;
  const excluded = excludedIntervals(clock.pauses, until);
  const dueAt = calendar.deadline(clock.startedAt, clock.limitDays, excluded);
  const usedDays = calendar.workingDaysBetween(clock.startedAt, until, excluded);
  return { dueAt, usedDays, level: levelOf(usedDays, clock.limitDays, clock.stoppedAt === null, settings) };
}

export function levelOf(
  usedDays: number,
  limitDays: number,
  running: boolean,
  settings: Pick<SupervisionSettings, 'yellowRatio' | 'yellowRemainingDays'>,
): CardLevel {
  if (usedDays > limitDays) return 'red';
  if (!running) return 'green';
  if (usedDays >= settings.yellowRatio * limitDays || limitDays - usedDays <= settings.yellowRemainingDays)
    return 'yellow';
  return 'green';
}

/**
 * Whether a deadline is provisional (暂定): its count from `start` to the latest of `ends` (its due instant, where it
 * stopped, now) touches a year whose official holiday arrangement is not loaded. Derived from the current
 * calendar at read time, so loading the arrangement removes the flag (and re-projection moves the deadline).
 */
export function isProvisional(
  calendar: WorkingCalendar,
  start: Date | null,
  ...ends: (Date | null)[]
): boolean {
  if (start === null) return false;
  const times = ends.flatMap((e) => (e === null ? [] : [e.getTime()]));
  if (times.length === 0) return false;
  return calendar.isProvisional(start, new Date(Math.max(...times)));
}
