import { ManualClock, systemClock } from './clock.js';

describe('Clock', () => {
  it('systemClock reads real time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('ManualClock starts where it is told and moves only when moved', () => {
    const clock = new ManualClock('2026-09-18T10:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-09-18T02:00:00.000Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-09-18T02:01:00.000Z');
    clock.set(new Date('2026-10-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-10-01T00:00:00.000Z');
  });

  it('hands out copies: mutating a returned Date does not move the clock', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    clock.now().setUTCFullYear(2030);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('without a start it follows real time; reset returns to real time', () => {
    const clock = new ManualClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    clock.set('2000-01-01T00:00:00Z');
    expect(clock.now().getUTCFullYear()).toBe(2000);
    clock.reset();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('refuses a time that does not parse', () => {
    expect(() => new ManualClock('not a time')).toThrow(RangeError);
  });
});
