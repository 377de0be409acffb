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
