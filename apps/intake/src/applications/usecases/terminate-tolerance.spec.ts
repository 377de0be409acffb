import { ManualClock } from '@hall/calendar';
import { APP_NO, InMemoryWindowRepository, applicationRow } from '../testing/in-memory-window.js';

import { TerminateTolerance } from './terminate-tolerance.js';

const tolerance = {
  status: 'accepted',
  acceptanceMode: 'tolerance',
  toleranceMissing: ['health'],
  toleranceSupplyBy: new Date('2026-03-09T02:00:00.000Z'),
};

describe('TerminateTolerance (容缺 not supplied, scheduled)', () => {
  it('past the supply-by date with nothing supplied: a termination request to approval (closing)', async () => {
    const repo = new InMemoryWindowRepository(applicationRow(tolerance));
    expect(
      await new TerminateTolerance(repo, new ManualClock('2026-03-10T02:00:00.000Z')).execute(APP_NO),
    ).toBe(true);
    expect(repo.all.transitions[0]).toMatchObject({ action: 'terminate-request', to: 'closing' });
    expect(repo.all.transitions[0]?.data).toMatchObject({ closingAction: 'terminate' });
  });

  it('not before the date, not once satisfied, not for a normal acceptance', async () => {
    const clock = new ManualClock('2026-03-10T02:00:00.000Z');
    for (const over of [
      { toleranceSupplyBy: new Date('2026-03-11T02:00:00.000Z') },
      { toleranceSatisfiedAt: new Date('2026-03-05T02:00:00.000Z') },
      { acceptanceMode: 'normal' },
    ]) {
      const repo = new InMemoryWindowRepository(applicationRow({ ...tolerance, ...over }));
      expect(await new TerminateTolerance(repo, clock).execute(APP_NO)).toBe(false);
      expect(repo.committed).toHaveLength(0);
    }
  });
});
