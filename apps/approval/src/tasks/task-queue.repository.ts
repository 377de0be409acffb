import { regionPrefix } from '@hall/auth';
import type { TaskQueueStatus } from '@hall/contracts';
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

/**
 * One department's queue within the officer's region, earliest deadline first. The scope comes from the
 * officer (department and region are required there). `open` (the default) reads the partial index
 * `approval_task_open_queue_idx` in order; one status reads `(department_code, status, due_at)`. The status
 * lists are SQL literals (never parameters) so the planner can match the partial index.
 */
export async function listQueue(
  tx: ApprovalTx,
  officer: Officer,
  status: TaskQueueStatus,
  page: number,
  pageSize: number,
): Promise<{ rows: QueueRow[]; total: number; totalCapped: boolean }> {
  const statusSql = status === 'open' ? `t."status" IN ('pending', 'claimed', 'cosign')` : `t."status" = $3`;
  const where = `t."department_code" = $1 AND t."region_code" LIKE $2 AND ${statusSql}`;
  const params: unknown[] = [officer.department, `${regionPrefix(officer.region)}%`];
  if (status !== 'open') params.push(status);
  const n = params.length;
  const rows = await tx.$queryRawUnsafe<QueueRow[]>(
    `SELECT t."id", t."case_id" AS "caseId", t."application_no" AS "applicationNo", t."item_name" AS "itemName",
            t."region_code" AS "regionCode", t."department_code" AS "departmentCode", t."department_name" AS "departmentName",
            t."role", t."status", t."version", t."assignee_id" AS "assigneeId", t."assignee_name" AS "assigneeName",
            t."limit_days" AS "limitDays", t."due_at" AS "dueAt", t."two_officials" AS "twoOfficials",
            t."paused_since" AS "pausedSince", t."pending_verdict" AS "pendingVerdict", c."status" AS "caseStatus"
       FROM "approval_task" t JOIN "approval_case" c ON c."id" = t."case_id"
      WHERE ${where}
      ORDER BY t."due_at", t."id"
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    ...params,
    pageSize,
    (page - 1) * pageSize,
  );
  const [count] = await tx.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "approval_task" t WHERE ${where} LIMIT ${COUNT_CAP + 1}) s`,
    ...params,
  );
  const total = Number(count?.n ?? 0);
  return { rows, total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP };
}
