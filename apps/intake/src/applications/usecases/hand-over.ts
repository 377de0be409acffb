import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationHandedOver, type ApplicationHandoverBody } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { illegalTransition, IntakeErrorCode } from '../../intake.errors.js';
import { eventBase } from '../../records/application-record.js';
import { mayStart, type ApplicationStatus } from '../../records/application-status.js';
import { actorOf, assertRelation } from '../application-access.js';
import type { WindowRepository } from '../window.repository.js';

/**
 * 代办 handover (转交): a township or village point that only takes an item in (收件) hands the application to the
 * competent window — the comprehensive window of the implementation's region — which then accepts, refuses or asks
 * for a supplement. Only a clerk of a point whose region covers the one that took it in, only while it waits there.
 * One transaction: the application moves to the window (status unchanged), a timeline entry, the applicant's inbox
 * message and `intake.application.handed-over` (supervision counts the handover time from it).
 */
export class HandOverApplication {
  constructor(
    private readonly repo: WindowRepository,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: ApplicationHandoverBody): Promise<void> {
    const app = await this.repo.load(no);
    assertRelation(user, app, ['agent']);
    if (!mayStart('handover', app.status)) throw illegalTransition(no, app.status, 'handover');
    const from =
      app.handoverPending && app.servicePointId ? await this.repo.servicePoint(app.servicePointId) : null;
    if (!from)
      throw new AppError(
        IntakeErrorCode.NoHandoverPending,
        `application ${no} does not wait at a 代办 point for its handover`,
        409,
        { applicationNo: no },
      );
    const to = await this.repo.competentWindow(app.regionCode);
    if (!to)
      throw new AppError(
        IntakeErrorCode.NoCompetentWindow,
        `region ${app.regionCode} has no comprehensive window in the service network`,
        409,
        { applicationNo: no, regionCode: app.regionCode },
      );
    const now = this.clock.now();
    const actor = actorOf(user, 'clerk');
    const note = body.note?.trim() || undefined;
    await this.repo.transaction(async (w) => {
      await w.transition(app, {
        action: 'handover',
        to: app.status as ApplicationStatus,
        actor,
        at: now,
        note: `${from.name} → ${to.name}${note ? `：${note}` : ''}`,
        data: {
          servicePointId: to.id,
          handoverPending: false,
          handoverFromPointId: from.id,
          handedOverAt: now,
        },
        notify: {
          kind: 'handover',
          title: '办件已转交受理窗口',
          body: `您申请的“${app.itemName}”（办件编号 ${app.no}）已由${from.name}转交${to.name}受理。`,
        },
      });
      await w.stage(ApplicationHandedOver, {
        ...eventBase(app, actor, now),
        from: { id: from.id, name: from.name, regionCode: from.regionCode },
        to: { id: to.id, name: to.name, regionCode: to.regionCode },
        handedOverAt: now.toISOString(),
        ...(note ? { note } : {}),
      });
    });
  }
}
