import { chinaCalendar, chinaDateString } from '@hall/calendar';
import { CaseClock } from './case-clock.js';

/**
 * Hand-computed (2026 arrangement: 中秋 09-25..27, 国庆 10-01..07, make-up workdays Sun 09-20 and Sat 10-10).
 * Accepted Thu 2026-09-17 (the day itself never counts). Working days: 09-18 (1), 09-20 调休 (2), 09-21..24 (3-6),
 * 09-28..30 (7-9), 10-08 (10), 10-09 (11), 10-10 调休 (12), 10-12..16 (13-17), 10-19.. (18-).
 * Expert review Mon 10-12 09:00 → Fri 10-16 16:00 touches 5 working days, which leave every later deadline.
 */
const TABLE: Array<[limit: number, plain: string, paused: string]> = [
  [5, '2026-09-23', '2026-09-23'],
  [10, '2026-10-08', '2026-10-08'],
  [12, '2026-10-10', '2026-10-10'],
  [15, '2026-10-14', '2026-10-21'],
  [20, '2026-10-21', '2026-10-28'],
  [25, '2026-10-28', '2026-11-04'],
  [30, '2026-11-04', '2026-11-11'],
];

describe('case clock (working days from acceptance, pauses excluded)', () => {
  const clock = new CaseClock(chinaCalendar);
  const acceptedAt = new Date('2026-09-17T10:00:00+08:00');
  const review = { start: new Date('2026-10-12T09:00:00+08:00'), end: new Date('2026-10-16T16:00:00+08:00') };

  it.each(TABLE)('%i working days: %s without pause, %s with the expert review', (limit, plain, paused) => {
    expect(chinaDateString(clock.due(acceptedAt, limit, []))).toBe(plain);
    expect(chinaDateString(clock.due(acceptedAt, limit, [review]))).toBe(paused);
  });

  it('an extension adds working days after the pause; an open pause does not move deadlines yet', () => {
    expect(chinaDateString(clock.due(acceptedAt, 15, [review], 10))).toBe('2026-11-04');
    expect(chinaDateString(clock.due(acceptedAt, 15, [{ start: review.start, end: null }]))).toBe(
      '2026-10-14',
    );
  });

  it('counts working days used (pauses excluded) and left (negative when overdue)', () => {
    expect(clock.workingDaysUsed(acceptedAt, new Date('2026-10-20T10:00:00+08:00'), [review])).toBe(14);
    const due = clock.due(acceptedAt, 15, [review]);
    expect(clock.workingDaysLeft(new Date('2026-10-20T10:00:00+08:00'), due)).toBe(1);
    expect(clock.workingDaysLeft(new Date('2026-10-23T10:00:00+08:00'), due)).toBe(-2);
  });

  it('a deadline counted into 2027 (no official arrangement yet) skips 元旦 and is provisional (暂定)', () => {
    const december = new Date('2026-12-24T10:00:00+08:00');
    const due = clock.due(december, 6, []);
    expect(chinaDateString(due)).toBe('2027-01-04');
    expect(clock.isProvisional(december, due)).toBe(true);
    expect(clock.isProvisional(due, december)).toBe(true);
    expect(clock.isProvisional(acceptedAt, clock.due(acceptedAt, 30, []))).toBe(false);
  });
});
