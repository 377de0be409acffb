import type { ApprovalTx } from '../approval.store.js';
import { pausesOf, taskPausesOf } from './pauses.js';
import type { ApprovalCase, ApprovalTask, SpecialProcedure } from '../generated/prisma/client.js';
import { setTaskDue, taskLimitsOfCase } from '../records/task.repository.js';
import type { CaseClock } from './case-clock.js';

type CaseDates = Pick<ApprovalCase, 'id' | 'acceptedAt' | 'promisedLimitDays' | 'legalLimitDays'>;
type Procedures = readonly Pick<SpecialProcedure, 'kind' | 'startedAt' | 'endedAt' | 'taskId'>[];

/**
 * A task's deadline from acceptance: its own limit, the finished case-wide pauses (特别程序, 退回补正) and its own
 * finished task-level pauses excluded, the extension added on the deciding side (lead, escalated).
 */
export function taskDueAt(
  caseClock: CaseClock,
  c: CaseDates,
  t: Pick<ApprovalTask, 'id' | 'role' | 'limitDays'>,
  procedures: Procedures,
  extensionDays: number,
): Date {
  const extra = t.role === 'co' ? 0 : extensionDays;
  return caseClock.due(
    c.acceptedAt,
    t.limitDays,
    [...pausesOf(procedures), ...taskPausesOf(procedures, t.id)],
    extra,
  );
}

/** The case's promised and legal deadlines from acceptance: finished case-wide pauses excluded, extensions added. */
export function caseDueDates(
  caseClock: CaseClock,
  c: CaseDates,
  procedures: Procedures,
  extensionDays: number,
): { promisedDueAt: Date; legalDueAt: Date } {
  const pauses = pausesOf(procedures);
  return {
    promisedDueAt: caseClock.due(c.acceptedAt, c.promisedLimitDays, pauses, extensionDays),
    legalDueAt: caseClock.due(c.acceptedAt, c.legalLimitDays, pauses, extensionDays),
  };
}

/**
 * Every deadline of the case from acceptance with the finished pauses excluded: each task's own deadline (written
 * here) and the case's promised and legal limits (+ extensions), returned for the caller's own versioned case update.
 */
export async function recomputeDeadlines(
  tx: ApprovalTx,
  caseClock: CaseClock,
  c: CaseDates,
  procedures: Procedures,
  extensionDays: number,
): Promise<{ promisedDueAt: Date; legalDueAt: Date }> {
  for (const t of await taskLimitsOfCase(tx, c.id)) {
    await setTaskDue(tx, t.id, taskDueAt(caseClock, c, t, procedures, extensionDays));
  }
  return caseDueDates(caseClock, c, procedures, extensionDays);
}
