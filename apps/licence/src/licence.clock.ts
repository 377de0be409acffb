/**
 * Nest injection token of the licence service's clock: a `ManualClock` (@hall/calendar) that follows real time
 * unless a test sets or advances it. Validity, expiry and verification read time only through it.
 */
export const LICENCE_CLOCK = Symbol('LICENCE_CLOCK');
