import {
  CaseResumed,
  SYSTEM_ACTOR,
  TaskAssigned,
  type ApplicationSupplemented,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { recomputeDeadlines } from '../deadlines/recompute-deadlines.js';
import {
  findCaseIdOf,
  lockCase,
  taskSummary,
  UNCLAIMED,
  updateCase,
  updateTask,
} from '../records/case.repository.js';
import { endProcedure, proceduresOfCase } from '../records/procedure.repository.js';
import { returnedTasksOfCase, tasksByIds } from '../records/task.repository.js';

/**
 * 退回补正, second half: on `intake.application.supplemented` for a case that was returned for supplement, every
 * task whose return the supplement answers (`answeredTaskIds`; all returned tasks when absent) goes back to its
 * department's queue (pending, unassigned, a new `approval.task.assigned`). Once no return is left unanswered the
 * case is open again, its 'supplement' pause ends and every deadline moves by the paused days
 * (`approval.case.resumed`). A supplement for an application without a returned case (e.g. intake's own
 * pre-acceptance 一次性告知) has no effect here; the inbox makes a redelivery a no-op.
 */
export class CaseSupplementConsumer {
  constructor(private readonly ctx: ApprovalContext) {}

  readonly onSupplemented = async (
    p: PayloadOf<typeof ApplicationSupplemented>,
    { tx }: HandlerContext<ApprovalTx>,
  ): Promise<void> => {
    const found = await findCaseIdOf(tx, p.applicationNo);
    if (!found) return;
    const c = await lockCase(tx, found.id, this.ctx.store.pii);
    if (c.status !== 'returned') return;
    const allReturned = await returnedTasksOfCase(tx, c.id);
    const answered = p.answeredTaskIds;
    const returned =
      answered === undefined ? allReturned : allReturned.filter((t) => answered.includes(t.id));
    const stillReturned = allReturned.length - returned.length;
    if (returned.length === 0) return;
    const now = this.ctx.clock.now();
    for (const t of returned) {
      await updateTask(tx, t, { ...UNCLAIMED, verdict: null, completedAt: null });
    }
    let resumed: { procedureId: string; promisedDueAt: Date; legalDueAt: Date } | undefined;
    if (stillReturned > 0) {
      await updateCase(tx, c, {});
    } else {
      const procedures = await proceduresOfCase(tx, c.id);
      const pause = procedures.find((x) => x.kind === 'supplement' && x.endedAt === null);
      if (pause) await endProcedure(tx, pause.id, { endedAt: now, result: '申请人已补正', endedBy: p.actor });
      const ended = procedures.map((x) => (x.id === pause?.id ? { ...x, endedAt: now } : x));
      const due = await recomputeDeadlines(tx, this.ctx.caseClock, c, ended, c.extensionDays);
      await updateCase(tx, c, {
        status: 'open',
        promisedDueAt: due.promisedDueAt,
        legalDueAt: due.legalDueAt,
      });
      if (pause) resumed = { procedureId: pause.id, ...due };
    }
    await appendAudit(tx, c.id, {
      action: 'case.supplemented',
      actor: SYSTEM_ACTOR,
      at: now,
      before: { status: c.status },
      after: {
        status: stillReturned > 0 ? c.status : 'open',
        materialIds: p.materialIds,
        supplementedBy: p.actor.userId,
        reopened: returned.map((t) => ({ taskId: t.id, departmentCode: t.departmentCode })),
      },
    });
    if (resumed) {
      await this.ctx.store.messaging.stage(tx, CaseResumed, {
        caseId: c.id,
        applicationNo: c.applicationNo,
        occurredAt: now.toISOString(),
        actor: SYSTEM_ACTOR,
        procedureId: resumed.procedureId,
        kind: 'supplement',
        endedAt: now.toISOString(),
        result: '申请人已补正',
        promisedDueAt: resumed.promisedDueAt.toISOString(),
        legalDueAt: resumed.legalDueAt.toISOString(),
      });
    }
    const reopened = await tasksByIds(
      tx,
      returned.map((t) => t.id),
    );
    for (const t of reopened) {
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
