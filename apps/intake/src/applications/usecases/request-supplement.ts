import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { SupplementNoticeRejected, SupplementRequested, type SupplementNoticeBody } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { IntakeErrorCode, illegalTransition, unprocessable } from '../../intake.errors.js';
import { supplementNotice } from '../../notices/notice-content.js';
import { eventBase, statusMessage, type ApplicationRow } from '../../records/application-record.js';
import { ApplicationStatus, mayStart } from '../../records/application-status.js';
import { actorOf, assertRelation } from '../application-access.js';
import type { WindowRepository } from '../window.repository.js';
import { subject, withNotice, type NoticePdfs } from './window-steps.js';

/**
 * 一次性告知 (AL art. 32): one notice listing every missing or faulty material, within 5 working days of receipt. A
 * second one is a 409 — the attempt itself is recorded (attempt row + event for supervision), the application is left
 * exactly as it was.
 */
export class RequestSupplement {
  constructor(
    private readonly repo: WindowRepository,
    private readonly notices: NoticePdfs,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: SupplementNoticeBody): Promise<void> {
    const app = await this.repo.load(no);
    assertRelation(user, app, ['clerk']);
    const existing = await this.repo.supplementNotice(no);
    if (existing) await this.refuseSecond(user, app, body, existing.id);
    if (!mayStart('supplement-notice', app.status))
      throw illegalTransition(no, app.status, 'supplement-notice');
    const now = this.clock.now();
    if (now > app.supplementDueBy) {
      throw AppError.conflict(
        IntakeErrorCode.SupplementDeadlinePassed,
        `the 5-working-day period for a supplement notice ended ${app.supplementDueBy.toISOString()}; the application counts as accepted (AL art. 32)`,
        { supplementDueBy: app.supplementDueBy.toISOString() },
      );
    }
    const snapshot = await this.repo.snapshot(app);
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
    await withNotice(this.repo, this.notices, notice, async (w) => {
      await w.transition(app, {
        action: 'supplement-notice',
        to: ApplicationStatus.SupplementRequested,
        actor,
        at: now,
        data: { supplementRequestedAt: now },
        notify: statusMessage(
          app,
          ApplicationStatus.SupplementRequested,
          `请补正：${items.map((i) => `${i.name}（${i.problem}）`).join('；')}`,
        ),
      });
      await w.writeNotice(no, notice);
      await w.stage(SupplementRequested, {
        ...eventBase(app, actor, now),
        noticeId: notice.id,
        items,
        receivedAt: app.receivedAt.toISOString(),
      });
    });
  }

  /** A second notice: the attempt is recorded in its own transaction (for supervision's A01), then 409. */
  private async refuseSecond(
    user: CurrentUser,
    app: ApplicationRow,
    body: SupplementNoticeBody,
    existingNoticeId: string,
  ): Promise<never> {
    const actor = actorOf(user, 'clerk');
    const now = this.clock.now();
    await this.repo.transaction(async (w) => {
      await w.recordSupplementNoticeAttempt({
        applicationNo: app.no,
        existingNoticeId,
        actor,
        statusAtAttempt: app.status,
        items: body.items,
        at: now,
      });
      await w.stage(SupplementNoticeRejected, { ...eventBase(app, actor, now), noticeId: existingNoticeId });
    });
    throw AppError.conflict(
      IntakeErrorCode.SupplementNoticeExists,
      `application ${app.no} already has its one-time supplement notice (一次性告知)`,
      { noticeId: existingNoticeId },
    );
  }
}
