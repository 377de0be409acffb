import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationWithdrawn, type ApplicationWithdrawBody } from '@hall/contracts';
import { illegalTransition } from '../../intake.errors.js';
import { eventBase, statusMessage } from '../../records/application-record.js';
import { ApplicationStatus, CASE_HELD_BY_APPROVAL, mayStart } from '../../records/application-status.js';
import type { WindowRepository } from '../window.repository.js';
import { commitCloseRequest, loadForApplicant } from './window-steps.js';

/**
 * 撤回. Before acceptance intake alone holds the application: withdrawn at once. Once accepted, approval owns the
 * case: the application moves to `closing` and approval settles the request under its case lock (closes the case,
 * or refuses because its decision committed first); intake follows approval's answer (closing.consumer.ts).
 */
export class WithdrawApplication {
  constructor(
    private readonly repo: WindowRepository,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: ApplicationWithdrawBody): Promise<void> {
    const { app, actor } = await loadForApplicant(this.repo, user, no);
    if (!mayStart('withdraw', app.status)) throw illegalTransition(no, app.status, 'withdraw');
    const now = this.clock.now();
    if (CASE_HELD_BY_APPROVAL.includes(app.status as ApplicationStatus)) {
      await this.repo.transaction((w) =>
        commitCloseRequest(w, app, { closing: 'withdraw', actor, now, reason: body.reason }),
      );
      return;
    }
    await this.repo.transaction(async (w) => {
      await w.transition(app, {
        action: 'withdraw',
        to: ApplicationStatus.Withdrawn,
        actor,
        at: now,
        ...(body.reason ? { note: body.reason } : {}),
        data: { withdrawnAt: now, withdrawReason: body.reason },
        notify: statusMessage(app, ApplicationStatus.Withdrawn),
      });
      await w.stage(ApplicationWithdrawn, { ...eventBase(app, actor, now), reason: body.reason });
    });
  }
}
