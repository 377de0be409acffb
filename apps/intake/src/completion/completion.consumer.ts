import {
  ApplicationCompleted,
  ApplicationDelivered,
  SYSTEM_ACTOR,
  type CaseDecided,
  type LicenceIssued,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { Clock } from '@hall/calendar';
import { ApplicationStatus } from '../records/application-status.js';
import { randomInt } from 'node:crypto';
import {
  eventBase,
  statusMessage,
  type ApplicationRow,
  type RawTransitionSpec,
} from '../records/application-record.js';
import { commitRawTransition, lockApplication } from '../records/application.repository.js';
import { issuedLicencesFor, recordLicenceIssueAndList } from './issued-licence.repository.js';
import { holdingIssueOf } from '../licences/licence-holding.consumer.js';
import { recordHoldingIssue } from '../licences/licence-holding.repository.js';
import type { IntakeRawTx, IntakeStore } from '../intake.store.js';
import type { DecisionNotices } from '../notices/decision-notices.js';
import { DECISION_NOTICE_KINDS } from '../notices/notice-content.js';
import type { PreparedNotice } from '../notices/notices.service.js';

const S = ApplicationStatus;

/** The decision document (准予 / 不予行政许可决定书) written with the transition: one per application. */
function withDecisionNotice(notice: PreparedNotice) {
  return { notice, noticeUnlessKinds: DECISION_NOTICE_KINDS };
}

/** A six-digit pickup code (取件码) for window delivery. */
export function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * 办结 from approval's decision and licence's issues, in whatever order they arrive: a denial completes at
 * once; an approval completes once every licence type the decision names has a `licence.issued` for this
 * application (at once when it names none). E-licence-only delivery (电子证照) is delivered on completion.
 * Each handler runs in the consumer's transaction (inbox row + state + events together), on the database's own driver
 * (`onRaw`: raw SQL, no ORM; issue 22).
 */
export class CompletionConsumer {
  constructor(
    private readonly store: IntakeStore,
    private readonly clock: Clock,
    private readonly decisionNotices: DecisionNotices,
  ) {}

  readonly onCaseDecided = async (
    p: PayloadOf<typeof CaseDecided>,
    { tx, onRollback }: HandlerContext<IntakeRawTx>,
  ): Promise<void> => {
    // The row lock serialises the decision and the licence events of one application: each reads the licences
    // issued so far and completes the application when the last one is there. Without it, on PostgreSQL two licences
    // consumed at the same time each see only their own row and neither completes (found by the lifecycle benchmark).
    const app = await lockApplication(tx, p.applicationNo, this.store.cipher);
    // Unknown here, or withdrawn/terminated (approval refuses a decision on a closed case, so this is only a
    // replay): nothing to complete. In `closing` the decision committed in approval before the close request
    // reached it — the decision stands (approval also answers approval.case.close-refused).
    if (!app || (app.status !== S.Accepted && app.status !== S.Closing)) return;
    // 准予 / 不予行政许可决定书 (AL art. 38): PDF stored (removed again if this transaction rolls back), row written here.
    const notice = await this.decisionNotices.prepare(tx, app, p, onRollback);
    const now = this.clock.now();
    const expected = p.outcome === 'approved' ? [...new Set(p.licences.map((l) => l.licenceTypeCode))] : [];
    const decision: NonNullable<RawTransitionSpec['data']> = {
      decidedAt: new Date(p.decidedAt),
      decisionOutcome: p.outcome,
      decisionReasons: p.reasons,
      decisionCaseId: p.caseId,
      expectedLicenceTypes: expected,
      closingAction: null,
    };
    const issued = await issuedLicencesFor(tx, app.no);
    const done = p.outcome === 'denied' || expected.every((t) => issued.some((l) => l.licenceTypeCode === t));
    if (!done) {
      await commitRawTransition(tx, app, {
        action: 'decide',
        to: S.Decided,
        actor: SYSTEM_ACTOR,
        at: now,
        // Names, not type codes: the timeline is read by the applicant (证照类型代码 are 21-character strings).
        note: `准予许可，待制证：${[...new Set(p.licences.map((l) => l.name))].join('、')}`,
        data: decision,
        notify: statusMessage(app, S.Decided),
        ...withDecisionNotice(notice),
      });
      return;
    }
    await this.complete(tx, app, p.outcome, issued, now, decision, notice);
  };

  readonly onLicenceIssued = async (
    p: PayloadOf<typeof LicenceIssued>,
    { tx }: HandlerContext<IntakeRawTx>,
  ): Promise<void> => {
    // The e-licence read model (免提交) learns of every issue; with an application, in the statement that records it.
    const holding = holdingIssueOf(p);
    if (!p.applicationNo) {
      await recordHoldingIssue(tx, this.store.cipher, holding);
      return;
    }
    // Locked (see onCaseDecided) before the licence is recorded; the row cannot change until commit.
    const app = await lockApplication(tx, p.applicationNo, this.store.cipher);
    const issued = await recordLicenceIssueAndList(tx, this.store.cipher, holding, p.applicationNo);
    if (!app || app.status !== S.Decided) return;
    if (!app.expectedLicenceTypes.every((t) => issued.some((l) => l.licenceTypeCode === t))) return;
    await this.complete(tx, app, 'approved', issued, this.clock.now());
  };

  private async complete(
    tx: IntakeRawTx,
    app: ApplicationRow,
    outcome: 'approved' | 'denied',
    issued: { identifier: string }[],
    now: Date,
    decision?: RawTransitionSpec['data'],
    notice?: PreparedNotice,
  ): Promise<void> {
    const method =
      app.deliveryMethod === 'post' ? 'post' : app.deliveryMethod === 'electronic' ? 'electronic' : 'window';
    const pickupCode = method === 'window' ? newPickupCode() : null;
    const result = outcome === 'approved' ? '准予许可' : '不予许可';
    await commitRawTransition(tx, app, {
      action: 'complete',
      to: S.Completed,
      actor: SYSTEM_ACTOR,
      at: now,
      note: result,
      data: { ...decision, completedAt: now, pickupCode },
      ...(notice ? withDecisionNotice(notice) : {}),
      notify: statusMessage(
        app,
        S.Completed,
        `办理结果：${result}。${pickupCode ? `请凭取件码 ${pickupCode} 到窗口领取。` : method === 'post' ? '结果将邮寄送达。' : ''}`,
      ),
    });
    const licenceIdentifiers = outcome === 'approved' ? issued.map((l) => l.identifier) : [];
    await this.store.messaging.stage(tx, ApplicationCompleted, {
      ...eventBase(app, SYSTEM_ACTOR, now),
      outcome,
      licenceIdentifiers,
      delivery: method,
    });
    if (method !== 'electronic') return;
    // 电子证照 only: nothing to hand out, the result is delivered on issue. The row as the completion left it (locked).
    const completed = { ...app, status: S.Completed, rowVersion: app.rowVersion + 1 };
    await commitRawTransition(tx, completed, {
      action: 'deliver',
      to: S.Delivered,
      actor: SYSTEM_ACTOR,
      at: now,
      note: 'electronic',
      data: { deliveredAt: now },
      notify: statusMessage(app, S.Delivered, '电子证照已发放，可在“我的证照”中查看。'),
    });
    await this.store.messaging.stage(tx, ApplicationDelivered, {
      ...eventBase(app, SYSTEM_ACTOR, now),
      method: 'electronic',
    });
  }
}
