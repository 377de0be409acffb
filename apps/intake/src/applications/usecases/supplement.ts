import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationSupplemented, PartyIdentity, type SupplementBody } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../../intake.errors.js';
import { eventBase, statusMessage, type ApplicationRow } from '../../records/application-record.js';
import { ApplicationStatus } from '../../records/application-status.js';
import { returnItemsOf } from '../../returns/return-request.js';
import { checkFormData } from '../application-form.js';
import type { OpenReturn, WindowRepository } from '../window.repository.js';
import { loadForApplicant, materialName } from './window-steps.js';

const S = ApplicationStatus;
const NoticeMaterials = z.object({ materialIds: z.array(z.string()) });

/** What the applicant owes: the materials asked for, and whether it answers 容缺 or approval's returns. */
interface Owed {
  wanted: string[];
  tolerance: boolean;
  returns: OpenReturn[];
}

/**
 * The applicant answers the one-time supplement notice, supplies the materials owed under 容缺受理, or answers
 * approval's returns (退回补正, every open one at once). Every material asked for must come; other materials only
 * with a return. The form data may be corrected only while the application waits at the window.
 */
export class SupplementApplication {
  constructor(
    private readonly repo: WindowRepository,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: SupplementBody): Promise<void> {
    const { app, actor } = await loadForApplicant(this.repo, user, no);
    const now = this.clock.now();
    const { wanted, tolerance, returns } = await this.owed(app, body, now);
    const snapshot = await this.repo.snapshot(app);
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
    const materials = await this.repo.resolveMaterials(snapshot, body.materials, {
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
        { missing: unanswered },
      );
    }
    const round = await this.repo.lastMaterialRound(no);
    await this.repo.transaction(async (w) => {
      if (returns.length > 0) {
        const count = await w.answerReturns(
          returns.map((r) => r.id),
          now,
        );
        if (count !== returns.length)
          throw AppError.conflict(
            IntakeErrorCode.ConcurrentModification,
            `application ${no} was changed meanwhile; reload and retry`,
          );
      }
      await w.transition(app, {
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
      if (materials.length > 0 && !(await w.replaceMaterials(no, materials, round + 1))) {
        throw unprocessable(
          IntakeErrorCode.FileUnknown,
          'materials',
          'a file was attached to another application meanwhile',
        );
      }
      await w.stage(ApplicationSupplemented, {
        ...eventBase(app, actor, now),
        materialIds: [...given],
        ...(returns.length > 0 ? { answeredTaskIds: returns.map((r) => r.taskId) } : {}),
      });
    });
  }

  /** What the application's status asks of the applicant; 409 when nothing is asked. */
  private async owed(app: ApplicationRow, body: SupplementBody, now: Date): Promise<Owed> {
    if (app.status === S.SupplementRequested) {
      // The materials the one-time supplement notice asked for (kept with the notice).
      const notice = await this.repo.supplementNotice(app.no);
      const parsed = NoticeMaterials.safeParse(notice?.content);
      return { wanted: parsed.success ? parsed.data.materialIds : [], tolerance: false, returns: [] };
    }
    if (app.status === S.Returned) {
      // 退回补正: every material a department named must come; other materials of the item may come too.
      const returns = await this.repo.openReturns(app.no);
      const wanted = [
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
      return { wanted, tolerance: false, returns };
    }
    if (
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
      return { wanted: app.toleranceMissing, tolerance: true, returns: [] };
    }
    throw AppError.conflict(
      IntakeErrorCode.NoSupplementNotice,
      `application ${app.no} (${app.status}) has no open supplement notice or 容缺 materials to supply`,
      { status: app.status },
    );
  }
}
