import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chinaDateString, endOfChinaDay } from './china-time.js';
import { STATUTORY_RULES_SINCE, statutoryRestDays } from './statutory-holidays.js';
import { type ExcludedInterval, WorkingCalendar, chinaCalendar } from './working-calendar.js';

const DAY = 86_400_000;

/** Start instants around the shipped data, including the data-less years before and after it. */
const startArb = fc.date({
  min: new Date('2024-11-01T00:00:00Z'),
  max: new Date('2027-06-30T00:00:00Z'),
  noInvalidDate: true,
});
const nArb = fc.integer({ min: 0, max: 250 });
const positiveNArb = fc.integer({ min: 1, max: 250 });

/** Up to 4 pauses starting within ~200 days after `start`, each lasting up to ~40 days. */
const excludedArb = (start: Date): fc.Arbitrary<ExcludedInterval[]> =>
  fc.array(
    fc
      .tuple(fc.integer({ min: -5 * DAY, max: 200 * DAY }), fc.integer({ min: 0, max: 40 * DAY }))
      .map(([offset, length]) => ({
        start: new Date(start.getTime() + offset),
        end: new Date(start.getTime() + offset + length),
      })),
    { maxLength: 4 },
  );

const withExcluded = fc
  .tuple(startArb, positiveNArb)
  .chain(([start, n]) => excludedArb(start).map((excluded) => ({ start, n, excluded })));

const calendars: Array<[string, WorkingCalendar]> = [
  ['chinaCalendar', chinaCalendar],
  ['weekend-only calendar', new WorkingCalendar()],
];

describe.each(calendars)('%s properties', (_name, cal) => {
  it('workingDaysBetween(start, addWorkingDays(start, n)) === n for n >= 1', () => {
    fc.assert(
      fc.property(startArb, positiveNArb, (start, n) => {
        expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n))).toBe(n);
      }),
    );
  });

  it('the deadline is the earliest such day: one day earlier only n - 1 working days have elapsed', () => {
    fc.assert(
      fc.property(startArb, positiveNArb, (start, n) => {
        const due = cal.addWorkingDays(start, n);
        expect(cal.workingDaysBetween(start, new Date(due.getTime() - DAY))).toBe(n - 1);
      }),
    );
  });

  it('the result is always the end (23:59:59.999 China time) of a working day after the start', () => {
    fc.assert(
      fc.property(startArb, nArb, (start, n) => {
        const due = cal.addWorkingDays(start, n);
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(due).toEqual(endOfChinaDay(due));
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        if (n > 0) expect(chinaDateString(due) > chinaDateString(start)).toBe(true);
      }),
    );
  });

  it('is monotonic in n (strictly for n >= 1) and composes: add(add(s, m), n) = add(s, m + n)', () => {
    fc.assert(
      fc.property(startArb, nArb, fc.integer({ min: 1, max: 60 }), (start, n, m) => {
        const a = cal.addWorkingDays(start, n).getTime();
        const b = cal.addWorkingDays(start, n + 1).getTime();
        if (n === 0) expect(b).toBeGreaterThanOrEqual(a);
        else expect(b).toBeGreaterThan(a);
        if (n >= 1) {
          expect(cal.addWorkingDays(cal.addWorkingDays(start, m), n)).toEqual(
            cal.addWorkingDays(start, m + n),
          );
        }
      }),
    );
  });

  it('n = 0 yields the start day exactly when it is a working day', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        const due = cal.addWorkingDays(start, 0);
        expect(chinaDateString(due) === chinaDateString(start)).toBe(cal.isWorkingDay(start));
        expect(cal.workingDaysBetween(start, due)).toBe(cal.isWorkingDay(start) ? 0 : 1);
      }),
    );
  });

  it('workingDaysBetween is additive and equals a day-by-day count', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (a, d1, d2) => {
          const b = new Date(a.getTime() + d1 * DAY);
          const c = new Date(b.getTime() + d2 * DAY);
          expect(cal.workingDaysBetween(a, c)).toBe(
            cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c),
          );
          let count = 0;
          for (let t = a.getTime() + DAY; chinaDateString(new Date(t)) <= chinaDateString(b); t += DAY) {
            if (cal.isWorkingDay(new Date(t))) count += 1;
          }
          expect(cal.workingDaysBetween(a, b)).toBe(count);
        },
      ),
    );
  });

  it('nextWorkingDay is the day of addWorkingDays(date, 1)', () => {
    fc.assert(
      fc.property(startArb, (date) => {
        const next = cal.nextWorkingDay(date);
        expect(chinaDateString(next)).toBe(chinaDateString(cal.addWorkingDays(date, 1)));
        expect(cal.nextWorkingDay(chinaDateString(date))).toBe(chinaDateString(next));
      }),
    );
  });

  it('excluded intervals extend the deadline by exactly the working days they cover', () => {
    fc.assert(
      fc.property(withExcluded, ({ start, n, excluded }) => {
        const due = cal.deadline(start, n, excluded);
        const consumed = cal.excludedWorkingDays(start, due, excluded);
        expect(cal.workingDaysBetween(start, due, excluded)).toBe(n);
        expect(due).toEqual(cal.addWorkingDays(start, n + consumed));
        expect(due.getTime()).toBeGreaterThanOrEqual(cal.addWorkingDays(start, n).getTime());
        // the deadline day itself is a working day that no pause touches
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(cal.excludedWorkingDays(new Date(due.getTime() - DAY), due, excluded)).toBe(0);
        // one day earlier, the limit has not yet been reached
        expect(cal.workingDaysBetween(start, new Date(due.getTime() - DAY), excluded)).toBe(n - 1);
      }),
    );
  });

  it('a pause entirely before the start day or entirely on rest days changes nothing', () => {
    fc.assert(
      fc.property(startArb, positiveNArb, fc.integer({ min: 1, max: 30 }), (start, n, back) => {
        const before = [
          {
            start: new Date(start.getTime() - back * DAY - DAY),
            end: endOfChinaDay(new Date(start.getTime() - DAY)),
          },
        ];
        expect(cal.deadline(start, n, before)).toEqual(cal.addWorkingDays(start, n));
      }),
    );
  });
});

describe('chinaCalendar vs the weekend rule', () => {
  it('differs in years without data only on the statutory holidays (from 2025 on)', () => {
    const weekendOnly = new WorkingCalendar();
    fc.assert(
      fc.property(startArb, (date) => {
        const day = chinaDateString(date);
        const year = Number(day.slice(0, 4));
        if (!chinaCalendar.hasDataFor(year)) {
          const statutory = year >= STATUTORY_RULES_SINCE && statutoryRestDays(year).includes(day);
          expect(chinaCalendar.isWorkingDay(date)).toBe(weekendOnly.isWorkingDay(date) && !statutory);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
