import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeTx } from '../intake.store.js';

// ——— The e-licence read model (licence_holding) ———

/** One licence as intake knows it (null when no event about it arrived). */
export function findHolding(db: IntakeDb, identifier: string) {
  return db.licenceHolding.findUnique({ where: { identifier } });
}

/** When the status of a held licence last moved (null when unknown). */
export function holdingStatusAt(db: IntakeDb, identifier: string) {
  return db.licenceHolding.findUnique({ where: { identifier }, select: { statusAt: true } });
}

export async function createHolding(tx: IntakeTx, data: Prisma.LicenceHoldingCreateInput): Promise<void> {
  await tx.licenceHolding.create({ data });
}

/**
 * Creates the holding with `create`, or, when an event about the licence came first, sets `update` on it: one
 * `INSERT … ON CONFLICT DO UPDATE` (issue 22: no read before the write).
 */
export async function upsertHolding(
  tx: IntakeTx,
  create: Prisma.LicenceHoldingCreateInput,
  update: Prisma.LicenceHoldingUpdateInput,
): Promise<void> {
  await tx.licenceHolding.upsert({ where: { identifier: create.identifier }, create, update });
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
