import {
  type ImplementationSnapshot,
  type Actor,
  type PartyIdentity,
  type ProvidedMaterial,
} from '@hall/contracts';
import type { Application, ApplicationMaterial, Prisma } from '../generated/prisma/client.js';
import { STATUS_LABELS, type ApplicationStatus } from './application-status.js';

export type ApplicationRow = Application;

export interface NotificationDraft {
  kind: string;
  title: string;
  body: string;
}

/** A notice issued with a transition, as `NoticesService.prepare` makes it (what its row stores). */
export interface TransitionNotice {
  id: string;
  kind: string;
  number: string;
  document: object;
  /** Materials a supplement notice asks for (kept with the notice). */
  materialIds?: string[];
  issuedAt: Date;
}

/** A prepared notice as its row stores it: the document, with the materials it asks for. */
export function noticeRow(
  applicationNo: string,
  n: TransitionNotice,
): { id: string; applicationNo: string; kind: string; number: string; content: object; issuedAt: Date } {
  return {
    id: n.id,
    applicationNo,
    kind: n.kind,
    number: n.number,
    content: JSON.parse(
      JSON.stringify({ ...n.document, ...(n.materialIds ? { materialIds: n.materialIds } : {}) }),
    ) as object,
    issuedAt: n.issuedAt,
  };
}

export interface TransitionSpec {
  action: string;
  to: ApplicationStatus;
  actor: Actor;
  at: Date;
  data?: Prisma.ApplicationUpdateManyMutationInput;
  note?: string;
  notify?: NotificationDraft;
  /** A notice issued with the transition (受理通知书, decision): its row commits with it (one statement when raw). */
  notice?: TransitionNotice;
  /** The notice is not written when the application has one of these kinds already (a replayed decision). */
  noticeUnlessKinds?: readonly string[];
}

/** A transition committed with raw SQL (`commitRawTransition`): only these fields may change with the status. */
export interface RawTransitionSpec extends Omit<TransitionSpec, 'data'> {
  data?: {
    decidedAt?: Date;
    decisionOutcome?: string;
    decisionReasons?: string | null;
    decisionCaseId?: string;
    expectedLicenceTypes?: string[];
    closingAction?: string | null;
    completedAt?: Date;
    pickupCode?: string | null;
    deliveredAt?: Date;
    acceptedAt?: Date;
    acceptanceMode?: string;
    acceptedBy?: Actor;
    toleranceMissing?: string[];
    tolerancePromise?: string;
    toleranceSupplyBy?: Date;
  };
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
