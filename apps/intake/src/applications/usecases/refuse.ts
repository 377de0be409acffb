import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationRefused, type ApplicationRefuseBody } from '@hall/contracts';
import { refusalNotice } from '../../notices/notice-content.js';
import { eventBase, statusMessage } from '../../records/application-record.js';
import { ApplicationStatus } from '../../records/application-status.js';
import { actorOf } from '../application-access.js';
import type { WindowRepository } from '../window.repository.js';
import { loadForClerk, subject, withNotice, type NoticePdfs } from './window-steps.js';

/** 不予受理 at the window, with reasons (and where to apply instead): produces the 不予受理决定书. */
export class RefuseApplication {
  constructor(
    private readonly repo: WindowRepository,
    private readonly notices: NoticePdfs,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser, no: string, body: ApplicationRefuseBody): Promise<void> {
    const app = await loadForClerk(this.repo, user, no, 'refuse');
    const now = this.clock.now();
    const actor = actorOf(user, 'clerk');
    const notice = await this.notices.prepare(
      'refusal',
      no,
      refusalNotice(subject(app), now, body.reasons, body.redirectTo),
    );
    await withNotice(this.repo, this.notices, notice, async (w) => {
      await w.transition(app, {
        action: 'refuse',
        to: ApplicationStatus.Refused,
        actor,
        at: now,
        note: body.reasons,
        data: { refusedAt: now, refusalReasons: body.reasons, redirectTo: body.redirectTo ?? null },
        notify: statusMessage(
          app,
          ApplicationStatus.Refused,
          `理由：${body.reasons}${body.redirectTo ? `；请向${body.redirectTo}申请` : ''}`,
        ),
      });
      await w.writeNotice(no, notice);
      await w.stage(ApplicationRefused, {
        ...eventBase(app, actor, now),
        reasons: body.reasons,
        ...(body.redirectTo ? { redirectTo: body.redirectTo } : {}),
        noticeId: notice.id,
      });
    });
  }
}
