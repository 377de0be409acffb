import { ApplicationNo, TaskRole, type TaskSummary } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';
import { ApprovalErrorCode } from '../approval.errors.js';
import {
  Prisma,
  type ApprovalCase,
  type ApprovalTask,
  type Opinion,
  type SpecialProcedure,
} from '../generated/prisma/client.js';
import { AppError, revealPii, sealPii, type PiiCipher } from '@hall/platform';
import { APPROVAL_PII } from '../approval.store.js';
import type { NewTask } from './task.repository.js';
import { auditParams, auditWritten, holdAuditHead, type PreparedAudit } from '../audit/audit.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` everywhere is the case id or the application number (办件编号). Undefined when neither matches. */
export async function findCase(tx: ApprovalTx, idOrNo: string): Promise<ApprovalCase | null> {
  if (ApplicationNo.safeParse(idOrNo).success)
    return tx.approvalCase.findUnique({ where: { applicationNo: idOrNo } });
  if (UUID.test(idOrNo)) return tx.approvalCase.findUnique({ where: { id: idOrNo } });
  return null;
}

/** The case's current version (for an optimistic write after earlier writes in the same transaction). */
export async function readCaseVersion(
  tx: RawExecutor,
  caseId: string,
): Promise<Pick<ApprovalCase, 'id' | 'version'>> {
  const [c] = await tx.$queryRawUnsafe<Pick<ApprovalCase, 'id' | 'version'>[]>(
    `SELECT "id", "version" FROM "approval_case" WHERE "id" = $1::uuid`,
    caseId,
  );
  if (c === undefined) throw new Error(`approval case ${caseId} not found`);
  return c;
}

/**
 * Locks the case row for the rest of the transaction and returns its current state. Every write on a case or
 * its tasks takes this lock first: writes on one case are serialised (the audit chain never forks), writes on
 * different cases never wait for each other. The lock and the read are one statement (issue 22): every column under
 * its model field name, typed by Prisma as `findUnique` would (timestamptz → Date, jsonb → value, text[] → array),
 * personal data revealed with the store's cipher as the PII extension reveals it (raw statements bypass it).
 */
export async function lockCase(tx: RawExecutor, caseId: string, pii: PiiCipher): Promise<ApprovalCase> {
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
 * `lockCase` for a case named by its id or its application number (办件编号), as `findCase` reads it: one statement.
 * Null when neither matches.
 */
export async function lockCaseByIdOrNo(
  tx: RawExecutor,
  idOrNo: string,
  pii: PiiCipher,
): Promise<ApprovalCase | null> {
  const byNo = ApplicationNo.safeParse(idOrNo).success;
  if (!byNo && !UUID.test(idOrNo)) return null;
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
       FROM "approval_case" c WHERE c."id" = $1::uuid OR c."application_no" = $2 FOR UPDATE`,
    byNo ? null : idOrNo,
    byNo ? idOrNo : null,
  );
  if (c === undefined) return null;
  holdAuditHead(tx, c.id, c);
  return revealPii(pii, c) as ApprovalCase;
}

/** The rows of a case besides the case row: tasks (lead first, then by department), opinions and procedures (oldest first). */
export interface CaseRows {
  tasks: ApprovalTask[];
  opinions: Opinion[];
  procedures: SpecialProcedure[];
}

/**
 * A case's tasks, opinions and special procedures in one statement (issue 22), ordered as `tasksOfCase`,
 * `opinionsOfCase` and `proceduresOfCase` order them, typed as they type them. Under a lock taken by an earlier
 * statement, it reads what the lock holder sees.
 */
export async function caseRows(tx: RawExecutor, caseId: string): Promise<CaseRows> {
  const [row] = await tx.$queryRawUnsafe<{ tasks: unknown[]; opinions: unknown[]; procedures: unknown[] }[]>(
    `SELECT
       (SELECT coalesce(json_agg(x ORDER BY x."role" DESC, x."departmentCode"), '[]'::json) FROM (
          SELECT t."id", t."case_id" AS "caseId", t."application_no" AS "applicationNo", t."item_name" AS "itemName",
            t."region_code" AS "regionCode", t."department_code" AS "departmentCode",
            t."department_name" AS "departmentName", t."role", t."status", t."version",
            t."assignee_id" AS "assigneeId", t."assignee_name" AS "assigneeName", t."claimed_at" AS "claimedAt",
            t."limit_days" AS "limitDays", t."due_at" AS "dueAt", t."two_officials" AS "twoOfficials",
            t."pending_verdict" AS "pendingVerdict", t."pending_opinion" AS "pendingOpinion",
            t."pending_items" AS "pendingItems", t."first_official" AS "firstOfficial", t."verdict",
            t."completed_at" AS "completedAt", t."paused_since" AS "pausedSince", t."created_at" AS "createdAt"
            FROM "approval_task" t WHERE t."case_id" = $1::uuid) x) AS "tasks",
       (SELECT coalesce(json_agg(x ORDER BY x."createdAt"), '[]'::json) FROM (
          SELECT o."id", o."case_id" AS "caseId", o."task_id" AS "taskId", o."department_code" AS "departmentCode",
            o."department_name" AS "departmentName", o."role", o."verdict", o."text", o."officials",
            o."created_at" AS "createdAt"
            FROM "opinion" o WHERE o."case_id" = $1::uuid) x) AS "opinions",
       (SELECT coalesce(json_agg(x ORDER BY x."startedAt"), '[]'::json) FROM (
          SELECT p."id", p."case_id" AS "caseId", p."task_id" AS "taskId", p."kind", p."reason",
            p."department_code" AS "departmentCode", p."days", p."expected_days" AS "expectedDays",
            p."started_at" AS "startedAt", p."ended_at" AS "endedAt", p."result", p."notice",
            p."started_by" AS "startedBy", p."ended_by" AS "endedBy", p."created_at" AS "createdAt"
            FROM "special_procedure" p WHERE p."case_id" = $1::uuid) x) AS "procedures"`,
    caseId,
  );
  const dates = <T>(rows: unknown[] | undefined, fields: readonly string[]): T[] =>
    (rows ?? []).map((r) => {
      const o = { ...(r as Record<string, unknown>) };
      for (const f of fields) if (typeof o[f] === 'string') o[f] = new Date(o[f]);
      return o as T;
    });
  return {
    tasks: dates<ApprovalTask>(row?.tasks, ['claimedAt', 'dueAt', 'completedAt', 'pausedSince', 'createdAt']),
    opinions: dates<Opinion>(row?.opinions, ['createdAt']),
    procedures: dates<SpecialProcedure>(row?.procedures, ['startedAt', 'endedAt', 'createdAt']),
  };
}

/** The decision (准予 / 不予) written on a case (`decideCaseAudited`). */
export interface DecisionWrite {
  outcome: string;
  reasons: string;
  decidedAt: Date;
  decidedBy: unknown;
  /** The verdict the higher level's decision task of an escalated case is closed with. */
  taskVerdict: 'approve' | 'deny';
}

/**
 * The decision in one statement (issue 22): the optimistic case write (as `updateCase`: only at the version read,
 * else 409) with the case's new audit head, the closing of the higher level's decision task of an escalated case (as
 * `closeDecisionTasks`) and the audit entry — the last two only when the case write applied.
 */
export async function decideCaseAudited(
  tx: RawExecutor,
  current: Pick<ApprovalCase, 'id' | 'version'>,
  d: DecisionWrite,
  audit: PreparedAudit,
): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `WITH c AS (
       UPDATE "approval_case" SET "status" = 'decided', "outcome" = $12, "reasons" = $13,
         "decided_at" = $14::timestamptz, "decided_by" = $15::jsonb, "version" = "version" + 1,
         "audit_seq" = $2::int, "audit_head" = $10, "updated_at" = $11::timestamptz
        WHERE "id" = $1::uuid AND "version" = $16::int
       RETURNING "id"),
     closed AS (
       UPDATE "approval_task" SET "status" = 'closed', "verdict" = $17, "completed_at" = $14::timestamptz,
         "version" = "version" + 1
        WHERE "case_id" IN (SELECT "id" FROM c) AND "role" = 'escalated' AND "status" NOT IN ('completed', 'closed')),
     entry AS (
       INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
       SELECT $1::uuid, $2::int, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10 FROM c)
     SELECT "id" FROM c`,
    ...auditParams(audit),
    d.outcome,
    d.reasons,
    d.decidedAt.toISOString(),
    JSON.stringify(d.decidedBy),
    current.version,
    d.taskVerdict,
  );
  if (rows.length !== 1)
    throw AppError.conflict(
      ApprovalErrorCode.ConcurrentModification,
      'the case changed meanwhile; reload and retry',
    );
  auditWritten(tx, audit);
}

/**
 * `lockCase` for the case of task `taskId`, found from the task, with the task as it is under the lock — one statement
 * (issue 22). The task row is locked too (`FOR UPDATE OF c, t`: re-read at its newest version when the statement waited
 * for the case lock); every writer of a task holds its case lock first, so no writer waits the other way round. Null
 * when no such task exists.
 */
export async function lockCaseOfTask(
  tx: RawExecutor,
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
 * `updateCase` of the status alone, in raw SQL (a task action's transaction runs on the driver): applies only at the
 * version read, else 409; moves the version and `updated_at` as Prisma's `@updatedAt` does.
 */
export async function setCaseStatus(
  tx: RawExecutor,
  current: Pick<ApprovalCase, 'id' | 'version'>,
  status: string,
): Promise<void> {
  const count = await tx.$executeRawUnsafe(
    `UPDATE "approval_case" SET "status" = $3, "version" = "version" + 1, "updated_at" = $4::timestamptz
      WHERE "id" = $1::uuid AND "version" = $2::int`,
    current.id,
    current.version,
    status,
    new Date().toISOString(),
  );
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
  tx: RawExecutor,
  current: ApprovalTask,
  data: TaskWrite,
  audit: PreparedAudit,
  opinion: OpinionRow | null,
): Promise<ApprovalTask> {
  const next = { ...current, ...definedOnly(data) };
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  const json = (v: unknown) =>
    v === null || v === undefined || v === Prisma.DbNull ? null : JSON.stringify(v);
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
  tx: RawExecutor,
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

/** A case being opened (`openCaseAudited`): what the acceptance gives it; the rest are the columns' defaults. */
export type NewCase = Pick<
  ApprovalCase,
  | 'id'
  | 'applicationNo'
  | 'status'
  | 'jointKind'
  | 'implementationCode'
  | 'implementationVersion'
  | 'itemName'
  | 'regionCode'
  | 'leadDepartmentCode'
  | 'decidingDepartmentCode'
  | 'departmentCodes'
  | 'applicant'
  | 'formData'
  | 'materials'
  | 'acceptanceMode'
  | 'acceptedAt'
  | 'acceptedBy'
  | 'acceptedByName'
  | 'promisedLimitDays'
  | 'legalLimitDays'
  | 'promisedDueAt'
  | 'legalDueAt'
>;

/**
 * Opens a case in one statement (issue 22): the case row (its personal data sealed with `pii`, as the PII extension
 * seals what Prisma writes) with its first audit entry as its chain head, its tasks, and that entry. Case and tasks
 * come as JSON rows.
 */
export async function openCaseAudited(
  tx: RawExecutor,
  kase: NewCase,
  tasks: readonly NewTask[],
  audit: PreparedAudit,
  pii: PiiCipher,
): Promise<void> {
  const c = sealPii(pii, APPROVAL_PII, 'ApprovalCase', { ...kase }) as NewCase;
  const caseRow = {
    id: c.id,
    application_no: c.applicationNo,
    status: c.status,
    joint_kind: c.jointKind,
    implementation_code: c.implementationCode,
    implementation_version: c.implementationVersion,
    item_name: c.itemName,
    region_code: c.regionCode,
    lead_department_code: c.leadDepartmentCode,
    deciding_department_code: c.decidingDepartmentCode,
    department_codes: c.departmentCodes,
    applicant: c.applicant,
    form_data: c.formData,
    materials: c.materials,
    acceptance_mode: c.acceptanceMode,
    accepted_at: c.acceptedAt.toISOString(),
    accepted_by: c.acceptedBy,
    accepted_by_name: c.acceptedByName,
    promised_limit_days: c.promisedLimitDays,
    legal_limit_days: c.legalLimitDays,
    promised_due_at: c.promisedDueAt.toISOString(),
    legal_due_at: c.legalDueAt.toISOString(),
  };
  const taskRows = tasks.map((t) => ({
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
  }));
  await tx.$executeRawUnsafe(
    `WITH c AS (
       INSERT INTO "approval_case" ("id", "application_no", "status", "joint_kind", "version", "implementation_code",
         "implementation_version", "item_name", "region_code", "lead_department_code", "deciding_department_code",
         "department_codes", "applicant", "form_data", "materials", "acceptance_mode", "accepted_at", "accepted_by",
         "accepted_by_name", "promised_limit_days", "legal_limit_days", "extension_days", "promised_due_at",
         "legal_due_at", "audit_seq", "audit_head", "created_at", "updated_at")
       SELECT r."id", r."application_no", r."status", r."joint_kind", 0, r."implementation_code",
         r."implementation_version", r."item_name", r."region_code", r."lead_department_code",
         r."deciding_department_code", r."department_codes", r."applicant", r."form_data", r."materials",
         r."acceptance_mode", r."accepted_at", r."accepted_by", r."accepted_by_name", r."promised_limit_days",
         r."legal_limit_days", 0, r."promised_due_at", r."legal_due_at", $2::int, $10, $11::timestamptz,
         $11::timestamptz
         FROM json_populate_record(NULL::"approval_case", $12::json) AS r
       RETURNING "id"),
     tasks AS (
       INSERT INTO "approval_task" ("id", "case_id", "application_no", "item_name", "region_code", "department_code",
         "department_name", "role", "status", "version", "limit_days", "due_at", "two_officials", "created_at")
       SELECT r."id", r."case_id", r."application_no", r."item_name", r."region_code", r."department_code",
         r."department_name", r."role", r."status", 0, r."limit_days", r."due_at", r."two_officials", $11::timestamptz
         FROM json_populate_recordset(NULL::"approval_task", $13::json) AS r
       RETURNING "id")
     INSERT INTO "audit_entry" ("case_id", "seq", "action", "actor", "at", "opinion", "before", "after", "prev_hash", "hash")
     VALUES ($1::uuid, $2::int, $3, $4::jsonb, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9, $10)`,
    ...auditParams(audit),
    JSON.stringify(caseRow),
    JSON.stringify(taskRows),
  );
  auditWritten(tx, audit);
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
