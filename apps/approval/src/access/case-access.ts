import { regionCovers } from '@hall/auth';
import type { ApprovalTx } from '../approval.store.js';
import { caseNotFound } from '../approval.errors.js';
import { findCase } from '../records/case.repository.js';
import type { ApprovalCase } from '../generated/prisma/client.js';
import { isApprover, isGovernmentHead, isSupervisor, type Officer } from './officer-scope.js';

/**
 * Officers of the case's departments (within their region) act on it; supervisors of the region may read it; the
 * 本级人民政府负责人 of the region (or a covering one) reads the cases handled by more than one department — the
 * joint cases whose extension they approve (AL art. 42 ¶2; the extension itself is checked by the procedure).
 */
export function canSeeCase(
  c: Pick<ApprovalCase, 'departmentCodes' | 'regionCode'>,
  officer: Officer,
  mode: 'read' | 'act',
): boolean {
  if (!regionCovers(officer.region, c.regionCode)) return false;
  if (isApprover(officer) && c.departmentCodes.includes(officer.department)) return true;
  if (mode === 'read' && isGovernmentHead(officer) && c.departmentCodes.length > 1) return true;
  return mode === 'read' && isSupervisor(officer);
}

/** The case by id or application number, if the officer may see it; otherwise 404 (no existence leak). */
export async function findVisibleCase(
  tx: ApprovalTx,
  idOrNo: string,
  officer: Officer,
  mode: 'read' | 'act',
): Promise<ApprovalCase> {
  const c = await findCase(tx, idOrNo);
  if (!c || !canSeeCase(c, officer, mode)) throw caseNotFound(idOrNo);
  return c;
}
