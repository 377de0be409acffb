/**
 * Where a service reads "now" from. Every time-dependent rule (deadlines, expiry, query codes, jobs) takes a
 * `Clock`, so tests move time instead of waiting. China-time views of an instant are in `china-time.ts`
 * (`chinaDateString`, `startOfChinaDay`, ...), working days in `WorkingCalendar`.
 */
export interface Clock {
  now(): Date;
}

/** The system clock (production). */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock tests set and move. Created without a start it follows real time until `set`/`advance` freeze it,
 * and `reset` returns it to real time. `now()` returns a fresh Date each call (callers may mutate it).
 */
export class ManualClock implements Clock {
  private fixed: Date | undefined;

  constructor(start?: Date | string) {
    if (start !== undefined) this.set(start);
  }

  now(): Date {
    return this.fixed === undefined ? new Date() : new Date(this.fixed.getTime());
  }

  /** Freezes the clock at `at` (a Date or an ISO 8601 string with offset). */
  set(at: Date | string): void {
    const t = new Date(at);
    if (Number.isNaN(t.getTime())) throw new RangeError(`ManualClock.set: not a time: ${String(at)}`);
    this.fixed = t;
  }

  /** Moves the clock `ms` milliseconds (from real time when it was following it) and freezes it there. */
  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }

  /** Back to real time. */
  reset(): void {
    this.fixed = undefined;
  }
}
