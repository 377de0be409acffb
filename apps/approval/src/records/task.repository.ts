import type { ApprovalTx } from '../approval.store.js';
import { auditParams, auditWritten, type PreparedAudit } from '../audit/audit.repository.js';
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

/**
 * The tasks of a case just opened and its audit entry (with the case's new chain head) in one statement (issue 22):
 * the tasks come as one JSON array of rows.
 */
export async function createTasksWithAudit(
  tx: ApprovalTx,
  tasks: readonly NewTask[],
  audit: PreparedAudit,
  at: Date,
): Promise<void> {
  const rows = tasks.map((t) => ({
    id: t.id,
    case_id: t.caseId,
    application_no: t.applicationNo,
    item_name: t.itemName,
    region_code: t.regionCode,
    department_code: t.departmentCode,
    department_name: t.departmentName,
    role: t.role,
    status: t.status,
    limit_days: t.limitDays,
    due_at: t.dueAt.toISOString(),
    two_officials: t.twoOfficials,
    created_at: at.toISOString(),
  }));
  await tx.$executeRawUnsafe(
    `WITH tasks AS (
       INSERT INTO "approval_task" ("id", "case_id", "application_no", "item_name", "region_code", "department_code",
         "department_name", "role", "status", "version", "limit_days", "due_at", "two_officials", "created_at")
       SELECT r."id", r."case_id", r."application_no", r."item_name", r."region_code", r."department_code",
         r."department_name", r."role", r."status", 0, r."limit_days", r."due_at", r."two_officials", r."created_at"
         FROM json_populate_recordset(NULL::"approval_task", $12::json) AS r
       RETURNING "id"),
     entry AS (
       INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
       VALUES ($1::uuid, $2, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10)
       RETURNING "case_id")
     UPDATE "approval_case" SET "audit_seq" = $2, "audit_head" = $10, "updated_at" = $11::timestamptz
       FROM entry WHERE "approval_case"."id" = entry."case_id"`,
    ...auditParams(audit),
    JSON.stringify(rows),
  );
  auditWritten(tx, audit);
}

/** A case's tasks in the order they were opened. */
export function tasksOfCaseAsOpened(tx: ApprovalTx, caseId: string): Promise<ApprovalTask[]> {
  return tx.approvalTask.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
}
