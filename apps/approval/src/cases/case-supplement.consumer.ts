import { SYSTEM_ACTOR, TaskAssigned, type ApplicationSupplemented, type PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import { Prisma } from '../generated/prisma/client.js';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { lockCase, taskSummary, updateCase, updateTask } from './case.repository.js';

/**
 * 退回补正, second half: on `intake.application.supplemented` for a case that was returned for supplement, every
 * task that returned it goes back to its department's queue (pending, unassigned, a new `approval.task.assigned`)
 * and the case is open again. A supplement for an application without a returned case (e.g. intake's own
 * pre-acceptance 一次性告知) has no effect here; the inbox makes a redelivery a no-op.
 */
export class CaseSupplementConsumer {
  constructor(private readonly ctx: ApprovalContext) {}

  readonly onSupplemented = async (p: PayloadOf<typeof ApplicationSupplemented>, { tx }: HandlerContext<ApprovalTx>): Promise<void> => {
    const found = await tx.approvalCase.findUnique({ where: { applicationNo: p.applicationNo }, select: { id: true } });
    if (!found) return;
    const c = await lockCase(tx, found.id);
    if (c.status !== 'returned') return;
    const returned = await tx.approvalTask.findMany({ where: { caseId: c.id, status: 'completed', verdict: 'return' } });
    const now = this.ctx.clock.now();
    for (const t of returned) {
      await updateTask(tx, t, {
        status: 'pending',
        verdict: null,
        completedAt: null,
        assigneeId: null,
        assigneeName: null,
        claimedAt: null,
        pendingVerdict: null,
        pendingOpinion: null,
        firstOfficial: Prisma.DbNull,
      });
    }
    await updateCase(tx, c, { status: 'open' });
    await appendAudit(tx, c.id, {
      action: 'case.supplemented',
      actor: SYSTEM_ACTOR,
      at: now,
      before: { status: c.status },
      after: {
        status: 'open',
        materialIds: p.materialIds,
        supplementedBy: p.actor.userId,
        reopened: returned.map((t) => ({ taskId: t.id, departmentCode: t.departmentCode })),
      },
    });
    for (const t of returned) {
      await this.ctx.store.messaging.stage(tx, TaskAssigned, {
        caseId: c.id,
        applicationNo: c.applicationNo,
        occurredAt: now.toISOString(),
        actor: SYSTEM_ACTOR,
        task: taskSummary(t),
      });
    }
  };
}
