import { createHash, randomInt } from 'node:crypto';
import type { CurrentUser } from '@hall/auth';
import {
  ApplicationSubmitted,
  ClosingAction,
  ImplementationSnapshot,
  PostalAddress,
  StoredActor,
  type ApplicationListQuery,
  type ApplicationPage,
  type ApplicationStatusCode,
  type ApplicationView,
  type DeliveryChoice,
  type PartyIdentity,
  type PrecheckBody,
  type PrecheckResult,
  type SubmitApplicationBody,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { Clock } from '@hall/calendar';
import type { Prisma } from '../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { actorOf, assertRelation, isClerk, relationOf, type Relation } from './application-access.js';
import { applicationDay, formatApplicationNo } from './application-number.js';
import {
  filesOf,
  inListOrder,
  loadApplication,
  notify,
  snapshotOf,
  statusMessage,
  type ApplicationRow,
} from './application-record.js';
import { ALLOWED_FROM, ApplicationStatus, STATUS_LABELS, mayStart } from './application-status.js';
import { applicantFromBody, applicantFromToken } from './applicant-identity.js';
import { checkFormData } from './application-form.js';
import {
  attachFiles,
  materialRows,
  missingRequired,
  resolveMaterials,
  servesApplicant,
} from './materials.js';
import { commitTransition } from './application-record.js';
import { illegalTransition } from '../intake.errors.js';
import { returnItemsOf } from '../returns/return-request.js';
import { QueryCodes } from '../public/query-code.js';
import { iso, isoOrNull } from '../shared/instant.js';

/** AL art. 32: a supplement notice must go out within 5 working days of receipt. */
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 5;

export interface SubmitResult {
  application: ApplicationView;
  replayed: boolean;
}

export type { ApplicationView };

/** Stored JSON written by intake itself: parsed on the way out, so corrupt data is a 500, never a silent shape change. */
const StoredActorOrNull = StoredActor.nullable();
const StoredAddress = PostalAddress.nullable();
const StoredClosingAction = ClosingAction.nullable();
const StoredJsonObject = z.record(z.string(), z.unknown());
const stored = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => schema.parse(value ?? null);

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 'P2002';

/** The implementation applications are made against now: the latest published version intake holds. */
export async function currentImplementation(
  db: Pick<IntakeTx, 'implementationView' | 'implementationVersion'>,
  code: string,
): Promise<{ version: number; snapshot: ImplementationSnapshot }> {
  const view = await db.implementationView.findUnique({
    where: { code },
    select: { version: true, status: true },
  });
  if (!view)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} is not a published implementation`,
    );
  if (view.status !== 'published')
    throw unprocessable(
      IntakeErrorCode.ImplementationRetired,
      'implementationCode',
      `${code} is retired (废止): no new applications`,
    );
  const row = await db.implementationVersion.findUnique({
    where: { code_version: { code, version: view.version } },
  });
  if (!row)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} version ${view.version} is not known yet`,
    );
  return { version: row.version, snapshot: ImplementationSnapshot.parse(row.snapshot) };
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
    const resolved = await resolveMaterials(this.store.prisma, snapshot, body.materials, {
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

  async submit(
    user: CurrentUser,
    body: SubmitApplicationBody,
    idempotencyKey: string | undefined,
  ): Promise<SubmitResult> {
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw AppError.validation(
        'Idempotency-Key',
        'must be 1-200 characters of letters, digits, "_", "-", ".", ":"',
      );
    }
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    if (idempotencyKey) {
      const replay = await this.replay(user, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const clerk = isClerk(user);
    let applicant: PartyIdentity;
    if (clerk) {
      if (!body.applicant)
        throw AppError.validation(
          'applicant',
          'a clerk submits for a walk-in applicant (代办): give the applicant',
        );
      applicant = applicantFromBody(body.applicant);
    } else {
      if (body.applicant)
        throw AppError.validation('applicant', 'only a clerk submits on behalf of someone else (代办)');
      applicant = applicantFromToken(user, body.contact);
    }
    const { version, snapshot } = await this.currentImplementation(body.implementationCode);
    if (clerk && user.region !== snapshot.regionCode) {
      throw new AppError(
        IntakeErrorCode.OutsideRegion,
        `implementation ${snapshot.implementationCode} is handled in region ${snapshot.regionCode}, not yours`,
        403,
      );
    }
    if (!servesApplicant(snapshot, applicant)) {
      throw unprocessable(
        IntakeErrorCode.AudienceNotServed,
        'implementationCode',
        `${snapshot.baseItem.name} does not serve ${applicant.kind === 'person' ? '自然人' : '法人'}`,
      );
    }
    const formData = checkFormData(snapshot, body.formData, { applicant, byClerk: clerk });
    const now = this.clock.now();
    const materials = await resolveMaterials(this.store.prisma, snapshot, body.materials, {
      uploaderId: user.id,
      holderIdNumber: applicant.idNumber,
      now,
    });
    const missing = missingRequired(
      snapshot.materials,
      materials.map((m) => m.materialId),
    );
    if (missing.main.length > 0) {
      throw unprocessable(
        IntakeErrorCode.MaterialsIncomplete,
        'materials',
        `main materials missing: ${missing.main.map((m) => m.name).join('、')}`,
        {
          missing: missing.main.map((m) => ({ materialId: m.id, name: m.name })),
        },
      );
    }
    const actor = actorOf(user, clerk ? 'clerk' : 'applicant');
    const delivery = body.delivery;
    try {
      const no = await this.store.messaging.transaction(async (tx) => {
        const seqRows = await tx.$queryRawUnsafe<{ last: number }[]>(
          `INSERT INTO "application_sequence" ("region_code", "day", "last") VALUES ($1, $2, 1)
           ON CONFLICT ("region_code", "day") DO UPDATE SET "last" = "application_sequence"."last" + 1 RETURNING "last"`,
          snapshot.regionCode,
          applicationDay(now),
        );
        const no = formatApplicationNo(
          snapshot.regionCode,
          applicationDay(now),
          Number(seqRows[0]?.last ?? 0),
        );
        if (idempotencyKey)
          await tx.idempotencyKey.create({
            data: { userId: user.id, key: idempotencyKey, requestHash, applicationNo: no },
          });
        const app = await tx.application.create({
          data: {
            no,
            status: ApplicationStatus.Submitted,
            implementationCode: snapshot.implementationCode,
            implementationVersion: version,
            itemName: snapshot.baseItem.name,
            regionCode: snapshot.regionCode,
            departmentCode: snapshot.implementingBody.departmentCode,
            implementingBody: snapshot.implementingBody.name,
            promisedLimitDays: snapshot.promisedLimitDays,
            legalLimitDays: snapshot.legalLimitDays,
            applicantKind: applicant.kind,
            applicantUserId: applicant.userId ?? null,
            applicantName: applicant.name,
            applicantIdType: applicant.idType,
            applicantIdNumber: applicant.idNumber,
            applicantPhone: applicant.phone ?? null,
            applicantEmail: body.applicant?.email ?? body.contact?.email ?? null,
            agent: clerk ? actor : undefined,
            submittedBy: actor,
            formData: formData as Prisma.InputJsonObject,
            missingMaterialIds: missing.minor.map((m) => m.id),
            deliveryMethod: delivery.method,
            deliveryAddress: delivery.method === 'post' ? delivery.address : undefined,
            receivedAt: now,
            supplementDueBy: this.store.calendar
              .current()
              .addWorkingDays(now, SUPPLEMENT_NOTICE_WORKING_DAYS),
          },
        });
        await tx.applicationMaterial.createMany({ data: materialRows(no, materials, 0) });
        if (!(await attachFiles(tx, no, materials))) {
          throw unprocessable(
            IntakeErrorCode.FileUnknown,
            'materials',
            'a file was attached to another application meanwhile',
          );
        }
        await tx.statusHistory.create({
          data: {
            applicationNo: no,
            fromStatus: null,
            toStatus: ApplicationStatus.Submitted,
            action: clerk ? 'submit-for' : 'submit',
            actor,
            at: now,
          },
        });
        await notify(tx, app, statusMessage(app, ApplicationStatus.Submitted), now);
        await this.store.messaging.stage(tx, ApplicationSubmitted, {
          applicationNo: no,
          implementationCode: snapshot.implementationCode,
          implementationVersion: version,
          regionCode: snapshot.regionCode,
          occurredAt: now.toISOString(),
          actor,
          applicant,
          ...(clerk ? { agent: actor } : {}),
          itemName: snapshot.baseItem.name,
          departmentCode: snapshot.implementingBody.departmentCode,
          receivedAt: now.toISOString(),
          promisedLimitDays: snapshot.promisedLimitDays,
          legalLimitDays: snapshot.legalLimitDays,
        });
        return no;
      });
      return {
        application: await this.view(user, await loadApplication(this.store.prisma, no), 'owner-or-agent'),
        replayed: false,
      };
    } catch (err) {
      // Two concurrent submits with the same key: the loser's transaction rolled back; return the winner's.
      if (idempotencyKey && isUniqueViolation(err)) {
        const replay = await this.replay(user, idempotencyKey, requestHash);
        if (replay) return replay;
      }
      throw err;
    }
  }

  private async replay(
    user: CurrentUser,
    key: string,
    requestHash: string,
  ): Promise<SubmitResult | undefined> {
    const existing = await this.store.prisma.idempotencyKey.findUnique({
      where: { userId_key: { userId: user.id, key } },
    });
    if (!existing) return undefined;
    if (existing.requestHash !== requestHash) {
      throw unprocessable(
        IntakeErrorCode.IdempotencyKeyReused,
        'Idempotency-Key',
        'this key was already used for a different request',
      );
    }
    const app = await loadApplication(this.store.prisma, existing.applicationNo);
    return { application: await this.view(user, app, 'owner-or-agent'), replayed: true };
  }

  async get(user: CurrentUser, no: string): Promise<ApplicationView> {
    const app = await loadApplication(this.store.prisma, no);
    const relation = assertRelation(user, app, ['owner', 'clerk', 'supervisor']);
    return this.view(user, app, relation);
  }

  /** `mine=1`: the applicant's own; `queue=1`: a clerk's region (default: waiting at the window). */
  async list(user: CurrentUser, q: ApplicationListQuery): Promise<ApplicationPage> {
    let where: Prisma.ApplicationWhereInput;
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
      where = {
        regionCode: user.region,
        status: { in: statuses },
        ...(q.applicantIdNumber ? { applicantIdNumber: q.applicantIdNumber } : {}),
      };
    } else {
      if (q.applicantIdNumber)
        throw AppError.validation('applicantIdNumber', 'only with queue=1 (the window queue of a clerk)');
      where = { applicantUserId: user.id, ...(q.status ? { status: q.status } : {}) };
    }
    const [total, rows] = await Promise.all([
      this.store.prisma.application.count({ where }),
      this.store.prisma.application.findMany({
        where,
        orderBy: q.queue ? [{ receivedAt: 'asc' }] : [{ receivedAt: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
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
        receivedAt: iso(a.receivedAt),
        supplementDueBy: iso(a.supplementDueBy),
        // 暂定: counted into a year without the official holiday arrangement (statutory holidays only).
        supplementDueByProvisional: this.store.calendar
          .current()
          .isProvisional(a.receivedAt, a.supplementDueBy),
        acceptedAt: isoOrNull(a.acceptedAt),
        completedAt: isoOrNull(a.completedAt),
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
    app: ApplicationRow,
    relation: Relation | 'owner-or-agent',
  ): Promise<ApplicationView> {
    const [rawMaterials, notices, returns, history, snapshot] = await Promise.all([
      this.store.prisma.applicationMaterial.findMany({ where: { applicationNo: app.no } }),
      this.store.prisma.notice.findMany({ where: { applicationNo: app.no }, orderBy: { issuedAt: 'asc' } }),
      this.store.prisma.returnRequest.findMany({
        where: { applicationNo: app.no },
        orderBy: { requestedAt: 'asc' },
      }),
      this.store.prisma.statusHistory.findMany({ where: { applicationNo: app.no }, orderBy: { id: 'asc' } }),
      snapshotOf(this.store.prisma, app.implementationCode, app.implementationVersion),
    ]);
    const materials = inListOrder(rawMaterials, snapshot);
    const isOwner = relation === 'owner' || relationOf(user, app) === 'owner';
    // 查询码: for the applicant (and the window, which prints it on the receipt of a walk-in application); never for a supervisor.
    const queryCode = relation === 'supervisor' ? undefined : await this.queryCodes.codeFor(app.no);
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
        .map(([action]) => action),
    };
  }
}

/** A six-digit pickup code (取件码) for window delivery. */
export function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
