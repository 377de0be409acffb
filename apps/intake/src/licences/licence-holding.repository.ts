import { revealPii, sealPii, type PiiCipher } from '@hall/platform';
import type { LicenceHolding, Prisma } from '../generated/prisma/client.js';
import { INTAKE_PII, type IntakeDb, type IntakeRawTx, type IntakeTx } from '../intake.store.js';

// ——— The e-licence read model (licence_holding) ———

/** One licence as intake knows it (null when no event about it arrived). */
export function findHolding(db: IntakeDb, identifier: string) {
  return db.licenceHolding.findUnique({ where: { identifier } });
}

/**
 * `findHolding` in raw SQL, for a transaction on the database's own driver (issue 22: submit runs without the ORM):
 * the row under its model field names, typed as `findUnique` returns it, the holder code revealed with the store's
 * cipher (raw statements bypass the PII extension).
 */
export async function findHoldingRaw(
  tx: IntakeRawTx,
  identifier: string,
  pii: PiiCipher,
): Promise<LicenceHolding | null> {
  const [row] = await tx.$queryRawUnsafe<LicenceHolding[]>(
    `SELECT h."identifier", h."licence_type_code" AS "licenceTypeCode", h."name", h."holder_id_number" AS "holderIdNumber",
       h."holder_id_number_bidx" AS "holderIdNumberBidx", h."issuer_uscc" AS "issuerUscc",
       h."department_code" AS "departmentCode", h."status", h."status_at" AS "statusAt",
       h."status_reason" AS "statusReason", h."superseded_by" AS "supersededBy", h."issued_at" AS "issuedAt",
       h."valid_from" AS "validFrom", h."valid_until" AS "validUntil", h."updated_at" AS "updatedAt"
       FROM "licence_holding" h WHERE h."identifier" = $1`,
    identifier,
  );
  return row === undefined ? null : (revealPii(pii, row) as LicenceHolding);
}

/** When the status of a held licence last moved (null when unknown). */
export function holdingStatusAt(db: IntakeDb, identifier: string) {
  return db.licenceHolding.findUnique({ where: { identifier }, select: { statusAt: true } });
}

export async function createHolding(tx: IntakeTx, data: Prisma.LicenceHoldingCreateInput): Promise<void> {
  await tx.licenceHolding.create({ data });
}

/** A licence's issue as `licence.issued` tells it. */
export interface HoldingIssue {
  identifier: string;
  licenceTypeCode: string;
  name: string;
  holderIdNumber: string;
  issuerUscc: string;
  departmentCode: string;
  status: string;
  statusAt: Date;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
}

/**
 * Creates the holding from its issue, or, when an event about the licence came first (its status is newer), sets only
 * what the issue alone carries (issued, valid from, valid until): one `INSERT … ON CONFLICT DO UPDATE` (issue 22: no
 * read before the write). Raw SQL (the consumer's raw transaction): the holder code is sealed here with `pii`, with
 * its blind index, as the client's PII extension would.
 */
export async function recordHoldingIssue(
  tx: IntakeRawTx,
  pii: PiiCipher,
  issue: HoldingIssue,
): Promise<void> {
  const h = sealPii(pii, INTAKE_PII, 'LicenceHolding', issue) as HoldingIssue & {
    holderIdNumberBidx?: string | null;
  };
  await tx.$executeRawUnsafe(
    `INSERT INTO "licence_holding" ("identifier", "licence_type_code", "name", "holder_id_number",
       "holder_id_number_bidx", "issuer_uscc", "department_code", "status", "status_at", "issued_at", "valid_from",
       "valid_until", "updated_at")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10::timestamptz, $11::timestamptz, $12::timestamptz, now())
     ON CONFLICT ("identifier") DO UPDATE SET ("issued_at", "valid_from", "valid_until", "updated_at") =
       ROW(EXCLUDED."issued_at", EXCLUDED."valid_from", EXCLUDED."valid_until", now())`,
    h.identifier,
    h.licenceTypeCode,
    h.name,
    h.holderIdNumber,
    h.holderIdNumberBidx ?? null,
    h.issuerUscc,
    h.departmentCode,
    h.status,
    h.statusAt.toISOString(),
    h.issuedAt.toISOString(),
    h.validFrom.toISOString(),
    h.validUntil === null ? null : h.validUntil.toISOString(),
  );
}

export async function updateHolding(
  tx: IntakeTx,
  identifier: string,
  data: Prisma.LicenceHoldingUpdateInput,
): Promise<void> {
  await tx.licenceHolding.update({ where: { identifier }, data });
}

/** The licences held by this ID number or USCC (blind index), newest first. */
export function holdingsOf(db: IntakeDb, holderIdNumber: string) {
  return db.licenceHolding.findMany({
    where: { holderIdNumber },
    orderBy: [{ issuedAt: 'desc' }, { identifier: 'asc' }],
  });
}
