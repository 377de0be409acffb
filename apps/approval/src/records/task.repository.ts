import type { ApprovalTx } from '../approval.store.js';
import type { ApprovalTask, Opinion, Prisma } from '../generated/prisma/client.js';

/**
 * The tasks and opinions of a case (rows of the case aggregate: every write on them holds the case lock, see
 * lockCase). Optimistic task writes are `updateTask` in case.repository.ts.
 */

export function readTask(tx: ApprovalTx, taskId: string): Promise<ApprovalTask> {
  return tx.approvalTask.findUniqueOrThrow({ where: { id: taskId } });
}

export function findTask(tx: ApprovalTx, taskId: string): Promise<ApprovalTask | null> {
  return tx.approvalTask.findUnique({ where: { id: taskId } });
}

/** A case's tasks as the case shows them: lead first, then the co-departments by code. */
export function tasksOfCase(tx: ApprovalTx, caseId: string): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { caseId }, orderBy: [{ role: 'desc' }, { departmentCode: 'asc' }] });
}

/** The higher level's decision task of an escalated case, closed with the decision. */
export async function closeDecisionTasks(tx: ApprovalTx, caseId: string, verdict: 'approve' | 'deny', at: Date): Promise<void> {
  await tx.approvalTask.updateMany({
    where: { caseId, role: 'escalated', status: { notIn: ['completed', 'closed'] } },
    data: { status: 'closed', verdict, completedAt: at, version: { increment: 1 } },
  });
}

/** A case's opinions, oldest first. */
export function opinionsOfCase(tx: ApprovalTx, caseId: string): Promise<Opinion[]> {
  return tx.opinion.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
}

export async function addOpinion(tx: ApprovalTx, data: Prisma.OpinionUncheckedCreateInput): Promise<void> {
  await tx.opinion.create({ data });
}
