import { ManualClock } from '@hall/calendar';
import { IntakeErrorCode } from '../../intake.errors.js';
import {
  APP_NO,
  APPLICANT,
  CLERK,
  FakeNotices,
  InMemoryWindowRepository,
  applicationRow,
} from '../testing/in-memory-window.js';

import { RefuseApplication } from './refuse.js';

const clock = new ManualClock('2026-03-03T02:00:00.000Z');

describe('RefuseApplication (不予受理)', () => {
  it('refuses with reasons and where to apply: transition, refusal notice, refused event', async () => {
    const repo = new InMemoryWindowRepository(applicationRow());
    const notices = new FakeNotices();
    await new RefuseApplication(repo, notices, clock).execute(CLERK, APP_NO, {
      reasons: '不属于本机关职权范围',
      redirectTo: '杭州市市场监督管理局',
    });
    const { transitions, events, notices: written } = repo.all;
    expect(transitions[0]).toMatchObject({ action: 'refuse', to: 'refused', note: '不属于本机关职权范围' });
    expect(transitions[0]?.notify?.body).toContain('请向杭州市市场监督管理局申请');
    expect(written.map((n) => n.kind)).toEqual(['refusal']);
    expect(events[0]?.payload).toMatchObject({
      redirectTo: '杭州市市场监督管理局',
      noticeId: written[0]?.id,
    });
  });

  it('not once accepted (409), not by the applicant (403)', async () => {
    const accepted = new InMemoryWindowRepository(applicationRow({ status: 'accepted' }));
    await expect(
      new RefuseApplication(accepted, new FakeNotices(), clock).execute(CLERK, APP_NO, { reasons: 'x' }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.IllegalTransition });
    const repo = new InMemoryWindowRepository(applicationRow());
    await expect(
      new RefuseApplication(repo, new FakeNotices(), clock).execute(APPLICANT, APP_NO, { reasons: 'x' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(repo.committed).toHaveLength(0);
  });
});
