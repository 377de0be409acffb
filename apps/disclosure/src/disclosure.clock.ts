/**
 * Nest injection token of the disclosure service's clock: a `ManualClock` (@hall/calendar) that follows real time
 * unless a test sets or advances it. Deadlines, 发布日期 and overdue flags read time only through it.
 */
export const DISCLOSURE_CLOCK = Symbol('DISCLOSURE_CLOCK');
