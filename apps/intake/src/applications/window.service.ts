import { createHash, randomBytes } from 'node:crypto';
import type { CurrentUser } from '@hall/auth';
import { chinaDateString, type Clock } from '@hall/calendar';
import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationDelivered,
  ApplicationRefused,
  ApplicationSupplemented,
  ApplicationWithdrawn,
  PartyIdentity,
  SupplementNoticeRejected,
  SupplementRequested,
  SYSTEM_ACTOR,
  type Actor,
  type ApplicationAcceptBody,
  type ApplicationDeliverBody,
  type ApplicationRefuseBody,
  type ApplicationWithdrawBody,
  type ClosingAction,
  type ImplementationSnapshot,
  type SupplementBody,
  type SupplementNoticeBody,
} from '@hall/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import { checkFormData } from './application-form.js';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { IntakeErrorCode, illegalTransition, unprocessable } from '../intake.errors.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import {
  acceptanceNotice,
  refusalNotice,
  supplementNotice,
  type NoticeSubject,
} from '../notices/notice-content.js';
import type { NoticesService, PreparedNotice } from '../notices/notices.service.js';
import { actorOf, assertRelation, isClerk } from './application-access.js';
import {
  applicantOf,
  commitTransition,
  eventBase,
  loadApplication,
  providedMaterialsOf,
  snapshotOf,
  statusMessage,
  type ApplicationRow,
} from './application-record.js';
import { ApplicationStatus, CASE_HELD_BY_APPROVAL, mayStart } from './application-status.js';
import { checkHeldLicence } from '../licences/licence-holding.js';
import { returnItemsOf } from '../returns/return-request.js';
import { attachFiles, licenceProblemDetails, materialRows, resolveMaterials } from './materials.js';
import { QueryCodes } from '../public/query-code.js';

/** How long after a window pickup its one-time window rating code (评价器) may be used. */
export const WINDOW_RATING_MINUTES = 30;

const S = ApplicationStatus;

const NoticeMaterials = z.object({ materialIds: z.array(z.string()) });

function subject(app: ApplicationRow): NoticeSubject {
  return {
    no: app.no,
    itemName: app.itemName,
    implementingBody: app.implementingBody,
    applicantName: app.applicantName,
    receivedAt: app.receivedAt,
    promisedLimitDays: app.promisedLimitDays,
  };
}

function formDataOf(app: ApplicationRow): Record<string, unknown> {
  const v = app.formData;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

function materialName(snapshot: ImplementationSnapshot, id: string): string {
  return snapshot.materials.find((m) => m.id === id)?.name ?? id;
}

/**
 * The comprehensive window's actions (一窗受理) and the applicant's answers: accept (normal / 容缺), refuse,
 * the one-time supplement notice, supplement, withdraw, deliver; plus the rule-driven transitions the
 * scheduler runs (deemed acceptance, 容缺 termination). Each is one transaction: state, timeline, inbox
 * message, notice row and event together; a transition from the wrong status is a 409 and changes nothing.
 */
export class WindowService {
  private readonly queryCodes: QueryCodes;

  constructor(
    private readonly store: IntakeStore,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
  ) {
    this.queryCodes = new QueryCodes(store, clock);
  }

  /** Runs the transaction with a prepared notice; removes the stored PDF if the transaction fails. */
  private async withNotice<T>(notice: PreparedNotice, fn: (tx: IntakeTx) => Promise<T>): Promise<T> {
    try {
      return await this.store.messaging.transaction(fn);
    } catch (err) {
      await this.notices.discard(notice);
      throw err;
    }
  }

  private async clerkLoad(
    user: CurrentUser,
    no: string,
    action: Parameters<typeof mayStart>[0],
  ): Promise<ApplicationRow> {
    const app = await loadApplication(this.store.prisma, no);
    assertRelation(user, app, ['clerk']);
    if (!mayStart(action, app.status)) throw illegalTransition(no, app.status, action);
    return app;
  }

  /** The applicant acts on their own application; a walk-in's (代办) is acted on by a clerk of the region. */
  private async applicantLoad(user: CurrentUser, no: string): Promise<{ app: ApplicationRow; actor: Actor }> {
    const app = await loadApplication(this.store.prisma, no);
    const relation = assertRelation(user, app, app.applicantUserId ? ['owner'] : ['clerk']);
    return { app, actor: actorOf(user, relation === 'owner' ? 'applicant' : 'clerk') };
  }

  async accept(user: CurrentUser, no: string, body: ApplicationAcceptBody): Promise<void> {
    const app = await this.clerkLoad(user, no, 'accept');
    const snapshot = await snapshotOf(this.store.prisma, app.implementationCode, app.implementationVersion);
    const now = this.clock.now();
    let tolerance: { missing: string[]; supplyBy: Date; promise: string } | undefined;
    if (body.mode === 'normal') {
      if (app.missingMaterialIds.length > 0) {
        throw unprocessable(
          IntakeErrorCode.MaterialsIncomplete,
          'mode',
          'required materials are missing: send the one-time supplement notice or accept with 容缺',
          {
            missing: app.missingMaterialIds,
          },
        );
      }
    } else {
      const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
      for (const [i, id] of body.missingMaterialIds.entries()) {
        const spec = specs.get(id);
        if (!spec)
          throw unprocessable(
            IntakeErrorCode.MaterialUnknown,
            `missingMaterialIds.${i}`,
            `${id} is not a material of this implementation`,
          );
        if (spec.main)
          throw unprocessable(
            IntakeErrorCode.ToleranceMainMaterial,
            `missingMaterialIds.${i}`,
            `${spec.name} is a main material: 容缺受理 needs every main material`,
          );
      }
      const uncovered = app.missingMaterialIds.filter((id) => !body.missingMaterialIds.includes(id));
      if (uncovered.length > 0) {
        throw unprocessable(
          IntakeErrorCode.MaterialsIncomplete,
          'missingMaterialIds',
          'every missing material must be listed',
          { missing: uncovered },
        );
      }
      if (body.supplyWithinDays > app.promisedLimitDays) {
        throw unprocessable(
          IntakeErrorCode.ToleranceDeadlineTooLate,
          'supplyWithinDays',
          `must not exceed the promised time limit of ${app.promisedLimitDays} working days`,
        );
      }
      tolerance = {
        missing: [...new Set(body.missingMaterialIds)],
        supplyBy: this.store.calendar.current().addWorkingDays(now, body.supplyWithinDays),
        promise: body.promise,
      };
    }
    const licenceRows = await this.recheckLicences(app, snapshot, now);
    // Past the 5-working-day mark without a notice, the law counts acceptance from receipt (AL art. 32).
    const acceptedAt = app.status === S.Submitted && now > app.supplementDueBy ? app.receivedAt : now;
    const actor = actorOf(user, 'clerk');
    const notice = await this.notices.prepare(
      'acceptance',
      no,
      acceptanceNotice(subject(app), now, {
        mode: body.mode,
        queryCode: await this.queryCodes.codeFor(no),
        ...(tolerance
          ? {
              tolerance: { ...tolerance, missing: tolerance.missing.map((id) => materialName(snapshot, id)) },
            }
          : {}),
      }),
    );
    await this.withNotice(notice, async (tx) => {
      if (licenceRows.length > 0)
        await tx.applicationMaterial.updateMany({
          where: { id: { in: licenceRows } },
          data: { licenceCheckedAt: now },
        });
      await this.acceptInTx(tx, app, {
        actor,
        now,
        acceptedAt,
        mode: body.mode,
        notice,
        tolerance,
        note: body.opinion,
      });
    });
  }

  /**
   * 免提交 again at the window: every current e-licence reference must still be held by the applicant, valid,
   * unexpired and of a replacing type (a licence revoked since submission is caught here). All problems are
   * reported in one 422 so the clerk can list them in the supplement notice. Returns the rows checked.
   */
  private async recheckLicences(
    app: ApplicationRow,
    snapshot: ImplementationSnapshot,
    now: Date,
  ): Promise<string[]> {
    const rows = await this.store.prisma.applicationMaterial.findMany({
      where: { applicationNo: app.no, current: true, source: 'licence' },
    });
    const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
    const problems: Record<string, unknown>[] = [];
    for (const row of rows) {
      const identifier = row.licenceIdentifier ?? '';
      const spec = specs.get(row.materialId) ?? {
        id: row.materialId,
        name: row.name,
        replaceableByLicenceTypes: [],
      };
      const holding = identifier
        ? await this.store.prisma.licenceHolding.findUnique({ where: { identifier } })
        : null;
      const problem = checkHeldLicence(holding, {
        holderIdNumber: app.applicantIdNumber,
        replaceableByLicenceTypes: spec.replaceableByLicenceTypes,
        now,
      });
      if (problem) problems.push(licenceProblemDetails(problem, spec, identifier, holding));
    }
    if (problems.length > 0) {
      const list = problems.map((p) => `${String(p.materialName)}（${String(p.problem)}）`).join('、');
      throw unprocessable(
        IntakeErrorCode.LicenceRecheckFailed,
        'materials',
        `e-licence references no longer stand: ${list}`,
        { problems },
      );
    }
    return rows.map((r) => r.id);
  }

  private async acceptInTx(
    tx: IntakeTx,
    app: ApplicationRow,
    a: {
      actor: Actor;
      now: Date;
      acceptedAt: Date;
      mode: 'normal' | 'tolerance' | 'deemed';
      notice: PreparedNotice;
      tolerance?: { missing: string[]; supplyBy: Date; promise: string };
      note?: string;
    },
  ): Promise<void> {
    const extra = a.tolerance
      ? `容缺受理：请于规定期限内补齐材料。`
      : a.mode === 'deemed'
        ? '依法自收到申请材料之日起视为受理。'
        : '';
    await commitTransition(tx, app, {
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
    });
    await this.notices.write(tx, app.no, a.notice);
    const materials = await tx.applicationMaterial.findMany({
      where: { applicationNo: app.no, current: true },
      orderBy: { createdAt: 'asc' },
    });
    await this.store.messaging.stage(tx, ApplicationAccepted, {
      ...eventBase(app, a.actor, a.now),
      applicant: applicantOf(app),
      itemName: app.itemName,
      departmentCode: app.departmentCode,
      receivedAt: app.receivedAt.toISOString(),
      acceptedAt: a.acceptedAt.toISOString(),
      mode: a.mode,
      formData: formDataOf(app),
      materials: providedMaterialsOf(
        materials,
        await snapshotOf(tx, app.implementationCode, app.implementationVersion),
      ),
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

  async refuse(user: CurrentUser, no: string, body: ApplicationRefuseBody): Promise<void> {
    const app = await this.clerkLoad(user, no, 'refuse');
    const now = this.clock.now();
    const actor = actorOf(user, 'clerk');
    const notice = await this.notices.prepare(
      'refusal',
      no,
      refusalNotice(subject(app), now, body.reasons, body.redirectTo),
    );
    await this.withNotice(notice, async (tx) => {
      await commitTransition(tx, app, {
        action: 'refuse',
        to: S.Refused,
        actor,
        at: now,
        note: body.reasons,
        data: { refusedAt: now, refusalReasons: body.reasons, redirectTo: body.redirectTo ?? null },
        notify: statusMessage(
          app,
          S.Refused,
          `理由：${body.reasons}${body.redirectTo ? `；请向${body.redirectTo}申请` : ''}`,
        ),
      });
      await this.notices.write(tx, no, notice);
      await this.store.messaging.stage(tx, ApplicationRefused, {
        ...eventBase(app, actor, now),
        reasons: body.reasons,
        ...(body.redirectTo ? { redirectTo: body.redirectTo } : {}),
        noticeId: notice.id,
      });
    });
  }

  /** 一次性告知: one notice listing every missing or faulty material; a second one is a 409. */
  async supplementNotice(user: CurrentUser, no: string, body: SupplementNoticeBody): Promise<void> {
    const app = await loadApplication(this.store.prisma, no);
    assertRelation(user, app, ['clerk']);
    const existing = await this.store.prisma.notice.findFirst({
      where: { applicationNo: no, kind: 'supplement' },
      select: { id: true },
    });
    if (existing) {
      // The attempt itself is recorded (its own transaction: attempt row + event for supervision's A01);
      // the application is left exactly as it was.
      const actor = actorOf(user, 'clerk');
      const now = this.clock.now();
      await this.store.messaging.transaction(async (tx) => {
        await tx.supplementNoticeAttempt.create({
          data: {
            applicationNo: no,
            existingNoticeId: existing.id,
            actor,
            statusAtAttempt: app.status,
            items: body.items,
            at: now,
          },
        });
        await this.store.messaging.stage(tx, SupplementNoticeRejected, {
          ...eventBase(app, actor, now),
          noticeId: existing.id,
        });
      });
      throw AppError.conflict(
        IntakeErrorCode.SupplementNoticeExists,
        `application ${no} already has its one-time supplement notice (一次性告知)`,
        { noticeId: existing.id },
      );
    }
    if (!mayStart('supplement-notice', app.status))
      throw illegalTransition(no, app.status, 'supplement-notice');
    const now = this.clock.now();
    if (now > app.supplementDueBy) {
      throw AppError.conflict(
        IntakeErrorCode.SupplementDeadlinePassed,
        `the 5-working-day period for a supplement notice ended ${app.supplementDueBy.toISOString()}; the application counts as accepted (AL art. 32)`,
        {
          supplementDueBy: app.supplementDueBy.toISOString(),
        },
      );
    }
    const snapshot = await snapshotOf(this.store.prisma, app.implementationCode, app.implementationVersion);
    const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
    const seen = new Set<string>();
    const items = body.items.map((item, i) => {
      const spec = specs.get(item.materialId);
      if (!spec)
        throw unprocessable(
          IntakeErrorCode.MaterialUnknown,
          `items.${i}.materialId`,
          `${item.materialId} is not a material of this implementation`,
        );
      if (seen.has(spec.id))
        throw unprocessable(
          IntakeErrorCode.MaterialDuplicate,
          `items.${i}.materialId`,
          `${spec.id} is listed twice`,
        );
      seen.add(spec.id);
      return { materialId: spec.id, name: spec.name, problem: item.problem };
    });
    const unlisted = app.missingMaterialIds.filter((id) => !seen.has(id));
    if (unlisted.length > 0) {
      throw unprocessable(
        IntakeErrorCode.NoticeIncomplete,
        'items',
        'the one-time notice must list every missing material',
        { missing: unlisted },
      );
    }
    const actor = actorOf(user, 'clerk');
    const notice = await this.notices.prepare(
      'supplement',
      no,
      supplementNotice(subject(app), now, items),
      items.map((i) => i.materialId),
    );
    await this.withNotice(notice, async (tx) => {
      await commitTransition(tx, app, {
        action: 'supplement-notice',
        to: S.SupplementRequested,
        actor,
        at: now,
        data: { supplementRequestedAt: now },
        notify: statusMessage(
          app,
          S.SupplementRequested,
          `请补正：${items.map((i) => `${i.name}（${i.problem}）`).join('；')}`,
        ),
      });
      await this.notices.write(tx, no, notice);
      await this.store.messaging.stage(tx, SupplementRequested, {
        ...eventBase(app, actor, now),
        noticeId: notice.id,
        items,
        receivedAt: app.receivedAt.toISOString(),
      });
    });
  }

  /** The applicant answers the supplement notice — or supplies the materials owed under 容缺受理. */
  async supplement(user: CurrentUser, no: string, body: SupplementBody): Promise<void> {
    const { app, actor } = await this.applicantLoad(user, no);
    const now = this.clock.now();
    let wanted: string[];
    let tolerance = false;
    let returns: { id: string; taskId: string; items: unknown }[] = [];
    if (app.status === S.SupplementRequested) {
      wanted = await this.noticeMaterialIds(no);
    } else if (app.status === S.Returned) {
      // 退回补正: every material a department named must come; other materials of the item may come too.
      returns = await this.store.prisma.returnRequest.findMany({
        where: { applicationNo: no, answeredAt: null, closedAt: null },
        select: { id: true, taskId: true, items: true },
      });
      wanted = [
        ...new Set(
          returns.flatMap((r) => returnItemsOf(r).flatMap((i) => (i.materialId ? [i.materialId] : []))),
        ),
      ];
      if (body.materials.length === 0 && !body.note) {
        throw unprocessable(
          IntakeErrorCode.SupplementIncomplete,
          'materials',
          'supply the materials asked for, or answer in a note',
        );
      }
    } else if (
      app.status === S.Accepted &&
      app.acceptanceMode === 'tolerance' &&
      app.toleranceSatisfiedAt === null
    ) {
      if (app.toleranceSupplyBy && now > app.toleranceSupplyBy) {
        throw AppError.conflict(
          IntakeErrorCode.ToleranceDeadlinePassed,
          `the 容缺 supply deadline ${app.toleranceSupplyBy.toISOString()} has passed`,
        );
      }
      wanted = app.toleranceMissing;
      tolerance = true;
    } else {
      throw AppError.conflict(
        IntakeErrorCode.NoSupplementNotice,
        `application ${no} (${app.status}) has no open supplement notice or 容缺 materials to supply`,
        { status: app.status },
      );
    }
    const snapshot = await snapshotOf(this.store.prisma, app.implementationCode, app.implementationVersion);
    let formData: Record<string, unknown> | undefined;
    if (body.formData !== undefined) {
      // Approval receives the form data at acceptance: corrections are taken only while the application waits at the window.
      if (app.status !== S.SupplementRequested) {
        throw unprocessable(
          IntakeErrorCode.FormLocked,
          'formData',
          `application ${no} (${app.status}) was accepted: its form data can no longer be corrected`,
        );
      }
      const applicant = PartyIdentity.parse({
        kind: app.applicantKind,
        ...(app.applicantUserId ? { userId: app.applicantUserId } : {}),
        name: app.applicantName,
        idType: app.applicantIdType,
        idNumber: app.applicantIdNumber,
        ...(app.applicantPhone ? { phone: app.applicantPhone } : {}),
      });
      // The form of the version the application was filed under.
      formData = checkFormData(snapshot, body.formData, { applicant, byClerk: actor.role === 'clerk' });
    }
    const materials = await resolveMaterials(this.store.prisma, snapshot, body.materials, {
      uploaderId: user.id,
      holderIdNumber: app.applicantIdNumber,
      now,
    });
    const given = new Set(materials.map((m) => m.materialId));
    const extra = materials.filter((m) => !wanted.includes(m.materialId));
    if (extra.length > 0 && returns.length === 0) {
      throw unprocessable(
        IntakeErrorCode.MaterialUnknown,
        'materials',
        `not asked for: ${extra.map((m) => m.name).join('、')}`,
      );
    }
    const unanswered = wanted.filter((id) => !given.has(id));
    if (unanswered.length > 0) {
      throw unprocessable(
        IntakeErrorCode.SupplementIncomplete,
        'materials',
        `every material asked for must be supplied: ${unanswered.map((id) => materialName(snapshot, id)).join('、')}`,
        {
          missing: unanswered,
        },
      );
    }
    const round =
      (
        await this.store.prisma.applicationMaterial.aggregate({
          where: { applicationNo: no },
          _max: { round: true },
        })
      )._max.round ?? 0;
    await this.store.messaging.transaction(async (tx) => {
      if (returns.length > 0) {
        const { count } = await tx.returnRequest.updateMany({
          where: { id: { in: returns.map((r) => r.id) }, answeredAt: null, closedAt: null },
          data: { answeredAt: now },
        });
        if (count !== returns.length)
          throw AppError.conflict(
            IntakeErrorCode.ConcurrentModification,
            `application ${no} was changed meanwhile; reload and retry`,
          );
      }
      await commitTransition(tx, app, {
        action: 'supplement',
        to: tolerance || returns.length > 0 ? S.Accepted : S.Supplemented,
        actor,
        at: now,
        ...(body.note ? { note: body.note } : {}),
        data: tolerance
          ? { toleranceSatisfiedAt: now, missingMaterialIds: [] }
          : returns.length > 0
            ? { supplementedAt: now }
            : {
                supplementedAt: now,
                missingMaterialIds: app.missingMaterialIds.filter((id) => !given.has(id)),
                ...(formData ? { formData: formData as Prisma.InputJsonObject } : {}),
              },
        notify: tolerance
          ? {
              kind: 'supplemented',
              title: '容缺材料已补齐',
              body: `您申请的“${app.itemName}”（办件编号 ${app.no}）容缺材料已补齐。`,
            }
          : returns.length > 0
            ? {
                kind: 'supplemented',
                title: '补正材料已提交',
                body: `您申请的“${app.itemName}”（办件编号 ${app.no}）补正材料已提交，审批部门将继续审查。`,
              }
            : statusMessage(app, S.Supplemented),
      });
      if (materials.length > 0) {
        await tx.applicationMaterial.updateMany({
          where: { applicationNo: no, materialId: { in: [...given] }, current: true },
          data: { current: false },
        });
        await tx.applicationMaterial.createMany({ data: materialRows(no, materials, round + 1) });
        if (!(await attachFiles(tx, no, materials))) {
          throw unprocessable(
            IntakeErrorCode.FileUnknown,
            'materials',
            'a file was attached to another application meanwhile',
          );
        }
      }
      await this.store.messaging.stage(tx, ApplicationSupplemented, {
        ...eventBase(app, actor, now),
        materialIds: [...given],
        ...(returns.length > 0 ? { answeredTaskIds: returns.map((r) => r.taskId) } : {}),
      });
    });
  }

  /** The materials the one-time supplement notice asked for (kept with the notice). */
  private async noticeMaterialIds(no: string): Promise<string[]> {
    const notice = await this.store.prisma.notice.findFirst({
      where: { applicationNo: no, kind: 'supplement' },
      select: { content: true },
    });
    const parsed = NoticeMaterials.safeParse(notice?.content);
    return parsed.success ? parsed.data.materialIds : [];
  }

  /**
   * 撤回. Before acceptance intake alone holds the application: withdrawn at once. Once accepted, approval owns the
   * case: the application moves to `closing` and approval settles the request under its case lock (closes the case,
   * or refuses because its decision committed first); intake follows approval's answer (closing.consumer.ts).
   */
  async withdraw(user: CurrentUser, no: string, body: ApplicationWithdrawBody): Promise<void> {
    const { app, actor } = await this.applicantLoad(user, no);
    if (!mayStart('withdraw', app.status)) throw illegalTransition(no, app.status, 'withdraw');
    const now = this.clock.now();
    if (CASE_HELD_BY_APPROVAL.includes(app.status as ApplicationStatus)) {
      await this.store.messaging.transaction((tx) =>
        this.requestClose(tx, app, { closing: 'withdraw', actor, now, reason: body.reason }),
      );
      return;
    }
    await this.store.messaging.transaction(async (tx) => {
      await commitTransition(tx, app, {
        action: 'withdraw',
        to: S.Withdrawn,
        actor,
        at: now,
        ...(body.reason ? { note: body.reason } : {}),
        data: { withdrawnAt: now, withdrawReason: body.reason },
        notify: statusMessage(app, S.Withdrawn),
      });
      await this.store.messaging.stage(tx, ApplicationWithdrawn, {
        ...eventBase(app, actor, now),
        reason: body.reason,
      });
    });
  }

  /** An accepted application is to end without a decision: `closing`, and the request to approval, in one transaction. */
  private async requestClose(
    tx: IntakeTx,
    app: ApplicationRow,
    r: { closing: ClosingAction; actor: Actor; now: Date; reason: string },
  ): Promise<void> {
    await commitTransition(tx, app, {
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
    await this.store.messaging.stage(tx, ApplicationCloseRequested, {
      ...eventBase(app, r.actor, r.now),
      closing: r.closing,
      reason: r.reason,
    });
  }

  /**
   * 出件: window pickup (pickup code checked) or post (tracking number), by a clerk, after completion. A window pickup
   * proves the applicant is present: it returns a one-time window rating code (评价器) for the counter's rating device,
   * whose hash goes to supervision with the event; supervision records one window rating with it, labelled as given
   * at the window, apart from the applicant's own online rating.
   */
  async deliver(
    user: CurrentUser,
    no: string,
    body: ApplicationDeliverBody,
  ): Promise<{ windowRating?: { code: string; expiresAt: string } }> {
    const app = await loadApplication(this.store.prisma, no);
    assertRelation(user, app, ['clerk']);
    if (!mayStart('deliver', app.status)) {
      throw AppError.conflict(
        IntakeErrorCode.NotCompleted,
        `application ${no} is ${app.status}: only a completed (办结) application is delivered`,
        { status: app.status },
      );
    }
    if (body.method !== app.deliveryMethod) {
      throw unprocessable(
        IntakeErrorCode.DeliveryMethodMismatch,
        'method',
        `the applicant chose ${app.deliveryMethod}`,
      );
    }
    if (body.method === 'window' && body.pickupCode !== app.pickupCode) {
      throw unprocessable(IntakeErrorCode.PickupCodeMismatch, 'pickupCode', 'wrong pickup code (取件码)');
    }
    const now = this.clock.now();
    const actor = actorOf(user, 'clerk');
    const trackingNo = body.method === 'post' ? body.trackingNo : undefined;
    const windowRating =
      body.method === 'window'
        ? {
            code: randomBytes(16).toString('base64url'),
            expiresAt: new Date(now.getTime() + WINDOW_RATING_MINUTES * 60_000).toISOString(),
          }
        : undefined;
    await this.store.messaging.transaction(async (tx) => {
      await commitTransition(tx, app, {
        action: 'deliver',
        to: S.Delivered,
        actor,
        at: now,
        data: { deliveredAt: now, ...(trackingNo ? { trackingNo } : {}) },
        notify: statusMessage(app, S.Delivered, trackingNo ? `快递单号：${trackingNo}` : ''),
      });
      await this.store.messaging.stage(tx, ApplicationDelivered, {
        ...eventBase(app, actor, now),
        method: body.method,
        ...(trackingNo ? { trackingNo } : {}),
        ...(windowRating
          ? {
              windowRating: {
                codeHash: createHash('sha256').update(windowRating.code).digest('hex'),
                expiresAt: windowRating.expiresAt,
              },
            }
          : {}),
      });
    });
    return windowRating ? { windowRating } : {};
  }

  /** AL art. 32: no supplement notice within 5 working days of receipt → accepted from the day of receipt. */
  async deemAccepted(no: string): Promise<boolean> {
    const app = await loadApplication(this.store.prisma, no);
    const now = this.clock.now();
    if (!mayStart('deem-accepted', app.status) || now <= app.supplementDueBy) return false;
    const notice = await this.notices.prepare(
      'acceptance',
      no,
      acceptanceNotice(subject(app), now, { mode: 'deemed', queryCode: await this.queryCodes.codeFor(no) }),
    );
    await this.withNotice(notice, (tx) =>
      this.acceptInTx(tx, app, {
        actor: SYSTEM_ACTOR,
        now,
        acceptedAt: app.receivedAt,
        mode: 'deemed',
        notice,
        note: '五个工作日内未一次性告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）',
      }),
    );
    return true;
  }

  /** 容缺受理: nothing valid supplied by the deadline → terminated. */
  async terminateTolerance(no: string): Promise<boolean> {
    const app = await loadApplication(this.store.prisma, no);
    const now = this.clock.now();
    if (
      !mayStart('terminate', app.status) ||
      app.acceptanceMode !== 'tolerance' ||
      app.toleranceSatisfiedAt !== null ||
      !app.toleranceSupplyBy ||
      now <= app.toleranceSupplyBy
    ) {
      return false;
    }
    const reason = `容缺受理的材料未在${chinaDateString(app.toleranceSupplyBy)}前补齐，终止办理`;
    // Approval holds the case: the termination is a request it settles (its decision, if it came first, stands).
    await this.store.messaging.transaction((tx) =>
      this.requestClose(tx, app, { closing: 'terminate', actor: SYSTEM_ACTOR, now, reason }),
    );
    return true;
  }

  /** Exposed for the controller's role check (clerk actions). */
  static requireClerk(user: CurrentUser): void {
    if (!isClerk(user)) throw new AppError('FORBIDDEN', 'window actions need the clerk role', 403);
  }
}
