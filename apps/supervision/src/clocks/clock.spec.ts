import { chinaCalendar } from '@hall/calendar';
import { DEFAULT_SETTINGS } from '../config/supervision.settings.js';
import { excludedIntervals, levelOf, readClock } from './clock.js';

describe('card levels', () => {
  it.each([
    [0, 20, 'green'],
    [17, 20, 'green'],
    [18, 20, 'yellow'], // 90% used
    [20, 20, 'yellow'], // deadline day
    [21, 20, 'red'],
    [3, 5, 'green'],
    [4, 5, 'yellow'], // 1 working day left
    [6, 5, 'red'],
  ] as const)('running clock with %i of %i working days used is %s', (used, limit, level) => {
    expect(levelOf(used, limit, true, DEFAULT_SETTINGS)).toBe(level);
  });

  it('a stopped clock is green within its limit and red beyond it', () => {
    expect(levelOf(20, 20, false, DEFAULT_SETTINGS)).toBe('green');
    expect(levelOf(21, 20, false, DEFAULT_SETTINGS)).toBe('red');
  });

  it('thresholds are configurable (e.g. a city warning only 1 day before)', () => {
    const oneDayBefore = { yellowRatio: 1, yellowRemainingDays: 1 };
    expect(levelOf(18, 20, true, oneDayBefore)).toBe('green');
    expect(levelOf(19, 20, true, oneDayBefore)).toBe('yellow');
  });

  it('an open pause stops the count: days while paused are not used', () => {
    const start = new Date('2026-03-02T10:00:00+08:00'); // Monday
    const paused = readClock(
      {
        startedAt: start,
        limitDays: 5,
        stoppedAt: null,
        pauses: [{ start: '2026-03-04T09:00:00+08:00', end: null }],
      },
      new Date('2026-03-13T12:00:00+08:00'),
      chinaCalendar,
      DEFAULT_SETTINGS,
    );
    expect(paused.usedDays).toBe(1); // only Tue 03-03 counted
    expect(paused.level).toBe('green');
  });
});

describe('a pause that opens after a clock stopped', () => {
  it('does not touch that clock (a hearing started after a department finished its step)', () => {
    const clock = {
      startedAt: new Date('2026-09-17T02:00:00Z'),
      limitDays: 5,
      stoppedAt: new Date('2026-09-18T02:00:00Z'),
      pauses: [{ start: '2026-09-21T02:00:00.000Z', end: null }],
    };
    const reading = readClock(clock, new Date('2026-09-25T02:00:00Z'), chinaCalendar, DEFAULT_SETTINGS);
    expect(reading.usedDays).toBe(1);
    expect(excludedIntervals(clock.pauses, clock.stoppedAt)).toEqual([]);
  });
});
