import { regionPrefix } from '@hall/auth';
import type { QueueAction, TaskQueueStatus, TaskQueueView } from '@hall/contracts';
import type { ApprovalTx } from '../approval.store.js';
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

/** The row with the due action for the caller (`$3`) and the deadline of that action. */
export interface QueueRowWithAction extends QueueRow {
  action: QueueAction;
  /** The row is the decision of the caller's department (the case's promised deadline applies). */
  decision: boolean;
  promisedDueAt: Date;
  promisedLimitDays: number;
}

// The caller's department decides this undecided case and its own part is done (its opinion given, or it is the
// higher level of an escalated case, which gives no opinion of its own).
const DECISION_PENDING = `(t."department_code" = c."deciding_department_code" AND c."status" IN ('open', 'suspended', 'returned')
        AND (t."role" = 'escalated' OR t."status" = 'completed'))`;
// Every lead and co-department opinion is in (the join the decision waits for).
const JOIN_DONE = `NOT EXISTS (SELECT 1 FROM "approval_task" o
         WHERE o."case_id" = t."case_id" AND o."role" <> 'escalated' AND o."status" <> 'completed')`;
// What is due on the row for the caller ($3); mirrors the rules of claim / complete / decide.
const ACTION = `CASE
        WHEN ${DECISION_PENDING} THEN CASE
          WHEN c."status" = 'returned' THEN 'await-supplement'
          WHEN c."status" = 'suspended' THEN 'await-procedure'
          WHEN NOT ${JOIN_DONE} THEN 'await-opinions'
          WHEN c."accepted_by" = $3 THEN 'recused'
          ELSE 'decide' END
        WHEN t."status" IN ('pending', 'claimed', 'cosign') THEN CASE
          WHEN c."accepted_by" = $3 THEN 'recused'
          WHEN t."status" = 'pending' THEN 'claim'
          WHEN t."status" = 'claimed' AND t."assignee_id" = $3 THEN 'examine'
          WHEN t."status" = 'claimed' THEN 'await-holder'
          WHEN t."first_official"->>'userId' = $3 THEN 'await-cosign'
          ELSE 'cosign' END
        ELSE 'none' END`;
const COLUMNS = `t."id", t."case_id" AS "caseId", t."application_no" AS "applicationNo", t."item_name" AS "itemName",
            t."region_code" AS "regionCode", t."department_code" AS "departmentCode", t."department_name" AS "departmentName",
            t."role", t."status", t."version", t."assignee_id" AS "assigneeId", t."assignee_name" AS "assigneeName",
            t."limit_days" AS "limitDays", t."due_at" AS "dueAt", t."two_officials" AS "twoOfficials",
            t."paused_since" AS "pausedSince", t."pending_verdict" AS "pendingVerdict", c."status" AS "caseStatus",
            ${ACTION} AS "action", ${DECISION_PENDING} AS "decision",
            c."promised_due_at" AS "promisedDueAt", c."promised_limit_days" + c."extension_days" AS "promisedLimitDays",
            CASE WHEN ${DECISION_PENDING} THEN c."promised_due_at" ELSE t."due_at" END AS "sortDue"`;

const VIEW_ACTIONS: Record<'todo' | 'waiting', string> = {
  todo: `'claim', 'examine', 'cosign', 'decide'`,
  waiting: `'await-cosign', 'await-holder', 'await-opinions', 'await-supplement', 'await-procedure', 'recused'`,
};

/** One filter of the queue: a task status (or `open`), or a work list of the caller. */
export type QueueFilter = { status: TaskQueueStatus } | { view: TaskQueueView };

/**
 * One department's queue within the officer's region, with what is due on each row for the officer.
 * By status: earliest deadline first; `open` reads the partial index `approval_task_open_queue_idx` in order, one
 * status reads `(department_code, status, due_at)`. By view (the officer's work lists): `todo` and `waiting` are the
 * unfinished tasks (the partial index) plus the finished tasks of the cases the department still has to decide
 * (found from the undecided cases), split by the due action; `done` is every other finished task. The status and
 * action lists are SQL literals (never parameters) so the planner can match the partial index.
 */
export async function listQueue(
  tx: ApprovalTx,
  officer: Officer,
  filter: QueueFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: QueueRowWithAction[]; total: number; totalCapped: boolean }> {
  const params: unknown[] = [officer.department, `${regionPrefix(officer.region)}%`, officer.id];
  const scope = `t."department_code" = $1 AND t."region_code" LIKE $2`;
  let from: string;
  if ('view' in filter) {
    if (filter.view === 'done') {
      from = `SELECT ${COLUMNS}
       FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
      WHERE ${scope} AND t."status" IN ('completed', 'closed') AND NOT ${DECISION_PENDING}`;
    } else {
      from = `SELECT * FROM (
        SELECT ${COLUMNS}
          FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
         WHERE ${scope} AND t."status" IN ('pending', 'claimed', 'cosign')
        UNION ALL
        SELECT ${COLUMNS}
          FROM "approval_case" c JOIN "approval_task" t ON t."case_id" = c."id"
         WHERE c."deciding_department_code" = $1 AND c."status" IN ('open', 'suspended', 'returned')
           AND ${scope} AND t."status" = 'completed') u
      WHERE u."action" IN (${VIEW_ACTIONS[filter.view]})`;
    }
  } else {
    const statusSql =
      filter.status === 'open' ? `t."status" IN ('pending', 'claimed', 'cosign')` : `t."status" = $4`;
    if (filter.status !== 'open') params.push(filter.status);
    from = `SELECT ${COLUMNS}
       FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
      WHERE ${scope} AND ${statusSql}`;
  }
  const n = params.length;
  // A work list is ordered by the due action's deadline (a decision by the case's promised one), a status by the step's.
  const order = 'view' in filter ? `q."sortDue", q."id"` : `q."dueAt", q."id"`;
  const rows = await tx.$queryRawUnsafe<QueueRowWithAction[]>(
    `SELECT q.* FROM (${from}) q ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    ...params,
    pageSize,
    (page - 1) * pageSize,
  );
  const [count] = await tx.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS "n" FROM (SELECT 1 FROM (${from}) q LIMIT ${COUNT_CAP + 1}) s`,
    ...params,
  );
  const total = Number(count?.n ?? 0);
  return { rows, total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP };
}
