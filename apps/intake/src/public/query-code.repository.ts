import type { IntakeDb } from '../intake.store.js';

// ——— 查询码 of applications (application_query_code) ———

/** The application's query code row (null when none was issued yet). */
export function findQueryCode(db: IntakeDb, no: string) {
  return db.applicationQueryCode.findUnique({ where: { applicationNo: no } });
}

/** The application's query code row, which must exist. */
export function getQueryCode(db: IntakeDb, no: string) {
  return db.applicationQueryCode.findUniqueOrThrow({ where: { applicationNo: no } });
}

/**
 * Stores a new code unless the application has one (the first one stays): the stored sealed code when this call's
 * went in, null when another was there (one statement, `INSERT … ON CONFLICT DO NOTHING RETURNING`).
 */
export async function insertQueryCodeOnce(
  db: IntakeDb,
  row: { applicationNo: string; codeHash: string; sealedCode: string; createdAt: Date },
): Promise<string | null> {
  const [stored] = await db.applicationQueryCode.createManyAndReturn({
    data: [row],
    skipDuplicates: true,
    select: { sealedCode: true },
  });
  return stored?.sealedCode ?? null;
}

/** A right code: the failure count and any lock are cleared. */
export async function clearQueryCodeFailures(db: IntakeDb, no: string): Promise<void> {
  await db.applicationQueryCode.update({
    where: { applicationNo: no },
    data: { failures: 0, lockedUntil: null },
  });
}

/** Counts one wrong code (atomically). */
export async function countQueryCodeFailure(db: IntakeDb, no: string): Promise<void> {
  await db.applicationQueryCode.update({
    where: { applicationNo: no },
    data: { failures: { increment: 1 } },
  });
}

/** Locks the lookup until `lockedUntil` if the failures reached `maxFailures` (count starts again); whether it did. */
export async function lockQueryCodeAtFailures(
  db: IntakeDb,
  no: string,
  maxFailures: number,
  lockedUntil: Date,
): Promise<boolean> {
  const locked = await db.applicationQueryCode.updateMany({
    where: { applicationNo: no, failures: { gte: maxFailures } },
    data: { failures: 0, lockedUntil },
  });
  return locked.count > 0;
}
