import { ApplicationNo, TaskRole, type TaskSummary } from '@hall/contracts';
import type { ApprovalTx } from '../approval.store.js';
import { ApprovalErrorCode } from '../approval.errors.js';
import { Prisma, type ApprovalCase, type ApprovalTask } from '../generated/prisma/client.js';
import { AppError, revealPii, type PiiCipher } from '@hall/platform';
import { auditParams, auditWritten, holdAuditHead, type PreparedAudit } from '../audit/audit.repository.js';

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
 * different cases never wait for each other. The lock and the read are one statement (issue 22): every column under
 * its model field name, typed by Prisma as `findUnique` would (timestamptz → Date, jsonb → value, text[] → array),
 * personal data revealed with the store's cipher as the PII extension reveals it (raw statements bypass it).
 */
export async function lockCase(tx: ApprovalTx, caseId: string, pii: PiiCipher): Promise<ApprovalCase> {
  const [c] = await tx.$queryRawUnsafe<ApprovalCase[]>(
    `SELECT c."id", c."application_no" AS "applicationNo", c."status", c."joint_kind" AS "jointKind", c."version",
       c."implementation_code" AS "implementationCode", c."implementation_version" AS "implementationVersion",
       c."item_name" AS "itemName", c."region_code" AS "regionCode",
       c."lead_department_code" AS "leadDepartmentCode",
       c."deciding_department_code" AS "decidingDepartmentCode", c."department_codes" AS "departmentCodes",
       c."applicant", c."form_data" AS "formData", c."materials", c."acceptance_mode" AS "acceptanceMode",
       c."accepted_at" AS "acceptedAt", c."accepted_by" AS "acceptedBy",
       c."accepted_by_name" AS "acceptedByName", c."promised_limit_days" AS "promisedLimitDays",
       c."legal_limit_days" AS "legalLimitDays", c."extension_days" AS "extensionDays",
       c."promised_due_at" AS "promisedDueAt", c."legal_due_at" AS "legalDueAt", c."outcome", c."reasons",
       c."decided_at" AS "decidedAt", c."decided_by" AS "decidedBy", c."closing", c."closed_at" AS "closedAt",
       c."close_reason" AS "closeReason", c."audit_seq" AS "auditSeq", c."audit_head" AS "auditHead",
       c."created_at" AS "createdAt", c."updated_at" AS "updatedAt"
       FROM "approval_case" c WHERE c."id" = $1::uuid FOR UPDATE`,
    caseId,
  );
  if (c === undefined) throw new Error(`approval case ${caseId} not found`);
  holdAuditHead(tx, caseId, c);
  return revealPii(pii, c) as ApprovalCase;
}

/**
 * `lockCase` for the case of task `taskId`, found from the task, with the task as it is under the lock — one statement
 * (issue 22). The task row is locked too (`FOR UPDATE OF c, t`: re-read at its newest version when the statement waited
 * for the case lock); every writer of a task holds its case lock first, so no writer waits the other way round. Null
 * when no such task exists.
 */
export async function lockCaseOfTask(
  tx: ApprovalTx,
  taskId: string,
  pii: PiiCipher,
): Promise<{ c: ApprovalCase; t: ApprovalTask } | null> {
  if (!UUID.test(taskId)) return null;
  const [row] = await tx.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT c."id", c."application_no" AS "applicationNo", c."status", c."joint_kind" AS "jointKind", c."version",
       c."implementation_code" AS "implementationCode", c."implementation_version" AS "implementationVersion",
       c."item_name" AS "itemName", c."region_code" AS "regionCode",
       c."lead_department_code" AS "leadDepartmentCode",
       c."deciding_department_code" AS "decidingDepartmentCode", c."department_codes" AS "departmentCodes",
       c."applicant", c."form_data" AS "formData", c."materials", c."acceptance_mode" AS "acceptanceMode",
       c."accepted_at" AS "acceptedAt", c."accepted_by" AS "acceptedBy",
       c."accepted_by_name" AS "acceptedByName", c."promised_limit_days" AS "promisedLimitDays",
       c."legal_limit_days" AS "legalLimitDays", c."extension_days" AS "extensionDays",
       c."promised_due_at" AS "promisedDueAt", c."legal_due_at" AS "legalDueAt", c."outcome", c."reasons",
       c."decided_at" AS "decidedAt", c."decided_by" AS "decidedBy", c."closing", c."closed_at" AS "closedAt",
       c."close_reason" AS "closeReason", c."audit_seq" AS "auditSeq", c."audit_head" AS "auditHead",
       c."created_at" AS "createdAt", c."updated_at" AS "updatedAt",
       t."id" AS "task.id", t."case_id" AS "task.caseId", t."application_no" AS "task.applicationNo",
       t."item_name" AS "task.itemName", t."region_code" AS "task.regionCode",
       t."department_code" AS "task.departmentCode", t."department_name" AS "task.departmentName",
       t."role" AS "task.role", t."status" AS "task.status", t."version" AS "task.version",
       t."assignee_id" AS "task.assigneeId", t."assignee_name" AS "task.assigneeName",
       t."claimed_at" AS "task.claimedAt", t."limit_days" AS "task.limitDays", t."due_at" AS "task.dueAt",
       t."two_officials" AS "task.twoOfficials", t."pending_verdict" AS "task.pendingVerdict",
       t."pending_opinion" AS "task.pendingOpinion", t."pending_items" AS "task.pendingItems",
       t."first_official" AS "task.firstOfficial", t."verdict" AS "task.verdict",
       t."completed_at" AS "task.completedAt", t."paused_since" AS "task.pausedSince",
       t."created_at" AS "task.createdAt"
       FROM "approval_case" c JOIN "approval_task" t ON t."case_id" = c."id"
      WHERE t."id" = $1::uuid FOR UPDATE OF c, t`,
    taskId,
  );
  if (row === undefined) return null;
  const c: Record<string, unknown> = {};
  const t: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('task.')) t[key.slice(5)] = value;
    else c[key] = value;
  }
  const kase = revealPii(pii, c) as ApprovalCase;
  holdAuditHead(tx, kase.id, kase);
  return { c: kase, t: t as unknown as ApprovalTask };
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

/** What a task action writes on a task: its state columns (plain values; `Prisma.DbNull` clears a JSON column). */
export type TaskWrite = Partial<
  Pick<
    ApprovalTask,
    | 'status'
    | 'assigneeId'
    | 'assigneeName'
    | 'claimedAt'
    | 'pendingVerdict'
    | 'pendingOpinion'
    | 'verdict'
    | 'completedAt'
    | 'pausedSince'
    | 'dueAt'
  >
> & { pendingItems?: unknown; firstOfficial?: unknown };

/** The opinion a task's completion records (`writeTaskAudited`). */
export interface OpinionRow {
  id: string;
  verdict: string;
  text: string;
  officials: unknown;
  createdAt: Date;
}

/**
 * A task action's write in one statement (issue 22): the optimistic task write (`updateTask`'s rule: applies only at
 * the version read, else 409), the opinion it records (if any) and the case's audit entry with its new chain head.
 * The opinion and the entry are written only when the task write applied. Every state column is written, from the
 * task as read under the case lock with `data` laid over it. Returns the task as written.
 */
export async function writeTaskAudited(
  tx: ApprovalTx,
  current: ApprovalTask,
  data: TaskWrite,
  audit: PreparedAudit,
  opinion: OpinionRow | null,
): Promise<ApprovalTask> {
  const next = { ...current, ...definedOnly(data) };
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  const json = (v: unknown) => (v === null || v === undefined || v === Prisma.DbNull ? null : JSON.stringify(v));
  const rows = await tx.$queryRawUnsafe<ApprovalTask[]>(
    `WITH t AS (
       UPDATE "approval_task" SET "status" = $14, "assignee_id" = $15, "assignee_name" = $16,
         "claimed_at" = $17::timestamptz, "pending_verdict" = $18, "pending_opinion" = $19,
         "pending_items" = $20::jsonb, "first_official" = $21::jsonb, "verdict" = $22,
         "completed_at" = $23::timestamptz, "paused_since" = $24::timestamptz, "due_at" = $25::timestamptz,
         "version" = "version" + 1
        WHERE "id" = $12::uuid AND "version" = $13::int
       RETURNING "id", "case_id" AS "caseId", "application_no" AS "applicationNo", "item_name" AS "itemName",
         "region_code" AS "regionCode", "department_code" AS "departmentCode", "department_name" AS "departmentName",
         "role", "status", "version", "assignee_id" AS "assigneeId", "assignee_name" AS "assigneeName",
         "claimed_at" AS "claimedAt", "limit_days" AS "limitDays", "due_at" AS "dueAt",
         "two_officials" AS "twoOfficials", "pending_verdict" AS "pendingVerdict",
         "pending_opinion" AS "pendingOpinion", "pending_items" AS "pendingItems",
         "first_official" AS "firstOfficial", "verdict", "completed_at" AS "completedAt",
         "paused_since" AS "pausedSince", "created_at" AS "createdAt"),
     o AS (
       INSERT INTO "opinion" ("id", "case_id", "task_id", "department_code", "department_name", "role", "verdict",
         "text", "officials", "created_at")
       SELECT $26::uuid, t."caseId", t."id", t."departmentCode", t."departmentName", t."role", $27, $28, $29::jsonb,
         $30::timestamptz
         FROM t WHERE $26::uuid IS NOT NULL),
     entry AS (
       INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
       SELECT $1::uuid, $2::int, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10 FROM t
       RETURNING "case_id"),
     head AS (
       UPDATE "approval_case" SET "audit_seq" = $2::int, "audit_head" = $10, "updated_at" = $11::timestamptz
         FROM entry WHERE "approval_case"."id" = entry."case_id")
     SELECT * FROM t`,
    ...auditParams(audit),
    current.id,
    current.version,
    next.status,
    next.assigneeId,
    next.assigneeName,
    iso(next.claimedAt),
    next.pendingVerdict,
    next.pendingOpinion,
    json(next.pendingItems),
    json(next.firstOfficial),
    next.verdict,
    iso(next.completedAt),
    iso(next.pausedSince),
    iso(next.dueAt),
    opinion?.id ?? null,
    opinion?.verdict ?? null,
    opinion?.text ?? null,
    opinion === null ? null : json(opinion.officials),
    opinion === null ? null : iso(opinion.createdAt),
  );
  const [written] = rows;
  if (written === undefined)
    throw AppError.conflict(
      ApprovalErrorCode.ConcurrentModification,
      'the task changed meanwhile; reload and retry',
    );
  auditWritten(tx, audit);
  return written;
}

function definedOnly<T extends object>(data: T): Partial<T> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<T>;
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

/**
 * Whether a case was opened for an application, and whether the application was closed (撤回 / 终止) before one was:
 * one statement for both (issue 22).
 */
export async function openingState(
  tx: ApprovalTx,
  applicationNo: string,
): Promise<{ opened: boolean; closed: boolean }> {
  const [row] = await tx.$queryRawUnsafe<{ opened: boolean; closed: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM "approval_case" WHERE "application_no" = $1) AS "opened",
            EXISTS (SELECT 1 FROM "closed_application" WHERE "application_no" = $1) AS "closed"`,
    applicationNo,
  );
  return { opened: row?.opened === true, closed: row?.closed === true };
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
