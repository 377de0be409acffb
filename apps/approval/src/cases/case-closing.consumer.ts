import {
  CaseClosed,
  CaseCloseRefused,
  SYSTEM_ACTOR,
  type ApplicationCloseRequested,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { findCaseIdOf, lockCase, rememberClosedApplication, updateCase } from '../records/case.repository.js';
import { endOpenProcedures } from '../records/procedure.repository.js';
import { closeOpenTasks } from '../records/task.repository.js';

const CLOSING_NAMES = { withdraw: '撤回', terminate: '终止' } as const;

/**
 * 撤回 / 终止 of an accepted application. Approval owns the case once it is accepted, so the race between a
 * decision and a withdrawal is settled here, under the case row lock, by one rule: whichever commits first in
 * approval wins. A case not yet decided is closed at once — every unfinished task leaves its queue, an open
 * pause ends, officer actions answer 409 CASE_CLOSED from then on, no decision and so no licence can follow —
 * and `approval.case.closed` tells intake (which then records 已撤回 / 已终止) and supervision (clocks stop).
 * A case already decided stays decided: `approval.case.close-refused` tells intake to follow the decision.
 * A request that overtakes the acceptance leaves a tombstone, so the late acceptance opens no case.
 */
export class CaseClosingConsumer {
  constructor(private readonly ctx: ApprovalContext) {}

  readonly onCloseRequested = async (
    p: PayloadOf<typeof ApplicationCloseRequested>,
    { tx }: HandlerContext<ApprovalTx>,
  ): Promise<void> => {
    const now = this.ctx.clock.now();
    const found = await findCaseIdOf(tx, p.applicationNo);
    if (!found) {
      await rememberClosedApplication(tx, p.applicationNo, p.closing, now);
      return;
    }
    const c = await lockCase(tx, found.id, this.ctx.store.pii);
    const base = {
      caseId: c.id,
      applicationNo: c.applicationNo,
      occurredAt: now.toISOString(),
      actor: p.actor,
    };
    if (c.status === 'closed') return;
    if (c.status === 'decided') {
      await appendAudit(tx, c.id, {
        action: 'case.close-refused',
        actor: p.actor,
        at: now,
        opinion: p.reason,
        before: { status: c.status },
        after: { status: c.status, refused: p.closing, outcome: c.outcome },
      });
      await this.ctx.store.messaging.stage(tx, CaseCloseRefused, {
        ...base,
        closing: p.closing,
        outcome: c.outcome === 'denied' ? 'denied' : 'approved',
        decidedAt: (c.decidedAt ?? now).toISOString(),
      });
      return;
    }
    const closedTaskIds = await closeOpenTasks(tx, c.id, now);
    // An open pause (特别程序 or 补正) ends with the case: nothing is left to count.
    await endOpenProcedures(tx, c.id, {
      endedAt: now,
      result: `办件已${CLOSING_NAMES[p.closing]}`,
      endedBy: SYSTEM_ACTOR,
    });
    const reason = p.reason || `申请人${CLOSING_NAMES[p.closing]}`;
    await updateCase(tx, c, { status: 'closed', closing: p.closing, closedAt: now, closeReason: reason });
    await appendAudit(tx, c.id, {
      action: 'case.closed',
      actor: p.actor,
      at: now,
      opinion: reason,
      before: { status: c.status },
      after: { status: 'closed', closing: p.closing, closedTaskIds },
    });
    await this.ctx.store.messaging.stage(tx, CaseClosed, {
      ...base,
      closing: p.closing,
      reason,
      closedAt: now.toISOString(),
      closedTaskIds,
    });
  };
}
