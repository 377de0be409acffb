import type { AnomalyRow, RuleInput } from '../../cases/projection/case-state.js';
import { repeatedSupplementNotice } from './a01-repeated-supplement-notice.js';
import { lateAcceptance } from './a02-late-acceptance.js';
import { decidedBeforeCoTasks } from './a03-decided-before-co-tasks.js';
import { placeholderReasons } from './a04-placeholder-reasons.js';
import { taskOverdue } from './a05-task-overdue.js';
import { licenceWithoutApproval } from './a06-licence-without-approval.js';
import { acceptorApproves } from './a07-acceptor-approves.js';
import { undelivered } from './a08-undelivered.js';
import type { AnomalyRule } from './anomaly.js';

/** Rules A01…A08 (`ANOMALY_RULES` in @hall/contracts names them). */
export const ANOMALY_RULE_CHECKS: readonly AnomalyRule[] = [
  repeatedSupplementNotice,
  lateAcceptance,
  decidedBeforeCoTasks,
  placeholderReasons,
  taskOverdue,
  licenceWithoutApproval,
  acceptorApproves,
  undelivered,
];

/** Every anomaly of the case, ordered by id. */
export function detectAnomalies(input: RuleInput): AnomalyRow[] {
  return ANOMALY_RULE_CHECKS.flatMap((rule) => rule(input)).sort((x, y) => x.id.localeCompare(y.id));
}
