import { SupplementNoticeRejected } from '@hall/contracts';
import { ManualClock } from '@hall/calendar';
import { IntakeErrorCode } from '../../intake.errors.js';
import {
  APP_NO,
  CLERK,
  FakeNotices,
  InMemoryWindowRepository,
  applicationRow,
} from '../testing/in-memory-window.js';

import { RequestSupplement } from './request-supplement.js';

const items = [
  { materialId: 'layout', problem: '未提交' },
  { materialId: 'health', problem: '未提交' },
];

function setup(now = '2026-03-03T02:00:00.000Z') {
  const repo = new InMemoryWindowRepository(applicationRow({ missingMaterialIds: ['layout', 'health'] }));
  return { repo, use: new RequestSupplement(repo, new FakeNotices(), new ManualClock(now)) };
}

describe('RequestSupplement (一次性告知)', () => {
  it('lists every missing material once: supplement-requested, the notice keeps the materials asked for', async () => {
    const { repo, use } = setup();
    await use.execute(CLERK, APP_NO, { items });
    expect(repo.all.transitions[0]).toMatchObject({ to: 'supplement-requested' });
    expect(repo.all.notices[0]?.materialIds).toEqual(['layout', 'health']);
  });

  it('must list every missing material, each once, each of the implementation', async () => {
    const { use } = setup();
    await expect(use.execute(CLERK, APP_NO, { items: items.slice(0, 1) })).rejects.toMatchObject({
      code: IntakeErrorCode.NoticeIncomplete,
      details: { missing: ['health'] },
    });
    await expect(
      use.execute(CLERK, APP_NO, { items: [...items, { materialId: 'layout', problem: '重复' }] }),
    ).rejects.toMatchObject({
      code: IntakeErrorCode.MaterialDuplicate,
    });
    await expect(
      use.execute(CLERK, APP_NO, { items: [...items, { materialId: 'nope', problem: 'x' }] }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.MaterialUnknown });
  });

  it('after the 5 working days the application counts as accepted: no notice any more (409)', async () => {
    const { repo, use } = setup('2026-03-10T02:00:00.000Z');
    await expect(use.execute(CLERK, APP_NO, { items })).rejects.toMatchObject({
      code: IntakeErrorCode.SupplementDeadlinePassed,
    });
    expect(repo.committed).toHaveLength(0);
  });

  it('a second notice is refused (409) but the attempt is recorded with its event', async () => {
    const { repo, use } = setup();
    repo.supplementNoticeOf = { id: 'n-1', content: {} };
    await expect(use.execute(CLERK, APP_NO, { items })).rejects.toMatchObject({
      code: IntakeErrorCode.SupplementNoticeExists,
    });
    expect(repo.all.transitions).toHaveLength(0);
    expect(repo.all.attempts).toEqual([expect.objectContaining({ existingNoticeId: 'n-1' })]);
    expect(repo.all.events.map((e) => e.type)).toEqual([SupplementNoticeRejected.type]);
  });
});
