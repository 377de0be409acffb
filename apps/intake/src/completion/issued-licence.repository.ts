import { sealPii, type PiiCipher } from '@hall/platform';
import { INTAKE_PII, type IntakeDb, type IntakeRawTx, type IntakeTx } from '../intake.store.js';
import type { HoldingIssue } from '../licences/licence-holding.repository.js';

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
 * `licence.issued` for an application in one statement (issue 22): the e-licence read model (`licence_holding`, as
 * `recordHoldingIssue` writes it: created, or only its issue fields set when a status event came first; the holder
 * code sealed with `pii` and its blind index), the issued licence (a replay keeps the first record), and every licence
 * issued for the application so far, this one included, oldest first.
 */
export async function recordLicenceIssueAndList(
  tx: IntakeRawTx,
  pii: PiiCipher,
  issue: HoldingIssue,
  applicationNo: string,
): Promise<Array<{ identifier: string; licenceTypeCode: string }>> {
  const h = sealPii(pii, INTAKE_PII, 'LicenceHolding', issue) as HoldingIssue & {
    holderIdNumberBidx?: string | null;
  };
  return tx.$queryRawUnsafe<Array<{ identifier: string; licenceTypeCode: string }>>(
    `WITH holding AS (
       INSERT INTO "licence_holding" ("identifier", "licence_type_code", "name", "holder_id_number",
         "holder_id_number_bidx", "issuer_uscc", "department_code", "status", "status_at", "issued_at", "valid_from",
         "valid_until", "updated_at")
       VALUES ($1, $3, $4, $6, $7, $8, $9, $10, $11::timestamptz, $5::timestamptz, $12::timestamptz,
         $13::timestamptz, now())
       ON CONFLICT ("identifier") DO UPDATE SET ("issued_at", "valid_from", "valid_until", "updated_at") =
         ROW(EXCLUDED."issued_at", EXCLUDED."valid_from", EXCLUDED."valid_until", now())),
     ins AS (
       INSERT INTO "issued_licence" ("identifier", "application_no", "licence_type_code", "name", "issued_at")
       VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING
       RETURNING "identifier", "licence_type_code", "issued_at")
     SELECT "identifier", "licence_type_code" AS "licenceTypeCode" FROM (
       SELECT "identifier", "licence_type_code", "issued_at" FROM "issued_licence" WHERE "application_no" = $2
       UNION ALL SELECT "identifier", "licence_type_code", "issued_at" FROM ins) l
      ORDER BY "issued_at", "identifier"`,
    h.identifier,
    applicationNo,
    h.licenceTypeCode,
    h.name,
    h.issuedAt.toISOString(),
    h.holderIdNumber,
    h.holderIdNumberBidx ?? null,
    h.issuerUscc,
    h.departmentCode,
    h.status,
    h.statusAt.toISOString(),
    h.validFrom.toISOString(),
    h.validUntil === null ? null : h.validUntil.toISOString(),
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
