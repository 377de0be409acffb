import type { IntakeDb, IntakeTx } from '../intake.store.js';

/** The application a user's earlier submission with this Idempotency-Key made (null when the key is new). */
export function findIdempotencyKey(db: IntakeDb, userId: string, key: string) {
  return db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
}

/** Records the key in the submission's transaction (a concurrent second use fails on the primary key). */
export async function saveIdempotencyKey(
  tx: IntakeTx,
  row: { userId: string; key: string; requestHash: string; applicationNo: string },
): Promise<void> {
  await tx.idempotencyKey.create({ data: row });
}
