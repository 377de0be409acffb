import { ApplicationCloseRequested, ApplicationWithdrawn } from '@hall/contracts';
import { ManualClock } from '@hall/calendar';
import { IntakeErrorCode } from '../../intake.errors.js';
import {
  APP_NO,
  APPLICANT,
  CLERK,
  InMemoryWindowRepository,
  applicationRow,
} from '../testing/in-memory-window.js';

import { WithdrawApplication } from './withdraw.js';

const clock = new ManualClock('2026-03-03T02:00:00.000Z');

describe('WithdrawApplication (撤回)', () => {
  it('before acceptance: withdrawn at once', async () => {
    const repo = new InMemoryWindowRepository(applicationRow());
    await new WithdrawApplication(repo, clock).execute(APPLICANT, APP_NO, { reason: '不再需要' });
    expect(repo.all.transitions[0]).toMatchObject({ to: 'withdrawn', data: { withdrawReason: '不再需要' } });
    expect(repo.all.events.map((e) => e.type)).toEqual([ApplicationWithdrawn.type]);
  });

  it('once accepted approval holds the case: closing, and the request goes to approval', async () => {
    const repo = new InMemoryWindowRepository(applicationRow({ status: 'accepted' }));
    await new WithdrawApplication(repo, clock).execute(APPLICANT, APP_NO, { reason: '不再需要' });
    expect(repo.all.transitions[0]).toMatchObject({ action: 'withdraw-request', to: 'closing' });
    expect(repo.all.events.map((e) => e.type)).toEqual([ApplicationCloseRequested.type]);
  });

  it("only the applicant's own (a clerk only for a walk-in), not once decided", async () => {
    const repo = new InMemoryWindowRepository(applicationRow());
    await expect(
      new WithdrawApplication(repo, clock).execute(CLERK, APP_NO, { reason: '' }),
    ).rejects.toMatchObject({ status: 403 });
    const decided = new InMemoryWindowRepository(applicationRow({ status: 'decided' }));
    await expect(
      new WithdrawApplication(decided, clock).execute(APPLICANT, APP_NO, { reason: '' }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.IllegalTransition });
  });
});
