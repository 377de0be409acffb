import type { CurrentUser } from '@hall/auth';
import {
  ClosingAction,
  PostalAddress,
  StoredActor,
  type ApplicationListQuery,
  type ApplicationPage,
  type ApplicationStatusCode,
  type ApplicationView,
  type DeliveryChoice,
  type PrecheckBody,
  type PrecheckResult,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { endOfChinaDay, startOfChinaDay, type Clock, type WorkingCalendar } from '@hall/calendar';
import { IntakeErrorCode } from '../intake.errors.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { regionPrefix } from '@hall/auth';
import type { ApplicationLocation } from '@hall/contracts';
import type { ServicePoint } from '../service-points/service-network.js';
import { findServicePoints } from '../service-points/service-point.repository.js';
import {
  actorOf,
  assertRelation,
  isClerk,
  isPointClerk,
  relationOf,
  type Relation,
} from './application-access.js';
import { filesOf, inListOrder, type ApplicationRow } from '../records/application-record.js';
import {
  commitTransition,
  listApplications,
  loadApplication,
  findApplicationWithParts,
  snapshotOf,
  type ApplicationListFilter,
  type ApplicationSearch,
  type ApplicationWithParts,
} from '../records/application.repository.js';
import {
  ALLOWED_FROM,
  ApplicationStatus,
  PROMISE_RUNNING,
  STATUS_LABELS,
  mayStart,
} from '../records/application-status.js';
import { applicantFromBody, applicantFromToken } from '../records/applicant-identity.js';
import { checkFormData } from './application-form.js';
import { materialLookupsOf, missingRequired, resolveMaterials } from './materials.js';
import { illegalTransition } from '../intake.errors.js';
import { currentImplementation } from '../implementations/current-implementation.js';
import { returnItemsOf } from '../returns/return-request.js';
import { QueryCodes } from '../public/query-code.js';
import { iso, isoOrNull } from '../shared/instant.js';

export type { ApplicationView };

/** Stored JSON written by intake itself: parsed on the way out, so corrupt data is a 500, never a silent shape change. */
const StoredActorOrNull = StoredActor.nullable();
const StoredAddress = PostalAddress.nullable();
const StoredClosingAction = ClosingAction.nullable();
const StoredJsonObject = z.record(z.string(), z.unknown());
const stored = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => schema.parse(value ?? null);

/**
 * 承诺办结 due date: the promised working days counted from acceptance — none before acceptance, and none once the
 * application has ended (办结, 出件, 撤回, 终止, 不予受理): a deadline that no longer runs is not shown.
 */
function promisedDue(
  calendar: WorkingCalendar,
  app: { status: string; acceptedAt: Date | null; promisedLimitDays: number },
): { dueBy: string | null; dueByProvisional: boolean } {
  const { acceptedAt } = app;
  if (!acceptedAt || !PROMISE_RUNNING.includes(app.status as ApplicationStatus))
    return { dueBy: null, dueByProvisional: false };
  const days = app.promisedLimitDays;
  const dueBy = calendar.addWorkingDays(acceptedAt, days);
  return { dueBy: iso(dueBy), dueByProvisional: calendar.isProvisional(acceptedAt, dueBy) };
}

/** Submitting (申报, also 代办 at the window), reading and listing applications, delivery choice. */
export class ApplicationsService {
  private readonly queryCodes: QueryCodes;

  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
  ) {
    this.queryCodes = new QueryCodes(store, clock);
  }

  private currentImplementation(code: string) {
    return currentImplementation(this.store.prisma, code);
  }

  /** Completeness pre-check (no side effects): which required materials are still missing. */
  async precheck(user: CurrentUser, body: PrecheckBody): Promise<PrecheckResult> {
    const { version, snapshot } = await this.currentImplementation(body.implementationCode);
    // The holder an e-licence must belong to: the token's identity, or the walk-in applicant a clerk names.
    const holderIdNumber = isClerk(user)
      ? (body.applicant?.idNumber ?? '')
      : applicantFromToken(user, undefined).idNumber;
    if (body.formData !== undefined) {
      // The form of the version an application would be filed under now; prefilled fields from the identity.
      const applicant = isClerk(user)
        ? body.applicant
          ? applicantFromBody(body.applicant)
          : undefined
        : applicantFromToken(user, undefined);
      checkFormData(snapshot, body.formData, applicant ? { applicant, byClerk: isClerk(user) } : undefined);
    }
    const resolved = await resolveMaterials(materialLookupsOf(this.store.prisma), snapshot, body.materials, {
      uploaderId: user.id,
      holderIdNumber,
      now: this.clock.now(),
    });
    const missing = missingRequired(
      snapshot.materials,
      resolved.map((m) => m.materialId),
    );
    return {
      implementationCode: body.implementationCode,
      implementationVersion: version,
      complete: missing.main.length === 0 && missing.minor.length === 0,
      submittable: missing.main.length === 0,
      missing: [...missing.main, ...missing.minor].map((m) => ({
        materialId: m.id,
        name: m.name,
        main: m.main,
      })),
    };
  }

  /** The application its submitter sees right after submitting (also the answer replayed for an Idempotency-Key). */
  async submitted(user: CurrentUser, no: string): Promise<ApplicationView> {
    return this.view(user, await this.withParts(no), 'owner-or-agent');
  }

  async get(user: CurrentUser, no: string): Promise<ApplicationView> {
    const parts = await this.withParts(no);
    return this.viewFor(user, parts);
  }

  /** The view of an application read already (e.g. in the command's transaction), for a caller with a relation to it. */
  viewFor(user: CurrentUser, parts: ApplicationWithParts): Promise<ApplicationView> {
    const relation = assertRelation(user, parts.app, ['owner', 'clerk', 'agent', 'supervisor', 'holder']);
    return this.view(user, parts, relation);
  }

  /** The application with what its view shows (one statement), or 404 NOT_FOUND. */
  private async withParts(no: string): Promise<ApplicationWithParts> {
    const parts = await findApplicationWithParts(this.store.prisma, no, this.store.cipher);
    if (!parts) throw AppError.notFound('application', no);
    return parts;
  }

  /** `mine=1`: the applicant's own; `queue=1`: a clerk's region (default: waiting at the window). */
  async list(user: CurrentUser, q: ApplicationListQuery): Promise<ApplicationPage> {
    let filter: ApplicationListFilter;
    const search: ApplicationSearch = {
      ...(q.q ? { text: q.q } : {}),
      ...(q.from ? { receivedFrom: startOfChinaDay(q.from) } : {}),
      ...(q.to ? { receivedUntil: endOfChinaDay(q.to) } : {}),
    };
    if (q.queue) {
      if (!isClerk(user)) throw new AppError('FORBIDDEN', 'only clerks have a window queue', 403);
      if (!user.region) throw new AppError(IntakeErrorCode.RegionMissing, 'your account has no region', 403);
      const statuses = q.status
        ? [q.status]
        : [
            ApplicationStatus.Submitted,
            ApplicationStatus.Supplemented,
            ApplicationStatus.SupplementRequested,
            ApplicationStatus.Completed,
          ];
      // A 代办 point's clerk (township or village) sees what the points of his region took in, before and after the
      // handover; the competent window sees its region's.
      filter = {
        ...search,
        queue: true,
        ...(isPointClerk(user) ? { takenInPrefix: regionPrefix(user.region) } : { regionCode: user.region }),
        statuses,
        ...(q.applicantIdNumber ? { applicantIdNumber: q.applicantIdNumber } : {}),
      };
    } else {
      if (q.applicantIdNumber)
        throw AppError.validation('applicantIdNumber', 'only with queue=1 (the window queue of a clerk)');
      filter = {
        ...search,
        queue: false,
        applicantUserId: user.id,
        // 代办: what a clerk took in for this person (same verified ID number, no account linked) is theirs too.
        ...(user.roles.includes('applicant') && user.idNumber ? { walkInIdNumber: user.idNumber } : {}),
        ...(q.status ? { status: q.status } : {}),
      };
    }
    const { total, rows } = await listApplications(this.store.prisma, filter, q);
    const points = await this.pointsOf(rows.flatMap((r) => [r.servicePointId, r.handoverFromPointId]));
    const calendar = this.store.calendar.current();
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((a) => ({
        no: a.no,
        status: a.status as ApplicationStatusCode,
        statusLabel: STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
        itemName: a.itemName,
        implementationCode: a.implementationCode,
        implementationVersion: a.implementationVersion,
        regionCode: a.regionCode,
        applicantName: a.applicantName,
        agent: a.agent !== null,
        servicePointName: a.servicePointId ? (points.get(a.servicePointId)?.name ?? null) : null,
        handoverPending: a.handoverPending,
        receivedAt: iso(a.receivedAt),
        supplementDueBy: iso(a.supplementDueBy),
        // 暂定: counted into a year without the official holiday arrangement (statutory holidays only).
        supplementDueByProvisional: calendar.isProvisional(a.receivedAt, a.supplementDueBy),
        acceptedAt: isoOrNull(a.acceptedAt),
        completedAt: isoOrNull(a.completedAt),
        promisedLimitDays: a.promisedLimitDays,
        ...promisedDue(calendar, a),
      })),
    };
  }

  /** The applicant chooses how to get the result (出件方式): window pickup, post with address, e-licence only. */
  async chooseDelivery(user: CurrentUser, no: string, choice: DeliveryChoice): Promise<ApplicationView> {
    const app = await loadApplication(this.store.prisma, no);
    assertRelation(user, app, app.applicantUserId ? ['owner'] : ['clerk']);
    if (!mayStart('choose-delivery', app.status)) throw illegalTransition(no, app.status, 'choose-delivery');
    const now = this.clock.now();
    await this.store.messaging.transaction((tx: IntakeTx) =>
      commitTransition(tx, app, {
        action: 'choose-delivery',
        to: app.status as ApplicationStatus,
        actor: actorOf(user, isClerk(user) ? 'clerk' : 'applicant'),
        at: now,
        note: choice.method,
        data: {
          deliveryMethod: choice.method,
          deliveryAddress: choice.method === 'post' ? choice.address : undefined,
        },
      }),
    );
    return this.get(user, no);
  }

  /** The application as its applicant, a clerk or a supervisor sees it. */
  async view(
    user: CurrentUser,
    parts: ApplicationWithParts,
    relation: Relation | 'owner-or-agent',
  ): Promise<ApplicationView> {
    const { app, notices, returns, history } = parts;
    const snapshot = await snapshotOf(
      this.store.prisma,
      app.implementationCode,
      app.implementationVersion,
      this.store.snapshots,
    );
    const materials = inListOrder(parts.materials, snapshot);
    const isOwner = relation === 'owner' || relationOf(user, app) === 'owner';
    // 查询码: for the applicant (and the window, which prints it on the receipt of a walk-in application); never for a supervisor.
    const queryCode =
      relation === 'supervisor'
        ? undefined
        : parts.sealedQueryCode !== null
          ? this.queryCodes.formatSealed(parts.sealedQueryCode)
          : await this.queryCodes.codeFor(app.no, { knownMissing: true });
    return {
      no: app.no,
      ...(queryCode ? { queryCode } : {}),
      status: app.status as ApplicationStatusCode,
      statusLabel: STATUS_LABELS[app.status as ApplicationStatus] ?? app.status,
      rowVersion: app.rowVersion,
      implementation: {
        code: app.implementationCode,
        version: app.implementationVersion,
        itemName: app.itemName,
        regionCode: app.regionCode,
        implementingBody: app.implementingBody,
        departmentCode: app.departmentCode,
        promisedLimitDays: app.promisedLimitDays,
        legalLimitDays: app.legalLimitDays,
      },
      applicant: {
        kind: app.applicantKind,
        userId: app.applicantUserId,
        name: app.applicantName,
        idType: app.applicantIdType,
        idNumber: app.applicantIdNumber,
        phone: app.applicantPhone,
        email: app.applicantEmail,
      },
      agent: stored(StoredActorOrNull, app.agent),
      submittedBy: stored(StoredActor, app.submittedBy),
      formData: stored(StoredJsonObject, app.formData),
      // The 申请表 fields of the version it was filed under, so every screen shows a field by its label.
      formFields: snapshot.applicationForm.fields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
      materials: materials.map((m) => ({
        materialId: m.materialId,
        name: m.name,
        source: m.source as 'upload' | 'licence' | 'promise',
        round: m.round,
        current: m.current,
        files: filesOf(m).map((f) => ({
          ...f,
          ...(f.fileId ? { url: `/api/intake/applications/${app.no}/files/${f.fileId}` } : {}),
        })),
        licenceIdentifier: m.licenceIdentifier,
        ...(m.source === 'licence'
          ? {
              licence: {
                identifier: m.licenceIdentifier,
                licenceTypeCode: m.licenceTypeCode,
                checkedAt: isoOrNull(m.licenceCheckedAt),
              },
            }
          : {}),
        promise: m.promise,
      })),
      missingMaterialIds: app.missingMaterialIds,
      delivery: {
        method: app.deliveryMethod,
        address: stored(StoredAddress, app.deliveryAddress),
        ...(isOwner ? { pickupCode: app.pickupCode } : {}),
        trackingNo: app.trackingNo,
      },
      acceptance: app.acceptedAt
        ? {
            mode: app.acceptanceMode,
            acceptedAt: iso(app.acceptedAt),
            acceptedBy: stored(StoredActorOrNull, app.acceptedBy),
            tolerance:
              app.acceptanceMode === 'tolerance'
                ? {
                    missingMaterialIds: app.toleranceMissing,
                    promise: app.tolerancePromise,
                    supplyBy: isoOrNull(app.toleranceSupplyBy),
                    // Never 暂定: the date written in the acceptance notice binds and is not recounted when a year's calendar is loaded.
                    supplyByProvisional: false,
                    satisfiedAt: isoOrNull(app.toleranceSatisfiedAt),
                  }
                : undefined,
          }
        : undefined,
      refusal: app.refusedAt
        ? { refusedAt: iso(app.refusedAt), reasons: app.refusalReasons, redirectTo: app.redirectTo }
        : undefined,
      decision: app.decidedAt
        ? {
            outcome: app.decisionOutcome,
            decidedAt: iso(app.decidedAt),
            reasons: app.decisionReasons,
            expectedLicenceTypes: app.expectedLicenceTypes,
          }
        : undefined,
      dates: {
        receivedAt: iso(app.receivedAt),
        supplementDueBy: iso(app.supplementDueBy),
        supplementDueByProvisional: this.store.calendar
          .current()
          .isProvisional(app.receivedAt, app.supplementDueBy),
        supplementRequestedAt: isoOrNull(app.supplementRequestedAt),
        supplementedAt: isoOrNull(app.supplementedAt),
        acceptedAt: isoOrNull(app.acceptedAt),
        refusedAt: isoOrNull(app.refusedAt),
        withdrawnAt: isoOrNull(app.withdrawnAt),
        terminatedAt: isoOrNull(app.terminatedAt),
        decidedAt: isoOrNull(app.decidedAt),
        completedAt: isoOrNull(app.completedAt),
        deliveredAt: isoOrNull(app.deliveredAt),
        ...promisedDue(this.store.calendar.current(), app),
      },
      withdrawReason: app.withdrawReason,
      terminationReason: app.terminationReason,
      /** 撤回 / 终止 awaiting approval's answer (status `closing`). */
      closingAction: stored(StoredClosingAction, app.closingAction),
      notices: notices.map((n) => ({
        id: n.id,
        kind: n.kind,
        number: n.number,
        issuedAt: iso(n.issuedAt),
        sha256: n.sha256,
        url: `/api/intake/applications/${app.no}/notices/${n.id}.pdf`,
        content: stored(StoredJsonObject, n.content),
      })),
      /** 退回补正 by approval departments: what each asked for, its notice, and whether the applicant answered. */
      returns: returns.map((r) => ({
        id: r.id,
        departmentName: r.departmentName,
        opinion: r.opinion,
        items: returnItemsOf(r),
        requestedAt: iso(r.requestedAt),
        answeredAt: isoOrNull(r.answeredAt),
        closedAt: isoOrNull(r.closedAt),
        noticeUrl: r.noticeId ? `/api/intake/applications/${app.no}/notices/${r.noticeId}.pdf` : null,
      })),
      timeline: history.map((h) => ({
        from: h.fromStatus,
        to: h.toStatus,
        action: h.action,
        actor: stored(StoredActor, h.actor),
        note: h.note,
        at: iso(h.at),
      })),
      allowedActions: Object.entries(ALLOWED_FROM)
        .filter(([, from]) => (from as readonly string[]).includes(app.status))
        .map(([action]) => action)
        // Waiting at a 代办 point: only the handover (and the applicant's own steps) until the window has it.
        .filter((action) => (app.handoverPending ? !WINDOW_ACTIONS.has(action) : action !== 'handover')),
      location: await this.locationOf(app),
    };
  }

  /** Where the application is (我的办件: 当前所在网点) and its 代办 handover. */
  private async locationOf(app: ApplicationRow): Promise<ApplicationLocation> {
    const points = await this.pointsOf([app.servicePointId, app.handoverFromPointId]);
    const here = app.servicePointId ? points.get(app.servicePointId) : undefined;
    const from = app.handoverFromPointId ? points.get(app.handoverFromPointId) : undefined;
    return {
      servicePoint: here
        ? { id: here.id, name: here.name, kind: here.kind, regionCode: here.regionCode }
        : null,
      handoverPending: app.handoverPending,
      handover:
        from && here && app.handedOverAt
          ? {
              from: { id: from.id, name: from.name },
              to: { id: here.id, name: here.name },
              at: iso(app.handedOverAt),
            }
          : null,
    };
  }

  private async pointsOf(ids: readonly (string | null)[]): Promise<Map<string, ServicePoint>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const points = await findServicePoints(this.store.prisma, wanted);
    return new Map(points.map((p) => [p.id, p]));
  }
}

/** What only the competent window does; not while the application waits at the 代办 point for its handover. */
const WINDOW_ACTIONS: ReadonlySet<string> = new Set([
  'accept',
  'refuse',
  'supplement-notice',
  'deem-accepted',
]);
