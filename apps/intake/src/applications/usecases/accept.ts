import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import type { ApplicationAcceptBody, ImplementationSnapshot } from '@hall/contracts';
import type { ApplicationMaterial } from '../../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../../intake.errors.js';
import { checkHeldLicence } from '../../licences/licence-holding.js';
import { acceptanceNotice } from '../../notices/notice-content.js';
import type { PreparedNotice } from '../../notices/notices.service.js';
import type { ApplicationRow } from '../../records/application-record.js';
import type { ApplicationWithParts } from '../../records/application.repository.js';
import { ApplicationStatus } from '../../records/application-status.js';
import { actorOf } from '../application-access.js';
import { licenceProblemDetails } from '../materials.js';
import type { WindowRepository, WindowWrites } from '../window.repository.js';
import { commitAcceptance, loadForClerk, materialName, subject, type NoticePdfs } from './window-steps.js';

type Tolerance = { missing: string[]; supplyBy: Date; promise: string };

/**
 * 受理 at the window: normal (every required material there) or 容缺受理 (only minor materials missing, each listed,
 * supplied within the promised time limit). Every 免提交 e-licence reference is checked again. Past the
 * 5-working-day mark without a notice the law counts acceptance from receipt (AL art. 32). Produces the 受理通知书.
 */
export class AcceptApplication {
  constructor(
    private readonly repo: WindowRepository,
    private readonly notices: NoticePdfs,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: ApplicationAcceptBody): Promise<void> {
    await this.accept(user, no, body);
  }

  /**
   * `execute`, with the application read back after the transition in the same transaction when the repository can
   * (the clerk's view: no read of its own after the commit, issue 22).
   */
  async accept(
    user: CurrentUser,
    no: string,
    body: ApplicationAcceptBody,
  ): Promise<{ parts?: ApplicationWithParts }> {
    // One transaction from the read on (issue 22: no read commit of its own). The one read: the application, its
    // current materials (licence references rechecked, listed in the event) and 查询码.
    let notice: PreparedNotice | undefined;
    try {
      return await this.repo.transaction(async (w) => {
        const loaded = await w.loadWithMaterials(no);
        // Every read on the transaction (PGlite has one connection: a read beside it would wait for it).
        const app = await loadForClerk(w, user, no, 'accept', loaded.app);
        const snapshot = await w.snapshot(app);
        const now = this.clock.now();
        const tolerance = this.tolerance(app, snapshot, body, now);
        const licenceRows = await this.recheckLicences(
          app,
          snapshot,
          now,
          loaded.currentMaterials.filter((m) => m.source === 'licence'),
          w,
        );
        const acceptedAt =
          app.status === ApplicationStatus.Submitted && now > app.supplementDueBy ? app.receivedAt : now;
        notice = await this.notices.prepare(
          'acceptance',
          no,
          acceptanceNotice(subject(app), now, {
            mode: body.mode,
            queryCode: loaded.queryCode ?? (await w.queryCodeFor(no)),
            ...(tolerance
              ? {
                  tolerance: {
                    ...tolerance,
                    missing: tolerance.missing.map((id) => materialName(snapshot, id)),
                  },
                }
              : {}),
          }),
        );
        await w.markLicencesChecked(licenceRows, now);
        await commitAcceptance(w, app, {
          actor: actorOf(user, 'clerk'),
          now,
          acceptedAt,
          mode: body.mode,
          notice,
          tolerance,
          note: body.opinion,
          // As read in this transaction, with the recheck just recorded.
          materials: loaded.currentMaterials.map((m) =>
            licenceRows.includes(m.id) ? { ...m, licenceCheckedAt: now } : m,
          ),
        });
        return w.readBack ? { parts: await w.readBack(no) } : {};
      });
    } catch (err) {
      await this.notices.discard(notice);
      throw err;
    }
  }

  /** Normal: nothing missing. 容缺: every missing material listed, none of them main, supplied within the promised limit. */
  private tolerance(
    app: ApplicationRow,
    snapshot: ImplementationSnapshot,
    body: ApplicationAcceptBody,
    now: Date,
  ): Tolerance | undefined {
    if (body.mode === 'normal') {
      if (app.missingMaterialIds.length > 0) {
        throw unprocessable(
          IntakeErrorCode.MaterialsIncomplete,
          'mode',
          'required materials are missing: send the one-time supplement notice or accept with 容缺',
          { missing: app.missingMaterialIds },
        );
      }
      return undefined;
    }
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
    return {
      missing: [...new Set(body.missingMaterialIds)],
      supplyBy: this.repo.addWorkingDays(now, body.supplyWithinDays),
      promise: body.promise,
    };
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
    rows: readonly ApplicationMaterial[],
    reads: Pick<WindowWrites, 'holding'>,
  ): Promise<string[]> {
    const specs = new Map(snapshot.materials.map((m) => [m.id, m]));
    const problems: Record<string, unknown>[] = [];
    for (const row of rows) {
      const identifier = row.licenceIdentifier ?? '';
      const spec = specs.get(row.materialId) ?? {
        id: row.materialId,
        name: row.name,
        replaceableByLicenceTypes: [],
      };
      const holding = identifier ? await reads.holding(identifier) : null;
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
}
