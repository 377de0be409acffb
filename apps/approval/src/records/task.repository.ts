import type { ApprovalTx } from '../approval.store.js';
import type { ApprovalTask } from '../generated/prisma/client.js';

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

/** A task of a case being opened (`createTasksWithAudit`). */
export type NewTask = Pick<
  ApprovalTask,
  | 'id'
  | 'caseId'
  | 'applicationNo'
  | 'itemName'
  | 'regionCode'
  | 'departmentCode'
  | 'departmentName'
  | 'role'
  | 'status'
  | 'limitDays'
  | 'dueAt'
  | 'twoOfficials'
>;

/** A case's tasks in the order they were opened. */
export function tasksOfCaseAsOpened(tx: ApprovalTx, caseId: string): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
}
