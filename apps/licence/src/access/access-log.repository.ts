import type { CurrentUser } from '@hall/auth';
import type { LicenceStore, LicenceTx } from '../licence.store.js';

export type AccessAction = 'view' | 'pdf' | 'share-create' | 'share-revoke' | 'share-view' | 'share-pdf';

export interface AccessEntry {
  identifier: string;
  action: AccessAction;
  user: CurrentUser;
  shareId?: string;
  detail?: string;
  at: Date;
}

/** Writes one access log row (who read which licence how, and when). */
export async function logAccess(db: LicenceTx | LicenceStore['prisma'], e: AccessEntry): Promise<void> {
  await db.licenceAccess.create({
    data: {
      identifier: e.identifier,
      action: e.action,
      shareId: e.shareId ?? null,
      actorId: e.user.id,
      actorName: e.user.name,
      actorRole: e.user.roles.join(',') || 'none',
      detail: e.detail ?? null,
      at: e.at,
    },
  });
}

/** The access log of one licence, oldest first (at most 1000 rows). */
export async function accessEntries(db: LicenceTx | LicenceStore['prisma'], identifier: string) {
  return db.licenceAccess.findMany({ where: { identifier }, orderBy: { id: 'asc' }, take: 1000 });
}
