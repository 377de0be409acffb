import { ApplicationNo, TaskRole, type TaskSummary } from '@hall/contracts';
import type { ApprovalTx } from '../approval.store.js';
import { ApprovalErrorCode } from '../approval.errors.js';
import { Prisma, type ApprovalCase, type ApprovalTask } from '../generated/prisma/client.js';
import { AppError } from '@hall/platform';
import { holdAuditHead } from '../audit/audit.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` everywhere is the case id or the application number (办件编号). Undefined when neither matches. */
export async function findCase(tx: ApprovalTx, idOrNo: string): Promise<ApprovalCase | null> {
  if (ApplicationNo.safeParse(idOrNo).success)
    return tx.approvalCase.findUnique({ where: { applicationNo: idOrNo } });
  if (UUID.test(idOrNo)) return tx.approvalCase.findUnique({ where: { id: idOrNo } });
  return null;
}

export function readCase(tx: ApprovalTx, caseId: string): Promise<ApprovalCase> {
  return tx.approvalCase.findUniqueOrThrow({ where: { id: caseId } });
}

/** The case's current version (for an optimistic write after earlier writes in the same transaction). */
export function readCaseVersion(
  tx: ApprovalTx,
  caseId: string,
): Promise<Pick<ApprovalCase, 'id' | 'version'>> {
  return tx.approvalCase.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, version: true } });
}

/**
 * Locks the case row for the rest of the transaction and returns its current state. Every write on a case or
 * its tasks takes this lock first: writes on one case are serialised (the audit chain never forks), writes on
 * different cases never wait for each other.
 */
export async function lockCase(tx: ApprovalTx, caseId: string): Promise<ApprovalCase> {
  await tx.$queryRawUnsafe('SELECT 1 FROM "approval_case" WHERE "id" = $1::uuid FOR UPDATE', caseId);
  const c = await tx.approvalCase.findUniqueOrThrow({ where: { id: caseId } });
  holdAuditHead(tx, caseId, c);
  return c;
}

/**
 * `lockCase` for the case of task `taskId`, found from the task in the same statement (a task's case never changes):
 * one read fewer than reading the task first (issue 22). Null when no such task exists.
 */
export async function lockCaseOfTask(tx: ApprovalTx, taskId: string): Promise<ApprovalCase | null> {
  if (!UUID.test(taskId)) return null;
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT c."id"::text AS id FROM "approval_case" c
      WHERE c."id" = (SELECT t."case_id" FROM "approval_task" t WHERE t."id" = $1::uuid) FOR UPDATE`,
    taskId,
  );
  const id = rows[0]?.id;
  if (id === undefined) return null;
  const c = await tx.approvalCase.findUniqueOrThrow({ where: { id } });
  holdAuditHead(tx, id, c);
  return c;
}

/** Optimistic write of a case: applies only when the version is still the one read; otherwise 409. */
export async function updateCase(
  tx: ApprovalTx,
  current: Pick<ApprovalCase, 'id' | 'version'>,
  data: Parameters<ApprovalTx['approvalCase']['updateMany']>[0]['data'],
): Promise<void> {
  const { count } = await tx.approvalCase.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count !== 1)
    throw AppError.conflict(
      ApprovalErrorCode.ConcurrentModification,
      'the case changed meanwhile; reload and retry',
    );
}

/**
 * Optimistic write of a task (version column): exactly one of two concurrent actions wins, the other gets 409.
 * Returns the task as written (one `UPDATE … RETURNING`: no read after the write).
 */
export async function updateTask(
  tx: ApprovalTx,
  current: Pick<ApprovalTask, 'id' | 'version'>,
  data: Parameters<ApprovalTx['approvalTask']['update']>[0]['data'],
): Promise<ApprovalTask> {
  try {
    return await tx.approvalTask.update({
      where: { id: current.id, version: current.version },
      data: { ...data, version: { increment: 1 } },
    });
  } catch (err) {
    // P2025: no row with this id at this version (another action moved it on).
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025')
      throw AppError.conflict(
        ApprovalErrorCode.ConcurrentModification,
        'the task changed meanwhile; reload and retry',
      );
    throw err;
  }
}

/** A task back in its department's queue: unassigned, nothing signed or pending (release, reopening after 补正). */
export const UNCLAIMED = {
  status: 'pending',
  assigneeId: null,
  assigneeName: null,
  claimedAt: null,
  pendingVerdict: null,
  pendingOpinion: null,
  pendingItems: Prisma.DbNull,
  firstOfficial: Prisma.DbNull,
} as const;

export function taskSummary(
  t: Pick<ApprovalTask, 'id' | 'departmentCode' | 'departmentName' | 'role' | 'limitDays' | 'dueAt'>,
): TaskSummary {
  return {
    taskId: t.id,
    departmentCode: t.departmentCode,
    departmentName: t.departmentName,
    role: TaskRole.parse(t.role),
    limitDays: t.limitDays,
    dueAt: t.dueAt.toISOString(),
  };
}

/** The id of the case opened for an application, or null (not accepted yet, or approval has not heard of it). */
export function findCaseIdOf(
  tx: ApprovalTx,
  applicationNo: string,
): Promise<Pick<ApprovalCase, 'id'> | null> {
  return tx.approvalCase.findUnique({ where: { applicationNo }, select: { id: true } });
}

/** Remembers an application closed before its case was opened (a later acceptance event opens nothing). */
export async function rememberClosedApplication(
  tx: ApprovalTx,
  applicationNo: string,
  closing: string,
  closedAt: Date,
): Promise<void> {
  await tx.closedApplication.upsert({
    where: { applicationNo },
    create: { applicationNo, closing, closedAt },
    update: {},
  });
}

/** An application closed (撤回 / 终止) before its case was opened. */
export async function wasClosedBeforeOpening(tx: ApprovalTx, applicationNo: string): Promise<boolean> {
  return (await tx.closedApplication.findUnique({ where: { applicationNo } })) !== null;
}

export async function createCase(
  tx: ApprovalTx,
  data: Prisma.ApprovalCaseUncheckedCreateInput,
): Promise<void> {
  await tx.approvalCase.create({ data });
}

/** The running cases (ids, in id order) with a deadline or an acceptance in [from, until): what a new calendar year may move. */
export async function runningCasesAround(
  tx: ApprovalTx,
  statuses: readonly string[],
  from: Date,
  until: Date,
): Promise<string[]> {
  const rows = await tx.approvalCase.findMany({
    where: {
      status: { in: [...statuses] },
      acceptedAt: { lt: until },
      OR: [
        { promisedDueAt: { gte: from } },
        { legalDueAt: { gte: from } },
        { tasks: { some: { dueAt: { gte: from } } } },
      ],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.id);
}
