import type { LicenceDb } from '../records/licence.repository.js';

export interface NewShare {
  id: string;
  identifier: string;
  applicationNo: string;
  holderIdNumber: string;
  createdBy: string;
  expiresAt: Date;
}

/** 证照共享授权 rows (`licence_share`): the holder's authorisation of one licence for one application. */
export async function createShare(db: LicenceDb, share: NewShare): Promise<void> {
  await db.licenceShare.create({ data: share });
}

/** A share with its licence; undefined for an unknown id (or one that is not a share id at all). */
export async function findShare(db: LicenceDb, shareId: string) {
  return (
    (await db.licenceShare.findUnique({ where: { id: shareId }, include: { licence: true } })) ?? undefined
  );
}

/** Marks a share withdrawn at `at`, unless it already was (the first withdrawal's time stays). */
export async function revokeShare(db: LicenceDb, shareId: string, at: Date): Promise<void> {
  await db.licenceShare.updateMany({ where: { id: shareId, revokedAt: null }, data: { revokedAt: at } });
}
