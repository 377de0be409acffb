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
  return tx.approvalTask.findMany({
    where: { caseId },
    orderBy: [{ role: 'desc' }, { departmentCode: 'asc' }],
  });
}

/** The higher level's decision task of an escalated case, closed with the decision. */
export async function closeDecisionTasks(
  tx: ApprovalTx,
  caseId: string,
  verdict: 'approve' | 'deny',
  at: Date,
): Promise<void> {
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

export function tasksByIds(tx: ApprovalTx, ids: readonly string[]): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { id: { in: [...ids] } } });
}

/** The tasks of a case its departments returned for supplement (退回补正), waiting for the applicant. */
export function returnedTasksOfCase(tx: ApprovalTx, caseId: string): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { caseId, status: 'completed', verdict: 'return' } });
}

/** Closes every unfinished task of a closed case (nothing signed or pending stays); returns their ids. */
export async function closeOpenTasks(tx: ApprovalTx, caseId: string, at: Date): Promise<string[]> {
  const unfinished = { caseId, status: { notIn: ['completed', 'closed'] } };
  const open = await tx.approvalTask.findMany({ where: unfinished, select: { id: true } });
  await tx.approvalTask.updateMany({
    where: unfinished,
    data: {
      status: 'closed',
      completedAt: at,
      assigneeId: null,
      assigneeName: null,
      claimedAt: null,
      pendingVerdict: null,
      pendingOpinion: null,
      pausedSince: null,
      version: { increment: 1 },
    },
  });
  return open.map((t) => t.id);
}

/** What a task's deadline is computed from. */
export function taskLimitsOfCase(
  tx: ApprovalTx,
  caseId: string,
): Promise<Pick<ApprovalTask, 'id' | 'role' | 'limitDays'>[]> {
  return tx.approvalTask.findMany({ where: { caseId }, select: { id: true, role: true, limitDays: true } });
}

/** A recomputed deadline (a new version: a caller holding the old one must reload). */
export async function setTaskDue(tx: ApprovalTx, taskId: string, dueAt: Date): Promise<void> {
  await tx.approvalTask.update({ where: { id: taskId }, data: { dueAt, version: { increment: 1 } } });
}

export async function createTasks(
  tx: ApprovalTx,
  tasks: Prisma.ApprovalTaskCreateManyInput[],
): Promise<void> {
  await tx.approvalTask.createMany({ data: tasks });
}

/** A case's tasks in the order they were opened. */
export function tasksOfCaseAsOpened(tx: ApprovalTx, caseId: string): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
}
