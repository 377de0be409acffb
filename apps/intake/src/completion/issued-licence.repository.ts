import type { IntakeDb, IntakeTx } from '../intake.store.js';

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

/** The licences issued for the application so far, oldest first. */
export function issuedLicencesOf(db: IntakeDb, no: string) {
  return db.issuedLicence.findMany({ where: { applicationNo: no }, orderBy: { issuedAt: 'asc' } });
}
