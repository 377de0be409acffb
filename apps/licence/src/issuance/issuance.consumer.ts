import { CaseDecided, CaseOpened, ImplementationPublished, TaskAssigned } from '@hall/contracts';
import type { LicenceStore } from '../licence.store.js';
import type { LicenceTypesService } from '../licence-types/licence-types.service.js';
import { actsOnTaskAssigned, onCaseOpened, onTaskAssigned } from './task-departments.consumer.js';
import type { IssuanceService } from './issuance.service.js';

/**
 * Input events of the licence service, applied once each through the idempotent inbox (same transaction):
 * `catalog.implementation.published` → licence types read model; `approval.case.decided` → issuance;
 * `approval.case.opened` / `approval.task.assigned` → the departments with a task on an application (share access).
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
    .on(CaseOpened, onCaseOpened)
    .on(TaskAssigned, onTaskAssigned, { actsOn: actsOnTaskAssigned })
    .on(CaseDecided, async (decision, { tx }) => {
      const issued = await issuance.issueForDecision(tx, decision);
      // Rendering happens after commit (render worker, which claims only when nudged or every 30 s): wake it once
      // the transaction has committed, not before (a claim before the commit would find nothing).
      if (issued.length > 0) store.messaging.afterCommit(tx, afterIssue);
    });
}
