import { chinaCalendar } from '@hall/calendar';
import {
  answerDeadline,
  correctionNoticeDeadline,
  perPageFee,
  perRequestFee,
  receiptDay,
} from './request-clock.js';

const at = (iso: string) => new Date(iso);
const later = at('2027-01-01T00:00:00Z');

/** The 依申请公开 clock on the shipped 2026 calendar (国庆 10-01…10-07 off; 09-27 and 10-10 worked). */
describe('request clock (《政府信息公开条例》 arts. 30–33) across the 2026 holidays', () => {
  it('answers 20 working days after a receipt on 2026-09-28, across 国庆: 2026-10-30', () => {
    expect(answerDeadline(chinaCalendar, '2026-09-28', 20, [], later).toISOString()).toBe(
      '2026-10-30T15:59:59.999Z',
    );
  });

  it('does not count the working days a third-party consultation touches (art. 33 ¶3)', () => {
    // 09-30 … 10-09 touches 09-30, 10-08 and 10-09 as working days: three more days.
    const pause = { start: at('2026-09-30T02:00:00Z'), end: at('2026-10-09T02:00:00Z') };
    expect(answerDeadline(chinaCalendar, '2026-09-28', 20, [pause], later).toISOString()).toBe(
      '2026-11-04T15:59:59.999Z',
    );
    // An open consultation lasts until now: the deadline moves while it runs.
    const open = { start: at('2026-09-30T02:00:00Z') };
    expect(
      answerDeadline(chinaCalendar, '2026-09-28', 20, [open], at('2026-10-09T02:00:00Z')).toISOString(),
    ).toBe('2026-11-04T15:59:59.999Z');
  });

  it('restarts from the corrected request and adds an approved extension (art. 30, 33 ¶2)', () => {
    const consult = { start: at('2026-10-12T02:00:00Z'), end: at('2026-10-16T02:00:00Z') };
    expect(answerDeadline(chinaCalendar, '2026-10-09', 20, [], later).toISOString()).toBe(
      '2026-11-05T15:59:59.999Z',
    );
    expect(answerDeadline(chinaCalendar, '2026-10-09', 20, [consult], later).toISOString()).toBe(
      '2026-11-12T15:59:59.999Z',
    );
    expect(answerDeadline(chinaCalendar, '2026-10-09', 30, [consult], later).toISOString()).toBe(
      '2026-11-26T15:59:59.999Z',
    );
    // a pause before the (new) receipt day does not move the restarted clock
    const before = { start: at('2026-09-29T02:00:00Z'), end: at('2026-10-09T01:00:00Z') };
    expect(answerDeadline(chinaCalendar, '2026-10-09', 20, [before], later).toISOString()).toBe(
      '2026-11-05T15:59:59.999Z',
    );
  });

  it('sends the 补正 notice within 7 working days: a 2026-09-28 request by 2026-10-13', () => {
    expect(correctionNoticeDeadline(chinaCalendar, '2026-09-28').toISOString()).toBe(
      '2026-10-13T15:59:59.999Z',
    );
  });

  it('receives per art. 31: online before 17:00 on a working day the same day, else the next working day', () => {
    const online = (iso: string) => receiptDay(chinaCalendar, 'online', at(iso));
    expect(online('2026-09-30T02:00:00Z')).toBe('2026-09-30'); // 10:00 Wednesday
    expect(online('2026-09-30T09:30:00Z')).toBe('2026-10-08'); // 17:30, then 国庆
    expect(online('2026-10-03T02:00:00Z')).toBe('2026-10-08'); // 国庆
    expect(online('2026-10-10T02:00:00Z')).toBe('2026-10-10'); // Saturday 调休 workday
    expect(online('2026-10-11T02:00:00Z')).toBe('2026-10-12'); // Sunday
    expect(receiptDay(chinaCalendar, 'window', at('2026-09-30T09:30:00Z'))).toBe('2026-09-30');
    expect(receiptDay(chinaCalendar, 'post', at('2026-10-12T02:00:00Z'), '2026-10-09')).toBe('2026-10-09');
    expect(receiptDay(chinaCalendar, 'email', at('2026-10-12T02:00:00Z'))).toBe('2026-10-12');
    expect(() => receiptDay(chinaCalendar, 'post', at('2026-10-12T02:00:00Z'))).toThrow(RangeError);
  });

  it('prices 信息处理费 per 国办函〔2020〕109号: 按件 per monthly ordinal, 按量 progressively per page', () => {
    expect([1, 10, 11, 30, 31, 40, 41, 51].map((n) => perRequestFee(n))).toEqual([
      0, 0, 100, 100, 200, 200, 300, 400,
    ]);
    expect([0, 30, 31, 45, 100, 101, 200, 201].map((n) => perPageFee(n))).toEqual([
      0, 0, 10, 150, 700, 720, 2700, 2740,
    ]);
    expect(() => perRequestFee(0)).toThrow(RangeError);
  });
});
