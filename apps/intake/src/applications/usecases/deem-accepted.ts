import type { Clock } from '@hall/calendar';
import { SYSTEM_ACTOR } from '@hall/contracts';
import { acceptanceNotice } from '../../notices/notice-content.js';
import { mayStart } from '../../records/application-status.js';
import type { WindowRepository } from '../window.repository.js';
import { commitAcceptance, subject, withNotice, type NoticePdfs } from './window-steps.js';

/**
 * AL art. 32 (scheduled): no supplement notice within 5 working days of receipt → accepted from the day of receipt.
 * False when the rule does not (or no longer) apply.
 */
export class DeemAccepted {
  constructor(
    private readonly repo: WindowRepository,
    private readonly notices: NoticePdfs,
    private readonly clock: Clock,
  ) {}

  async execute(no: string): Promise<boolean> {
    const app = await this.repo.load(no);
    const now = this.clock.now();
    if (!mayStart('deem-accepted', app.status) || now <= app.supplementDueBy) return false;
    const notice = await this.notices.prepare(
      'acceptance',
      no,
      acceptanceNotice(subject(app), now, { mode: 'deemed', queryCode: await this.repo.queryCodeFor(no) }),
    );
    await withNotice(this.repo, this.notices, notice, (w) =>
      commitAcceptance(w, app, {
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
}
