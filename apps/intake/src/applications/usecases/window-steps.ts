import type { CurrentUser } from '@hall/auth';
import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  type Actor,
  type ClosingAction,
  type ImplementationSnapshot,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { ApplicationMaterial } from '../../generated/prisma/client.js';
import { illegalTransition, IntakeErrorCode } from '../../intake.errors.js';
import { modeAt } from '../../service-points/service-network.js';
import type { NoticeSubject } from '../../notices/notice-content.js';
import type { NoticesService, PreparedNotice } from '../../notices/notices.service.js';
import {
  applicantOf,
  eventBase,
  providedMaterialsOf,
  statusMessage,
  type ApplicationRow,
} from '../../records/application-record.js';
import { ApplicationStatus, mayStart } from '../../records/application-status.js';
import { actorOf, assertRelation } from '../application-access.js';
import type { WindowRepository, WindowWrites } from '../window.repository.js';

/** Steps several window use cases share (loading with the caller's relation, notices, acceptance, close requests). */

const S = ApplicationStatus;

/** Storing and discarding notice PDFs (object storage): what a use case needs of the notices service. */
export type NoticePdfs = Pick<NoticesService, 'prepare' | 'discard'>;

export function subject(app: ApplicationRow): NoticeSubject {
  return {
    no: app.no,
    itemName: app.itemName,
    implementingBody: app.implementingBody,
    applicantName: app.applicantName,
    receivedAt: app.receivedAt,
    promisedLimitDays: app.promisedLimitDays,
  };
}

export function materialName(snapshot: ImplementationSnapshot, id: string): string {
  return snapshot.materials.find((m) => m.id === id)?.name ?? id;
}

function formDataOf(app: ApplicationRow): Record<string, unknown> {
  const v = app.formData;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

/** A clerk of the application's region acts on it, and only from a status the action may start from (else 409). */
export async function loadForClerk(
  repo: Pick<WindowRepository, 'load' | 'servicePoint' | 'snapshot'>,
  user: CurrentUser,
  no: string,
  action: Parameters<typeof mayStart>[0],
  /** The application when the caller has read it already. */
  loaded?: ApplicationRow,
): Promise<ApplicationRow> {
  const app = loaded ?? (await repo.load(no));
  const relation = assertRelation(user, app, ['clerk', 'agent']);
  if (!mayStart(action, app.status)) throw illegalTransition(no, app.status, action);
  if (app.handoverPending)
    throw new AppError(
      IntakeErrorCode.HandoverPending,
      `application ${no} waits at the 代办 point that took it in: it is handed over to the competent window first`,
      409,
      { applicationNo: no },
    );
  // A township or village point's clerk acts as the window only where the point fully accepts the item (受理下移).
  if (relation === 'agent' && !(await acceptsAtPoint(repo, user, app)))
    throw new AppError('FORBIDDEN', `not allowed on application ${no}`, 403, { applicationNo: no });
  return app;
}

/** Whether the application is at the user's point and that point accepts (受理, not only 收件) its item. */
async function acceptsAtPoint(
  repo: Pick<WindowRepository, 'servicePoint' | 'snapshot'>,
  user: CurrentUser,
  app: ApplicationRow,
): Promise<boolean> {
  if (!app.servicePointId) return false;
  const point = await repo.servicePoint(app.servicePointId);
  if (!point?.clerkIds.includes(user.id)) return false;
  const snapshot = await repo.snapshot(app);
  return modeAt(point, { regionCode: snapshot.regionCode, baseCode: snapshot.baseItem.code }) === 'accept';
}

/** The applicant acts on their own application; a walk-in's (代办) is acted on by a clerk of the region. */
export async function loadForApplicant(
  repo: WindowRepository,
  user: CurrentUser,
  no: string,
): Promise<{ app: ApplicationRow; actor: Actor }> {
  const app = await repo.load(no);
  const relation = assertRelation(user, app, app.applicantUserId ? ['owner'] : ['clerk']);
  return { app, actor: actorOf(user, relation === 'owner' ? 'applicant' : 'clerk') };
}

/** Runs the transaction with a prepared notice; removes the stored PDF if the transaction fails. */
export async function withNotice<T>(
  repo: WindowRepository,
  notices: NoticePdfs,
  notice: PreparedNotice,
  fn: (w: WindowWrites) => Promise<T>,
): Promise<T> {
  try {
    return await repo.transaction(fn);
  } catch (err) {
    await notices.discard(notice);
    throw err;
  }
}

export interface Acceptance {
  actor: Actor;
  now: Date;
  acceptedAt: Date;
  mode: 'normal' | 'tolerance' | 'deemed';
  notice: PreparedNotice;
  tolerance?: { missing: string[]; supplyBy: Date; promise: string };
  note?: string;
  /**
   * The current materials as the caller read them with the application (the event lists them); read in the
   * transaction when absent. Safe to pass: a material change moves the row version, and the transition then fails.
   */
  materials?: ApplicationMaterial[];
}

/** 受理 (by a clerk, 容缺, or deemed by law): the transition, the notice row and the event approval opens its case on. */
export async function commitAcceptance(w: WindowWrites, app: ApplicationRow, a: Acceptance): Promise<void> {
  const extra = a.tolerance
    ? `容缺受理：请于规定期限内补齐材料。`
    : a.mode === 'deemed'
      ? '依法自收到申请材料之日起视为受理。'
      : '';
  await w.transition(app, {
    action: a.mode === 'deemed' ? 'deem-accepted' : 'accept',
    to: S.Accepted,
    actor: a.actor,
    at: a.now,
    ...(a.note ? { note: a.note } : {}),
    data: {
      acceptedAt: a.acceptedAt,
      acceptanceMode: a.mode,
      acceptedBy: a.actor,
      ...(a.tolerance
        ? {
            toleranceMissing: a.tolerance.missing,
            tolerancePromise: a.tolerance.promise,
            toleranceSupplyBy: a.tolerance.supplyBy,
          }
        : {}),
    },
    notify: statusMessage(app, S.Accepted, extra),
    // The 受理通知书's row commits with the transition (in its statement: issue 22).
    notice: a.notice,
  });
  const materials = a.materials ?? (await w.currentMaterials(app.no));
  await w.stage(ApplicationAccepted, {
    ...eventBase(app, a.actor, a.now),
    applicant: applicantOf(app),
    itemName: app.itemName,
    departmentCode: app.departmentCode,
    receivedAt: app.receivedAt.toISOString(),
    acceptedAt: a.acceptedAt.toISOString(),
    mode: a.mode,
    formData: formDataOf(app),
    materials: providedMaterialsOf(materials, await w.snapshot(app)),
    ...(a.tolerance
      ? {
          tolerance: {
            missingMaterialIds: a.tolerance.missing,
            supplyBy: a.tolerance.supplyBy.toISOString(),
            promise: a.tolerance.promise,
          },
        }
      : {}),
    promisedLimitDays: app.promisedLimitDays,
    legalLimitDays: app.legalLimitDays,
    noticeId: a.notice.id,
  });
}

/** An accepted application is to end without a decision: `closing`, and the request to approval, in one transaction. */
export async function commitCloseRequest(
  w: WindowWrites,
  app: ApplicationRow,
  r: { closing: ClosingAction; actor: Actor; now: Date; reason: string },
): Promise<void> {
  await w.transition(app, {
    action: r.closing === 'withdraw' ? 'withdraw-request' : 'terminate-request',
    to: S.Closing,
    actor: r.actor,
    at: r.now,
    ...(r.reason ? { note: r.reason } : {}),
    data:
      r.closing === 'withdraw'
        ? { closingAction: r.closing, closingRequestedAt: r.now, withdrawReason: r.reason }
        : { closingAction: r.closing, closingRequestedAt: r.now, terminationReason: r.reason },
    notify: {
      kind: 'closing',
      title: r.closing === 'withdraw' ? '撤回申请已提交' : '办件将终止办理',
      body: `您申请的“${app.itemName}”（办件编号 ${app.no}）${r.closing === 'withdraw' ? '的撤回申请已提交，正在由审批部门确认' : `将终止办理：${r.reason}`}。`,
    },
  });
  await w.stage(ApplicationCloseRequested, {
    ...eventBase(app, r.actor, r.now),
    closing: r.closing,
    reason: r.reason,
  });
}
