import { ManualClock } from '@hall/calendar';
import {
  APP_NO,
  FakeNotices,
  InMemoryWindowRepository,
  applicationRow,
} from '../testing/in-memory-window.js';

import { DeemAccepted } from './deem-accepted.js';

describe('DeemAccepted (AL art. 32, scheduled)', () => {
  it('after the 5-working-day mark without a notice: accepted from receipt, by the system', async () => {
    const repo = new InMemoryWindowRepository(applicationRow());
    const done = await new DeemAccepted(
      repo,
      new FakeNotices(),
      new ManualClock('2026-03-10T02:00:00.000Z'),
    ).execute(APP_NO);
    expect(done).toBe(true);
    expect(repo.all.transitions[0]).toMatchObject({
      action: 'deem-accepted',
      data: { acceptanceMode: 'deemed', acceptedAt: new Date('2026-03-02T02:00:00.000Z') },
    });
  });

  it('not before the mark, not once moved on', async () => {
    const early = new InMemoryWindowRepository(applicationRow());
    expect(
      await new DeemAccepted(early, new FakeNotices(), new ManualClock('2026-03-09T02:00:00.000Z')).execute(
        APP_NO,
      ),
    ).toBe(false);
    const noticed = new InMemoryWindowRepository(applicationRow({ status: 'supplement-requested' }));
    expect(
      await new DeemAccepted(noticed, new FakeNotices(), new ManualClock('2026-03-10T02:00:00.000Z')).execute(
        APP_NO,
      ),
    ).toBe(false);
    expect([...early.committed, ...noticed.committed]).toHaveLength(0);
  });
});
