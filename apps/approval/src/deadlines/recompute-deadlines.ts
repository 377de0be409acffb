import type { ApprovalTx } from '../approval.store.js';
import type { ApprovalCase } from '../generated/prisma/client.js';
import type { CaseClock, Pause } from './case-clock.js';

/**
 * Every deadline of the case from acceptance with the finished pauses excluded: the case's promised and legal
 * limits (+ extensions) and each task's own limit (the deciding side's tasks share the extension). Task rows are
 * written here; the case's two dates are returned for the caller's own (versioned) case update.
 */
export async function recomputeDeadlines(
  tx: ApprovalTx,
  caseClock: CaseClock,
  c: Pick<ApprovalCase, 'id' | 'acceptedAt' | 'promisedLimitDays' | 'legalLimitDays'>,
  pauses: readonly Pause[],
  extensionDays: number,
): Promise<{ promisedDueAt: Date; legalDueAt: Date }> {
  const tasks = await tx.approvalTask.findMany({ where: { caseId: c.id }, select: { id: true, role: true, limitDays: true } });
  for (const t of tasks) {
    const extra = t.role === 'co' ? 0 : extensionDays;
    await tx.approvalTask.update({ where: { id: t.id }, data: { dueAt: caseClock.due(c.acceptedAt, t.limitDays, pauses, extra), version: { increment: 1 } } });
  }
  return {
    promisedDueAt: caseClock.due(c.acceptedAt, c.promisedLimitDays, pauses, extensionDays),
    legalDueAt: caseClock.due(c.acceptedAt, c.legalLimitDays, pauses, extensionDays),
  };
}
