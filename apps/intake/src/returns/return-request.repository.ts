import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';

// ——— Return requests (退回补正 by approval departments): every query of `return_request` ———

/** Every return request of the application, oldest first. */
export function returnsOf(db: IntakeDb, no: string) {
  return db.returnRequest.findMany({ where: { applicationNo: no }, orderBy: { requestedAt: 'asc' } });
}

/** The returns the applicant has not answered yet and that are not closed. */
export function openReturnsOf(db: IntakeDb, no: string) {
  return db.returnRequest.findMany({
    where: { applicationNo: no, answeredAt: null, closedAt: null },
    select: { id: true, taskId: true, items: true },
  });
}

/** Whether this return (task, time) is already recorded (the same return delivered as another event). */
export async function hasReturn(
  db: IntakeDb,
  no: string,
  taskId: string,
  requestedAt: Date,
): Promise<boolean> {
  const row = await db.returnRequest.findFirst({
    where: { applicationNo: no, taskId, requestedAt },
    select: { id: true },
  });
  return row !== null;
}

/** How many returns the application had so far. */
export function countReturns(db: IntakeDb, no: string): Promise<number> {
  return db.returnRequest.count({ where: { applicationNo: no } });
}

/** Records a return request. */
export async function createReturn(
  tx: IntakeTx,
  data: Omit<Prisma.ReturnRequestUncheckedCreateInput, 'id'>,
): Promise<void> {
  await tx.returnRequest.create({ data });
}

/** Marks these returns answered if they are still open; returns how many were. */
export async function answerReturns(tx: IntakeTx, ids: string[], at: Date): Promise<number> {
  const { count } = await tx.returnRequest.updateMany({
    where: { id: { in: ids }, answeredAt: null, closedAt: null },
    data: { answeredAt: at },
  });
  return count;
}

/** Closes the application's open returns unanswered (withdrawn or terminated). */
export async function closeOpenReturns(tx: IntakeTx, no: string, at: Date): Promise<void> {
  await tx.returnRequest.updateMany({
    where: { applicationNo: no, answeredAt: null, closedAt: null },
    data: { closedAt: at },
  });
}
