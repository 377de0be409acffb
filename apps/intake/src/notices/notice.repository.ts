import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';

// ——— Written notices of an application (notice) ———

/** The application's first notice of one of these kinds (id and stored content), or null. */
export function findNoticeOfKind(db: IntakeDb, no: string, kinds: readonly string[]) {
  return db.notice.findFirst({
    where: { applicationNo: no, kind: { in: [...kinds] } },
    select: { id: true, content: true },
  });
}

/** Every notice of the application, oldest first. */
export function noticesOf(db: IntakeDb, no: string) {
  return db.notice.findMany({ where: { applicationNo: no }, orderBy: { issuedAt: 'asc' } });
}

/** The notice row (written in the transition's transaction, after its PDF was stored). */
export async function insertNotice(tx: IntakeTx, data: Prisma.NoticeUncheckedCreateInput): Promise<void> {
  await tx.notice.create({ data });
}
