import type { CaseDecided, PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApplicationRow } from '../records/application-record.js';
import { snapshotOf, type SnapshotCache } from '../records/application.repository.js';
import type { IntakeRawTx } from '../intake.store.js';
import { decisionNotice } from './notice-content.js';
import type { NoticesService, PreparedNotice } from './notices.service.js';

/**
 * 行政复议机关 for a decision of a department of the regional government: that government (行政复议法 art. 24:
 * the people's government at the same level hears reviews of its departments' acts). Vertically led bodies
 * (customs, tax, financial regulators …) are not modelled in the catalog.
 */
export function reviewBodyOf(regionName: string): string {
  return `${regionName}人民政府`;
}

/**
 * The written decision (准予 / 不予行政许可决定书, 行政许可法 art. 38) of an application being decided, issued from
 * approval's `case.decided` inside the consumer's transaction: the PDF is rendered and stored first, its removal is
 * registered as the transaction's undo (a rolled-back attempt leaves no object behind; the retry stores a new one),
 * then the notice row is written with the decision's transition, in its statement. One decision document per
 * application: a redelivered event is absorbed by the inbox, and an application that already has one gets no second.
 */
export class DecisionNotices {
  constructor(
    private readonly notices: NoticesService,
    private readonly snapshots?: SnapshotCache,
  ) {}

  /**
   * The decision document of the application, prepared (nothing stored yet; the undo registered): the caller writes
   * its row with the decision's transition (`TransitionSpec.notice`, unless the application has one of
   * `DECISION_NOTICE_KINDS` already: a replay gets no second).
   */
  async prepare(
    tx: IntakeRawTx,
    app: ApplicationRow,
    decision: PayloadOf<typeof CaseDecided>,
    onRollback: HandlerContext<IntakeRawTx>['onRollback'],
  ): Promise<PreparedNotice> {
    const snapshot = await snapshotOf(tx, app.implementationCode, app.implementationVersion, this.snapshots);
    const document = decisionNotice(app, {
      outcome: decision.outcome,
      reasons: decision.reasons,
      decidedAt: new Date(decision.decidedAt),
      acceptedAt: app.acceptedAt,
      issuer: decision.issuer,
      reviewBody: reviewBodyOf(snapshot.regionName),
      licences: decision.outcome === 'approved' ? decision.licences : [],
    });
    const prepared = await this.notices.prepare(
      decision.outcome === 'approved' ? 'approval-decision' : 'denial-decision',
      app.no,
      document,
    );
    onRollback(() => this.notices.discard(prepared));
    return prepared;
  }
}
