import { monthlyContributions, monthlyDelta, type MonthlyInput } from './monthly.js';

const d = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const base: MonthlyInput = {
  regionCode: '330106',
  takenInRegion: null,
  departmentCode: 'market',
  receivedAt: null,
  acceptedAt: null,
  completedAt: null,
  decidedAt: null,
  closedAt: null,
  onTime: null,
};
const key = (month: string, dept = 'market', region = '330106'): string =>
  [month, dept, region].join('\u0000');

describe('monthly per-department contributions', () => {
  it('counts each event in its own China-time month; on time/overdue in the month the promised clock stopped', () => {
    const row: MonthlyInput = {
      ...base,
      receivedAt: d('2026-08-31 23:30'),
      acceptedAt: d('2026-09-01 00:10'),
      decidedAt: d('2026-10-09 10:00'),
      completedAt: d('2026-11-02 09:00'),
      onTime: false,
    };
    expect(Object.fromEntries(monthlyContributions(row))).toEqual({
      [key('2026-08')]: { received: 1, accepted: 0, completed: 0, onTime: 0, overdue: 0 },
      [key('2026-09')]: { received: 0, accepted: 1, completed: 0, onTime: 0, overdue: 0 },
      [key('2026-10')]: { received: 0, accepted: 0, completed: 0, onTime: 0, overdue: 1 },
      [key('2026-11')]: { received: 0, accepted: 0, completed: 1, onTime: 0, overdue: 0 },
    });
    // UTC 2026-08-31T16:30Z is already September in China.
    expect([
      ...monthlyContributions({ ...base, receivedAt: new Date('2026-08-31T16:30:00Z') }).keys(),
    ]).toEqual([key('2026-09')]);
  });

  it('deltas: nothing for the same row (replays), a move between keys when the department changes', () => {
    const row: MonthlyInput = {
      ...base,
      receivedAt: d('2026-09-01 09:00'),
      acceptedAt: d('2026-09-02 09:00'),
      decidedAt: d('2026-09-10 09:00'),
      onTime: true,
    };
    expect(monthlyDelta(row, { ...row })).toEqual([]);
    expect(monthlyDelta(null, row)).toEqual([
      [key('2026-09'), { received: 1, accepted: 1, completed: 0, onTime: 1, overdue: 0 }],
    ]);
    expect(monthlyDelta(row, { ...row, departmentCode: 'health' })).toEqual([
      [key('2026-09', 'health'), { received: 1, accepted: 1, completed: 0, onTime: 1, overdue: 0 }],
      [key('2026-09'), { received: -1, accepted: -1, completed: 0, onTime: -1, overdue: 0 }],
    ]);
    expect(monthlyDelta(row, { ...row, onTime: false })).toEqual([
      [key('2026-09'), { received: 0, accepted: 0, completed: 0, onTime: -1, overdue: 1 }],
    ]);
  });

  it('counts a case taken in below the county under the township or village that took it in', () => {
    const row: MonthlyInput = { ...base, takenInRegion: '330106109201', receivedAt: d('2026-09-14 09:00') };
    expect([...monthlyContributions(row).keys()]).toEqual([key('2026-09', 'market', '330106109201')]);
    // The handover recorded later moves the case from the county's row to the village's.
    expect(monthlyDelta({ ...row, takenInRegion: null }, row)).toEqual([
      [key('2026-09'), { received: -1, accepted: 0, completed: 0, onTime: 0, overdue: 0 }],
      [
        key('2026-09', 'market', '330106109201'),
        { received: 1, accepted: 0, completed: 0, onTime: 0, overdue: 0 },
      ],
    ]);
  });
});
