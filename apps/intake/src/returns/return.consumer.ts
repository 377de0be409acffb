import { SYSTEM_ACTOR, type PayloadOf, type TaskCompleted } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { Clock } from '@hall/calendar';
import { statusMessage } from '../records/application-record.js';
import { commitTransition, loadApplication, lockApplication } from '../records/application.repository.js';
import { ApplicationStatus } from '../records/application-status.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import { returnNotice } from '../notices/notice-content.js';
import type { NoticesService } from '../notices/notices.service.js';
import { countReturns, createReturn, hasReturn } from './return-request.repository.js';

const S = ApplicationStatus;

/**
 * 退回补正 from an approval department reaches the applicant: on `approval.task.completed` with verdict `return`,
 * intake records what the department asked for, issues a one-time notice (审查环节补正材料一次性告知书, PDF) and
 * moves the application to `returned` (待补正), with a message in the applicant's inbox. The applicant's
 * supplement (applications/usecases/supplement.ts) answers every open return at once and reopens those tasks in approval.
 * A return that reaches an application no longer under approval (withdrawn, terminated) changes nothing.
 */
/** The `task.completed` events `onTaskCompleted` acts on (a 退回补正); the others need no consumer transaction. */
export const actsOnTaskCompleted = (p: PayloadOf<typeof TaskCompleted>): boolean => p.verdict === 'return';

export class ReturnConsumer {
  constructor(
    private readonly store: IntakeStore,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
  ) {}

  readonly onTaskCompleted = async (
    p: PayloadOf<typeof TaskCompleted>,
    { tx, onRollback }: HandlerContext<IntakeTx>,
  ): Promise<void> => {
    if (p.verdict !== 'return') return;
    const app = await lockApplication(tx, p.applicationNo, this.store.cipher);
    if (!app || (app.status !== S.Accepted && app.status !== S.Returned)) return;
    const requestedAt = new Date(p.completedAt);
    // The same return delivered as another event (a duplicate with a new id) is recorded once.
    if (await hasReturn(tx, app.no, p.task.taskId, requestedAt)) return;
    const now = this.clock.now();
    const items = (p.returnItems ?? []).map((i) => ({
      ...(i.materialId ? { materialId: i.materialId } : {}),
      name: i.name,
      problem: i.problem,
    }));
    const round = (await countReturns(tx, app.no)) + 1;
    const notice = await this.notices.prepare(
      'return',
      app.no,
      returnNotice(
        {
          no: app.no,
          itemName: app.itemName,
          implementingBody: app.implementingBody,
          applicantName: app.applicantName,
          receivedAt: app.receivedAt,
          promisedLimitDays: app.promisedLimitDays,
        },
        now,
        { departmentName: p.task.departmentName, opinion: p.opinion, items, round },
      ),
      items.flatMap((i) => (i.materialId ? [i.materialId] : [])),
    );
    // The stored PDF is removed again if this transaction does not commit (handler error or failed commit).
    onRollback(() => this.notices.discard(notice));
    await this.notices.write(tx, app.no, notice);
    await createReturn(tx, {
      applicationNo: app.no,
      taskId: p.task.taskId,
      departmentCode: p.task.departmentCode,
      departmentName: p.task.departmentName,
      opinion: p.opinion,
      items,
      noticeId: notice.id,
      requestedAt,
    });
    const asked = items.length > 0 ? items.map((i) => `${i.name}（${i.problem}）`).join('；') : p.opinion;
    const current = await loadApplication(tx, app.no);
    await commitTransition(tx, current, {
      action: 'return',
      to: S.Returned,
      actor: p.officials[p.officials.length - 1] ?? SYSTEM_ACTOR,
      at: now,
      note: `${p.task.departmentName}：${p.opinion}`,
      data: {},
      notify: statusMessage(
        app,
        S.Returned,
        `${p.task.departmentName}请您补正：${asked}。补正期间不计入审批时限。`,
      ),
    });
  };
}
