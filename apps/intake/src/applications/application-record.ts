import {
  ImplementationSnapshot,
  type Actor,
  type PartyIdentity,
  type ProvidedMaterial,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { Application, ApplicationMaterial, Prisma } from '../generated/prisma/client.js';
import { IntakeErrorCode } from '../intake.errors.js';
import type { IntakeTx } from '../intake.store.js';
import { STATUS_LABELS, type ApplicationStatus } from './application-status.js';

export type ApplicationRow = Application;

export interface NotificationDraft {
  kind: string;
  title: string;
  body: string;
}

export interface TransitionSpec {
  action: string;
  to: ApplicationStatus;
  actor: Actor;
  at: Date;
  data?: Prisma.ApplicationUpdateManyMutationInput;
  note?: string;
  notify?: NotificationDraft;
}

/**
 * Commits one transition of an application inside the caller's transaction: the row moves only if it is
 * still at the version and status that were read (optimistic concurrency), the timeline gets an entry and
 * the applicant's inbox a message — all in the same transaction as the event the caller stages.
 */
export async function commitTransition(tx: IntakeTx, app: ApplicationRow, t: TransitionSpec): Promise<void> {
  const res = await tx.application.updateMany({
    where: { no: app.no, rowVersion: app.rowVersion, status: app.status },
    data: { ...t.data, status: t.to, rowVersion: { increment: 1 } },
  });
  if (res.count !== 1) {
    throw AppError.conflict(
      IntakeErrorCode.ConcurrentModification,
      `application ${app.no} was changed meanwhile; reload and retry`,
      { applicationNo: app.no },
    );
  }
  await tx.statusHistory.create({
    data: {
      applicationNo: app.no,
      fromStatus: app.status,
      toStatus: t.to,
      action: t.action,
      actor: t.actor,
      note: t.note ?? null,
      at: t.at,
    },
  });
  if (t.notify) await notify(tx, app, t.notify, t.at);
}

/** An inbox message for the applicant (and the external sender's queue), in the caller's transaction. */
export async function notify(
  tx: IntakeTx,
  app: Pick<ApplicationRow, 'no' | 'applicantUserId' | 'applicantEmail'>,
  n: NotificationDraft,
  at: Date,
): Promise<void> {
  await tx.notification.create({
    data: {
      userId: app.applicantUserId,
      email: app.applicantEmail,
      applicationNo: app.no,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: at,
    },
  });
}

export function statusMessage(
  app: Pick<ApplicationRow, 'no' | 'itemName'>,
  to: ApplicationStatus,
  extra = '',
): NotificationDraft {
  return {
    kind: to,
    title: `办件${STATUS_LABELS[to]}`,
    body: `您申请的“${app.itemName}”（办件编号 ${app.no}）当前状态：${STATUS_LABELS[to]}。${extra}`.trim(),
  };
}

/** Fields every intake event carries. */
export function eventBase(app: ApplicationRow, actor: Actor, at: Date) {
  return {
    applicationNo: app.no,
    implementationCode: app.implementationCode,
    implementationVersion: app.implementationVersion,
    regionCode: app.regionCode,
    occurredAt: at.toISOString(),
    actor,
  };
}

export function applicantOf(app: ApplicationRow): PartyIdentity {
  return {
    kind: app.applicantKind === 'business' ? 'business' : 'person',
    ...(app.applicantUserId ? { userId: app.applicantUserId } : {}),
    name: app.applicantName,
    idType: app.applicantIdType === 'USCC' ? 'USCC' : 'ID_CARD',
    idNumber: app.applicantIdNumber,
    ...(app.applicantPhone ? { phone: app.applicantPhone } : {}),
  };
}

interface StoredFileJson {
  /** The uploaded_file id (download route); absent in rows written before it was recorded. */
  fileId?: string;
  bucket: string;
  key: string;
  name: string;
  sha256: string;
  contentType: string;
  size: number;
}

export function filesOf(m: Pick<ApplicationMaterial, 'files'>): StoredFileJson[] {
  return Array.isArray(m.files) ? (m.files as unknown as StoredFileJson[]) : [];
}

/** Materials in the order of the implementation's list, then by round. */
export function inListOrder<M extends Pick<ApplicationMaterial, 'materialId' | 'round'>>(
  materials: readonly M[],
  snapshot: ImplementationSnapshot,
): M[] {
  const index = new Map(snapshot.materials.map((m, i) => [m.id, i]));
  const pos = (m: M) => index.get(m.materialId) ?? Number.MAX_SAFE_INTEGER;
  return [...materials].sort((a, b) => a.round - b.round || pos(a) - pos(b));
}

export function providedMaterialsOf(
  materials: readonly ApplicationMaterial[],
  snapshot: ImplementationSnapshot,
): ProvidedMaterial[] {
  const index = new Map(snapshot.materials.map((m, i) => [m.id, i]));
  return materials
    .filter((m) => m.current)
    .sort((a, b) => (index.get(a.materialId) ?? 0) - (index.get(b.materialId) ?? 0))
    .map((m) => ({
      materialId: m.materialId,
      name: m.name,
      source: m.source === 'licence' ? 'licence' : m.source === 'promise' ? 'promise' : 'upload',
      files: filesOf(m).map((f) => ({
        bucket: f.bucket,
        key: f.key,
        name: f.name,
        sha256: f.sha256,
        contentType: f.contentType,
        size: f.size,
      })),
      ...(m.licenceIdentifier ? { licenceIdentifier: m.licenceIdentifier } : {}),
      ...(m.licenceTypeCode ? { licenceTypeCode: m.licenceTypeCode } : {}),
      ...(m.licenceCheckedAt ? { licenceCheckedAt: m.licenceCheckedAt.toISOString() } : {}),
    }));
}

export async function loadApplication(
  db: Pick<IntakeTx, 'application'>,
  no: string,
): Promise<ApplicationRow> {
  const app = await db.application.findUnique({ where: { no } });
  if (!app) throw AppError.notFound('application', no);
  return app;
}

/** The snapshot of the exact version an application was made against (parsed with its contract). */
export async function snapshotOf(
  db: Pick<IntakeTx, 'implementationVersion'>,
  code: string,
  version: number,
): Promise<ImplementationSnapshot> {
  const row = await db.implementationVersion.findUnique({ where: { code_version: { code, version } } });
  if (!row)
    throw new AppError(
      IntakeErrorCode.ImplementationUnknown,
      `implementation ${code} version ${version} is not known to intake`,
      500,
    );
  return ImplementationSnapshot.parse(row.snapshot);
}
