import { regionPrefix } from '@hall/auth';
import type { QueueAction, TaskQueueStatus, TaskQueueView } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import type { Officer } from '../access/officer-scope.js';

export interface QueueRow {
  id: string;
  caseId: string;
  applicationNo: string;
  itemName: string;
  regionCode: string;
  departmentCode: string;
  departmentName: string;
  role: string;
  status: string;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
  limitDays: number;
  dueAt: Date;
  twoOfficials: boolean;
  pausedSince: Date | null;
  pendingVerdict: string | null;
  caseStatus: string;
}

/** Counting stops here: a queue shows "1000+" instead of scanning a department's whole history (≈ 100 ms per 10 k entries). */
export const COUNT_CAP = 1_000;

/** A queue row with what is due on it for the caller and whether it is the department's decision. */
export interface QueueRowWithAction extends QueueRow {
  action: QueueAction;
  /** The caller's department decides this undecided case and its own part is done (the case's promised deadline applies). */
  decision: boolean;
  promisedDueAt: Date;
  /** The promised limit with the extension (延长审批) days. */
  promisedLimitDays: number;
}

/** The actions of the `todo` and `waiting` work lists (the `done` list is every other finished task). */
const VIEW_ACTIONS: Record<'todo' | 'waiting', readonly QueueAction[]> = {
  todo: ['claim', 'examine', 'cosign', 'decide'],
  waiting: [
    'await-cosign',
    'await-holder',
    'await-opinions',
    'await-supplement',
    'await-procedure',
    'recused',
  ],
};

/** One filter of the queue: a task status (or `open`), or a work list of the caller. */
export type QueueFilter = { status: TaskQueueStatus } | { view: TaskQueueView };

type Nullable<T> = { [K in keyof T]: T[K] | null };
type Page = { rows: QueueRowWithAction[]; total: number; totalCapped: boolean };

/**
 * One department's queue within the officer's region, with what is due on each row for the officer (`action`,
 * the same CASE in both statements below; it mirrors the rules of claim, complete and decide). A work list
 * (`todo`, `waiting`) is the unfinished tasks plus the finished tasks of the cases the department still has to
 * decide, split by the due action; `done` and the status filters list tasks by status.
 */
export function listQueue(
  tx: RawExecutor,
  officer: Officer,
  filter: QueueFilter,
  page: number,
  pageSize: number,
): Promise<Page> {
  if ('view' in filter && filter.view !== 'done')
    return listWork(tx, officer, VIEW_ACTIONS[filter.view], page, pageSize);
  return listByStatus(tx, officer, 'view' in filter ? 'done' : filter.status, page, pageSize);
}

/**
 * `todo` / `waiting`: two branches, each on an index — the unfinished tasks (the partial index
 * `approval_task_open_queue_idx`) and the finished tasks of the undecided cases the department decides (found from
 * the cases by the partial index `approval_case_undecided_idx`, not from the department's whole history) — then the due action
 * of each row ($3 is the officer), kept when it is one of the list's ($4), the due action's deadline first (a
 * decision by the case's promised deadline).
 */
async function listWork(
  tx: RawExecutor,
  officer: Officer,
  actions: readonly QueueAction[],
  page: number,
  pageSize: number,
): Promise<Page> {
  const params = [officer.department, `${regionPrefix(officer.region)}%`, officer.id, actions];
  const rows = await tx.$queryRawUnsafe<Array<Nullable<QueueRowWithAction> & { total: number }>>(
    `WITH rows AS (
       SELECT t."id", t."case_id", t."application_no", t."item_name", t."region_code", t."department_code",
              t."department_name", t."role", t."status", t."version", t."assignee_id", t."assignee_name",
              t."limit_days", t."due_at", t."two_officials", t."paused_since", t."pending_verdict",
              t."first_official"->>'userId' AS "first_official_id", c."status" AS "case_status",
              c."deciding_department_code", c."accepted_by", c."promised_due_at",
              c."promised_limit_days" + c."extension_days" AS "promised_limit_days"
         FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
        WHERE t."department_code" = $1 AND t."region_code" LIKE $2 AND t."status" IN ('pending', 'claimed', 'cosign')
       UNION ALL
       SELECT t."id", t."case_id", t."application_no", t."item_name", t."region_code", t."department_code",
              t."department_name", t."role", t."status", t."version", t."assignee_id", t."assignee_name",
              t."limit_days", t."due_at", t."two_officials", t."paused_since", t."pending_verdict",
              t."first_official"->>'userId', c."status", c."deciding_department_code", c."accepted_by",
              c."promised_due_at", c."promised_limit_days" + c."extension_days"
         FROM "approval_case" c JOIN "approval_task" t ON t."case_id" = c."id"
        WHERE c."deciding_department_code" = $1 AND c."status" IN ('open', 'suspended', 'returned')
          AND t."department_code" = $1 AND t."region_code" LIKE $2 AND t."status" = 'completed'
     ), flagged AS (
       SELECT r.*, (r."department_code" = r."deciding_department_code"
                    AND r."case_status" IN ('open', 'suspended', 'returned')
                    AND (r."role" = 'escalated' OR r."status" = 'completed')) AS "decision"
         FROM rows r
     ), acted AS (
       SELECT f.*,
              CASE
                WHEN f."decision" THEN CASE
                  WHEN f."case_status" = 'returned' THEN 'await-supplement'
                  WHEN f."case_status" = 'suspended' THEN 'await-procedure'
                  WHEN EXISTS (SELECT 1 FROM "approval_task" o WHERE o."case_id" = f."case_id"
                                  AND o."role" <> 'escalated' AND o."status" <> 'completed') THEN 'await-opinions'
                  WHEN f."accepted_by" = $3 THEN 'recused'
                  ELSE 'decide' END
                WHEN f."status" IN ('pending', 'claimed', 'cosign') THEN CASE
                  WHEN f."accepted_by" = $3 THEN 'recused'
                  WHEN f."status" = 'pending' THEN 'claim'
                  WHEN f."status" = 'claimed' AND f."assignee_id" = $3 THEN 'examine'
                  WHEN f."status" = 'claimed' THEN 'await-holder'
                  WHEN f."first_official_id" = $3 THEN 'await-cosign'
                  ELSE 'cosign' END
                ELSE 'none' END AS "action"
         FROM flagged f
     )
     SELECT n."total", p.*
       FROM (SELECT count(*)::int AS "total"
               FROM (SELECT 1 FROM acted WHERE "action" = ANY($4::text[]) LIMIT 1001) x) n
       LEFT JOIN LATERAL (
         SELECT a."id", a."case_id" AS "caseId", a."application_no" AS "applicationNo", a."item_name" AS "itemName",
                a."region_code" AS "regionCode", a."department_code" AS "departmentCode",
                a."department_name" AS "departmentName", a."role", a."status", a."version",
                a."assignee_id" AS "assigneeId", a."assignee_name" AS "assigneeName", a."limit_days" AS "limitDays",
                a."due_at" AS "dueAt", a."two_officials" AS "twoOfficials", a."paused_since" AS "pausedSince",
                a."pending_verdict" AS "pendingVerdict", a."case_status" AS "caseStatus", a."action", a."decision",
                a."promised_due_at" AS "promisedDueAt", a."promised_limit_days" AS "promisedLimitDays"
           FROM acted a
          WHERE a."action" = ANY($4::text[])
          ORDER BY CASE WHEN a."decision" THEN a."promised_due_at" ELSE a."due_at" END, a."id"
          LIMIT $5 OFFSET $6) p ON true`,
    ...params,
    pageSize,
    (page - 1) * pageSize,
  );
  // The count stops at COUNT_CAP + 1 (the literal 1001 above keeps the statement checkable).
  const total = Number(rows[0]?.total ?? 0);
  return {
    rows: rows.filter((r): r is QueueRowWithAction & { total: number } => r.id !== null),
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
  };
}

/**
 * `done` and the status filters, earliest step deadline first. `open` reads the partial index
 * `approval_task_open_queue_idx` in order; one status reads `(department_code, status, due_at)`; `done` is every
 * finished task but those of the cases the department still has to decide. The status lists are SQL literals (never
 * parameters) so the planner can match the partial index. The due action is the CASE of {@link listWork}.
 */
async function listByStatus(
  tx: RawExecutor,
  officer: Officer,
  status: TaskQueueStatus | 'done',
  page: number,
  pageSize: number,
): Promise<Page> {
  const statusSql =
    status === 'open'
      ? `t."status" IN ('pending', 'claimed', 'cosign')`
      : status === 'done'
        ? `t."status" IN ('completed', 'closed')
           AND NOT (c."deciding_department_code" = $1 AND c."status" IN ('open', 'suspended', 'returned'))`
        : `t."status" = $3`;
  const where = `t."department_code" = $1 AND t."region_code" LIKE $2 AND ${statusSql}`;
  const params: unknown[] = [officer.department, `${regionPrefix(officer.region)}%`];
  if (status !== 'open' && status !== 'done') params.push(status);
  // The page statement adds the officer (for the due action), the page size and the offset.
  const me = `$${params.length + 1}`;
  const n = params.length + 1;
  // The capped count and the page in one statement (issue 22: one round trip and one commit per queue read).
  const rows = await tx.$queryRawUnsafe<Array<Nullable<QueueRowWithAction> & { total: number }>>(
    `SELECT n."total", p.*
       FROM (SELECT count(*)::int AS "total"
               FROM (SELECT 1 FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
                      WHERE ${where} LIMIT ${COUNT_CAP + 1}) s) n
       LEFT JOIN LATERAL (
         SELECT t."id", t."case_id" AS "caseId", t."application_no" AS "applicationNo", t."item_name" AS "itemName",
                t."region_code" AS "regionCode", t."department_code" AS "departmentCode", t."department_name" AS "departmentName",
                t."role", t."status", t."version", t."assignee_id" AS "assigneeId", t."assignee_name" AS "assigneeName",
                t."limit_days" AS "limitDays", t."due_at" AS "dueAt", t."two_officials" AS "twoOfficials",
                t."paused_since" AS "pausedSince", t."pending_verdict" AS "pendingVerdict", c."status" AS "caseStatus",
                d."decision", c."promised_due_at" AS "promisedDueAt",
                c."promised_limit_days" + c."extension_days" AS "promisedLimitDays",
                CASE
                  WHEN d."decision" THEN CASE
                    WHEN c."status" = 'returned' THEN 'await-supplement'
                    WHEN c."status" = 'suspended' THEN 'await-procedure'
                    WHEN EXISTS (SELECT 1 FROM "approval_task" o WHERE o."case_id" = t."case_id"
                                    AND o."role" <> 'escalated' AND o."status" <> 'completed') THEN 'await-opinions'
                    WHEN c."accepted_by" = ${me} THEN 'recused'
                    ELSE 'decide' END
                  WHEN t."status" IN ('pending', 'claimed', 'cosign') THEN CASE
                    WHEN c."accepted_by" = ${me} THEN 'recused'
                    WHEN t."status" = 'pending' THEN 'claim'
                    WHEN t."status" = 'claimed' AND t."assignee_id" = ${me} THEN 'examine'
                    WHEN t."status" = 'claimed' THEN 'await-holder'
                    WHEN t."first_official"->>'userId' = ${me} THEN 'await-cosign'
                    ELSE 'cosign' END
                  ELSE 'none' END AS "action"
           FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
           CROSS JOIN LATERAL (SELECT (t."department_code" = c."deciding_department_code"
                                       AND c."status" IN ('open', 'suspended', 'returned')
                                       AND (t."role" = 'escalated' OR t."status" = 'completed')) AS "decision") d
          WHERE ${where}
          ORDER BY t."due_at", t."id"
          LIMIT $${n + 1} OFFSET $${n + 2}) p ON true`,
    ...params,
    officer.id,
    pageSize,
    (page - 1) * pageSize,
  );
  const total = Number(rows[0]?.total ?? 0);
  return {
    rows: rows.filter((r): r is QueueRowWithAction & { total: number } => r.id !== null),
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
  };
}
