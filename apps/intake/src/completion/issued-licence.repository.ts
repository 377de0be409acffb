import type { IntakeDb, IntakeRawTx, IntakeTx } from '../intake.store.js';

/** Records a licence issued for an application (a replay keeps the first record). */
export async function recordIssuedLicence(
  tx: IntakeTx,
  licence: {
    identifier: string;
    applicationNo: string;
    licenceTypeCode: string;
    name: string;
    issuedAt: Date;
  },
): Promise<void> {
  // One `INSERT … ON CONFLICT DO NOTHING` (an upsert with nothing to update reads first: issue 22).
  await tx.issuedLicence.createMany({ data: [licence], skipDuplicates: true });
}

/**
 * Records a licence issued for an application (a replay keeps the first record) and returns every licence issued for
 * it so far, this one included, oldest first: one statement (issue 22).
 */
export async function recordIssuedLicenceAndList(
  tx: IntakeRawTx,
  licence: {
    identifier: string;
    applicationNo: string;
    licenceTypeCode: string;
    name: string;
    issuedAt: Date;
  },
): Promise<Array<{ identifier: string; licenceTypeCode: string }>> {
  return tx.$queryRawUnsafe<Array<{ identifier: string; licenceTypeCode: string }>>(
    `WITH ins AS (
       INSERT INTO "issued_licence" ("identifier", "application_no", "licence_type_code", "name", "issued_at")
       VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING
       RETURNING "identifier", "licence_type_code", "issued_at")
     SELECT "identifier", "licence_type_code" AS "licenceTypeCode" FROM (
       SELECT "identifier", "licence_type_code", "issued_at" FROM "issued_licence" WHERE "application_no" = $2
       UNION ALL SELECT "identifier", "licence_type_code", "issued_at" FROM ins) l
      ORDER BY "issued_at", "identifier"`,
    licence.identifier,
    licence.applicationNo,
    licence.licenceTypeCode,
    licence.name,
    licence.issuedAt.toISOString(),
  );
}

/** The licences issued for the application so far, oldest first (raw SQL: on any transaction). */
export function issuedLicencesFor(
  tx: IntakeRawTx,
  no: string,
): Promise<Array<{ identifier: string; licenceTypeCode: string }>> {
  return tx.$queryRawUnsafe<Array<{ identifier: string; licenceTypeCode: string }>>(
    `SELECT "identifier", "licence_type_code" AS "licenceTypeCode" FROM "issued_licence"
      WHERE "application_no" = $1 ORDER BY "issued_at", "identifier"`,
    no,
  );
}

/** The licences issued for the application so far, oldest first. */
export function issuedLicencesOf(db: IntakeDb, no: string) {
  return db.issuedLicence.findMany({ where: { applicationNo: no }, orderBy: { issuedAt: 'asc' } });
}
