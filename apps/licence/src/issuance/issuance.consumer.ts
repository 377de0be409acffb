import { CaseDecided, CaseOpened, ImplementationPublished, TaskAssigned } from '@hall/contracts';
import type { LicenceStore } from '../licence.store.js';
import type { LicenceTypesService } from '../licence-types/licence-types.service.js';
import { actsOnTaskAssigned, onCaseOpened, onTaskAssigned } from './task-departments.consumer.js';
import type { IssuanceService } from './issuance.service.js';

/**
 * Input events of the licence service, applied once each through the idempotent inbox (same transaction):
 * `catalog.implementation.published` → licence types read model; `approval.case.decided` → issuance;
 * `approval.case.opened` / `approval.task.assigned` → the departments with a task on an application (share access).
 * The events of a case's lifecycle run on the database's own driver (`onRaw`, raw SQL only: issue 22).
 */
export function registerIssuanceConsumers(
  store: LicenceStore,
  issuance: IssuanceService,
  types: LicenceTypesService,
  afterIssue: () => void,
): void {
  store.messaging.consumer
    .on(ImplementationPublished, async (snapshot, { tx }) => {
      await types.apply(tx, snapshot);
    })
    .onRaw(CaseOpened, onCaseOpened)
    .onRaw(TaskAssigned, onTaskAssigned, { actsOn: actsOnTaskAssigned })
    .onRaw(
      CaseDecided,
      async (decision, { tx }) => {
        const issued = await issuance.issueForDecision(tx, decision);
        // Rendering happens after commit (render worker, which claims only when nudged or every 30 s): wake it once
        // the transaction has committed, not before (a claim before the commit would find nothing).
        if (issued.length > 0) store.messaging.afterCommit(tx, afterIssue);
      },
      // A denial (or a decision naming no licence) issues nothing: acknowledged without a transaction.
      { actsOn: actsOnDecision },
    );
}

/** The `case.decided` events the issuance acts on: approvals naming at least one licence type. */
export const actsOnDecision = (decision: { outcome: string; licences: readonly unknown[] }): boolean =>
  decision.outcome === 'approved' && decision.licences.length > 0;
