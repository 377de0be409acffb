import {
  ApplicationTerminated,
  ApplicationWithdrawn,
  SYSTEM_ACTOR,
  type CaseClosed,
  type CaseCloseRefused,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import { chinaDateString, type Clock } from '@hall/calendar';
import { eventBase, statusMessage } from '../records/application-record.js';
import { commitTransition, lockApplication, notify } from '../records/application.repository.js';
import { ApplicationStatus } from '../records/application-status.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { closeOpenReturns } from '../returns/return-request.repository.js';

const S = ApplicationStatus;

/**
 * Approval's answer to a withdrawal or termination of an accepted application (see commitCloseRequest in applications/usecases/window-steps.ts):
 * - `approval.case.closed`: the case closed before any decision → 已撤回 / 已终止, open return requests closed, and
 *   the `intake.application.withdrawn` / `terminated` event every other service already knows (supervision stops
 *   the clocks on it);
 * - `approval.case.close-refused`: the decision committed first → the application follows the decision (the
 *   decision event itself moves it on; if it has not arrived yet, the application is back under approval).
 */
export class ClosingConsumer {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
  ) {}

  readonly onCaseClosed = async (
    p: PayloadOf<typeof CaseClosed>,
    { tx }: HandlerContext<IntakeTx>,
  ): Promise<void> => {
    const app = await lockApplication(tx, p.applicationNo, this.store.cipher);
    if (!app || app.status === S.Withdrawn || app.status === S.Terminated) return;
    const now = this.clock.now();
    const closedAt = new Date(p.closedAt);
    await closeOpenReturns(tx, app.no, closedAt);
    if (p.closing === 'withdraw') {
      await commitTransition(tx, app, {
        action: 'withdraw',
        to: S.Withdrawn,
        actor: p.actor,
        at: now,
        note: '审批部门已确认撤回',
        data: { withdrawnAt: closedAt, closingAction: null },
        notify: statusMessage(app, S.Withdrawn, '审批部门已确认，办件不再办理。'),
      });
      await this.store.messaging.stage(tx, ApplicationWithdrawn, {
        ...eventBase(app, p.actor, now),
        reason: app.withdrawReason ?? p.reason,
      });
      return;
    }
    const reason = app.terminationReason ?? p.reason;
    await commitTransition(tx, app, {
      action: 'terminate',
      to: S.Terminated,
      actor: SYSTEM_ACTOR,
      at: now,
      note: reason,
      data: { terminatedAt: closedAt, terminationReason: reason, closingAction: null },
      notify: statusMessage(app, S.Terminated, reason),
    });
    await this.store.messaging.stage(tx, ApplicationTerminated, {
      ...eventBase(app, SYSTEM_ACTOR, now),
      reason: reason || '终止办理',
    });
  };

  readonly onCloseRefused = async (
    p: PayloadOf<typeof CaseCloseRefused>,
    { tx }: HandlerContext<IntakeTx>,
  ): Promise<void> => {
    const app = await lockApplication(tx, p.applicationNo, this.store.cipher);
    if (!app) return;
    const now = this.clock.now();
    const what = p.closing === 'withdraw' ? '撤回' : '终止';
    const why = `审批部门已于${chinaDateString(new Date(p.decidedAt))}作出${p.outcome === 'approved' ? '准予许可' : '不予许可'}决定，${what}未能办理`;
    if (app.status === S.Closing) {
      // The decision has not reached intake yet: back under approval; the decision event completes it.
      await commitTransition(tx, app, {
        action: `${p.closing}-refused`,
        to: S.Accepted,
        actor: SYSTEM_ACTOR,
        at: now,
        note: why,
        data: { closingAction: null },
        notify: {
          kind: 'closing-refused',
          title: `${what}未能办理`,
          body: `您申请的“${app.itemName}”（办件编号 ${app.no}）${why}。`,
        },
      });
      return;
    }
    // The decision came first and already moved the application on: the applicant still learns why.
    await notify(
      tx,
      app,
      {
        kind: 'closing-refused',
        title: `${what}未能办理`,
        body: `您申请的“${app.itemName}”（办件编号 ${app.no}）${why}。`,
      },
      now,
    );
  };
}
