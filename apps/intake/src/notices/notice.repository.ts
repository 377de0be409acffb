import type { IntakeDb, IntakeRawTx } from '../intake.store.js';

// ——— Written notices of an application (notice) ———

/** The application's first notice of one of these kinds (id and stored content), or null. */
export function findNoticeOfKind(db: IntakeDb, no: string, kinds: readonly string[]) {
  return db.notice.findFirst({
    where: { applicationNo: no, kind: { in: [...kinds] } },
    select: { id: true, content: true },
  });
}

/** Whether the application has a notice of one of these kinds (raw SQL: on any transaction). */
export async function hasNoticeOfKind(
  tx: IntakeRawTx,
  no: string,
  kinds: readonly string[],
): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>(
    `SELECT 1 AS "found" FROM "notice" WHERE "application_no" = $1 AND "kind" = ANY($2::text[]) LIMIT 1`,
    no,
    [...kinds],
  );
  return rows.length > 0;
}

/** Every notice of the application, oldest first. */
export function noticesOf(db: IntakeDb, no: string) {
  return db.notice.findMany({ where: { applicationNo: no }, orderBy: { issuedAt: 'asc' } });
}

/**
 * The notice row (written in the transition's transaction, after its PDF was stored). Raw SQL, so the same on the
 * client's transactions and on the database's own driver (the consumers'); a notice holds no personal data to seal.
 */
export async function insertNotice(
  tx: IntakeRawTx,
  n: { id: string; applicationNo: string; kind: string; number: string; content: object; issuedAt: Date },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "notice" ("id", "application_no", "kind", "number", "content", "issued_at")
     VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::timestamptz)`,
    n.id,
    n.applicationNo,
    n.kind,
    n.number,
    JSON.stringify(n.content),
    n.issuedAt.toISOString(),
  );
}
