import type { RawExecutor } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';
import type { Prisma, SpecialProcedure } from '../generated/prisma/client.js';

/** The special procedures (特别程序) of a case: rows of the case aggregate, written under the case lock. */

/** A case's special procedures, oldest first. */
export function proceduresOfCase(tx: ApprovalTx, caseId: string): Promise<SpecialProcedure[]> {
  return tx.specialProcedure.findMany({ where: { caseId }, orderBy: { startedAt: 'asc' } });
}

export function readProcedure(tx: ApprovalTx, id: string): Promise<SpecialProcedure> {
  return tx.specialProcedure.findUniqueOrThrow({ where: { id } });
}

/** The task-level pause of a task still running, if any. */
export function openProcedureOfTask(tx: ApprovalTx, taskId: string): Promise<SpecialProcedure | null> {
  return tx.specialProcedure.findFirst({ where: { taskId, endedAt: null } });
}

export function createProcedure(
  tx: ApprovalTx,
  data: Prisma.SpecialProcedureUncheckedCreateInput,
): Promise<SpecialProcedure> {
  return tx.specialProcedure.create({ data });
}

/** A case-wide pause opened by a task action (退回补正's `supplement`): no task, no days, not ended. */
export interface NewCasePause {
  id: string;
  caseId: string;
  kind: string;
  reason: string;
  departmentCode: string;
  startedAt: Date;
  startedBy: unknown;
  notice: string;
}

/**
 * `createProcedure` of a case-wide pause in raw SQL (a task action's transaction runs on the driver): the columns it
 * does not name take their defaults, as Prisma's `create` leaves them.
 */
export async function insertCasePause(
  tx: RawExecutor,
  p: NewCasePause,
): Promise<Pick<SpecialProcedure, 'id'>> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "special_procedure" ("id", "case_id", "kind", "reason", "department_code", "started_at", "notice",
       "started_by")
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::timestamptz, $7, $8::jsonb)`,
    p.id,
    p.caseId,
    p.kind,
    p.reason,
    p.departmentCode,
    p.startedAt.toISOString(),
    p.notice,
    JSON.stringify(p.startedBy),
  );
  return { id: p.id };
}

/** Ends a running procedure; false when it had already ended (a concurrent end won). */
export async function endProcedure(
  tx: ApprovalTx,
  id: string,
  data: { endedAt: Date; result: string; endedBy: Prisma.InputJsonValue },
): Promise<boolean> {
  const { count } = await tx.specialProcedure.updateMany({ where: { id, endedAt: null }, data });
  return count === 1;
}

/** Ends every running procedure of a case (the case closed: nothing is left to count). */
export async function endOpenProcedures(
  tx: ApprovalTx,
  caseId: string,
  data: { endedAt: Date; result: string; endedBy: Prisma.InputJsonValue },
): Promise<void> {
  await tx.specialProcedure.updateMany({ where: { caseId, endedAt: null }, data });
}
