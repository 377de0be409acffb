/**
 * What the calendar needs after a year is replaced: every open clock read again with it. The clock evaluator
 * (cases/) provides it; the calendar names only this port so it does not depend on the cases it counts for.
 */
export interface OpenClocksReprojector {
  /** Re-projects every case with an open clock; returns how many. */
  reprojectOpen(): Promise<number>;
}

/** Nest injection token of the `OpenClocksReprojector`. */
export const OPEN_CLOCKS_REPROJECTOR = Symbol('OPEN_CLOCKS_REPROJECTOR');
