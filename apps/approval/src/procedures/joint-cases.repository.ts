import type { JointKind } from '@hall/contracts';
import { regionPrefix } from '@hall/auth';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalTx } from '../approval.store.js';

export interface JointCaseRow {
  id: string;
  applicationNo: string;
  itemName: string;
  regionCode: string;
  status: string;
  jointKind: string;
  leadDepartmentCode: string;
  decidingDepartmentCode: string;
  departmentCodes: string[];
  acceptedAt: Date;
  promisedDueAt: Date;
  legalDueAt: Date;
  extensionDays: number;
  extensions: number;
}

/**
 * The undecided joint cases (联合办理: a joint kind of `jointKinds` with more than one department) within the
 * government head's region, the nearest legal deadline first — the cases whose +15 extension they approve.
 */
export async function listJointCases(
  tx: ApprovalTx,
  officer: Pick<Officer, 'region'>,
  jointKinds: readonly JointKind[],
  page: number,
  pageSize: number,
): Promise<{ rows: JointCaseRow[]; total: number }> {
  const where = `c."region_code" LIKE $1 AND c."status" IN ('open', 'suspended', 'returned')
                 AND c."joint_kind" = ANY($2::text[]) AND cardinality(c."department_codes") > 1`;
  const params: unknown[] = [`${regionPrefix(officer.region)}%`, [...jointKinds]];
  const rows = await tx.$queryRawUnsafe<JointCaseRow[]>(
    `SELECT c."id", c."application_no" AS "applicationNo", c."item_name" AS "itemName", c."region_code" AS "regionCode",
            c."status", c."joint_kind" AS "jointKind", c."lead_department_code" AS "leadDepartmentCode",
            c."deciding_department_code" AS "decidingDepartmentCode", c."department_codes" AS "departmentCodes",
            c."accepted_at" AS "acceptedAt", c."promised_due_at" AS "promisedDueAt", c."legal_due_at" AS "legalDueAt",
            c."extension_days" AS "extensionDays",
            (SELECT count(*)::int FROM "special_procedure" p WHERE p."case_id" = c."id" AND p."kind" = 'extension') AS "extensions"
       FROM "approval_case" c
      WHERE ${where}
      ORDER BY c."legal_due_at", c."id"
      LIMIT $3 OFFSET $4`,
    ...params,
    pageSize,
    (page - 1) * pageSize,
  );
  const [count] = await tx.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS "n" FROM "approval_case" c WHERE ${where}`,
    ...params,
  );
  return { rows, total: Number(count?.n ?? 0) };
}
