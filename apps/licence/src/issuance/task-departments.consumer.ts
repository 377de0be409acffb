import type { CaseOpened, PayloadOf, TaskAssigned } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import { addTaskDepartments } from '../access/task-department.repository.js';
import type { LicenceRawTx } from '../licence.store.js';

/** The departments the events of one consumer transaction named, by application (written once, before commit). */
const gatheredIn = new WeakMap<LicenceRawTx, Array<{ applicationNo: string; departmentCode: string }>>();

/**
 * Adds departments with a task on an application in the consumer's transaction: the events of one delivered batch
 * (`case.opened` and the unassigned `task.assigned` of each of its tasks) gather theirs and write them in one
 * statement before the commit (issue 22).
 */
function gather(
  { tx, beforeCommit }: HandlerContext<LicenceRawTx>,
  applicationNo: string,
  departments: readonly string[],
): void {
  let gathered = gatheredIn.get(tx);
  if (gathered === undefined) {
    const rows: Array<{ applicationNo: string; departmentCode: string }> = [];
    gatheredIn.set(tx, rows);
    gathered = rows;
    beforeCommit(async () => {
      gatheredIn.delete(tx);
      await addTaskDepartments(tx, rows);
    });
  }
  for (const departmentCode of departments) gathered.push({ applicationNo, departmentCode });
}

/**
 * Which departments have an approval task on an application (approval's `case.opened` names one task per
 * department; `task.assigned` may add one, e.g. an escalation) — the same read model intake keeps for material
 * downloads. Their officers may resolve a share scoped to the application. Only ever adds; replays are harmless.
 */
export function onCaseOpened(
  p: PayloadOf<typeof CaseOpened>,
  ctx: HandlerContext<LicenceRawTx>,
): Promise<void> {
  gather(
    ctx,
    p.applicationNo,
    p.tasks.map((t) => t.departmentCode),
  );
  return Promise.resolve();
}

/**
 * The `task.assigned` events `onTaskAssigned` acts on: a claim (an assignee) names a department already known, so it
 * is acknowledged without a consumer transaction (issue 22).
 */
export const actsOnTaskAssigned = (p: PayloadOf<typeof TaskAssigned>): boolean => p.assignee === undefined;

export function onTaskAssigned(
  p: PayloadOf<typeof TaskAssigned>,
  ctx: HandlerContext<LicenceRawTx>,
): Promise<void> {
  // A claim (an assignee) is of a task announced before, unassigned, in the same case's key order (approval opens
  // every task with an unassigned `task.assigned` and `case.opened`): its department is known already (issue 22).
  if (p.assignee === undefined) gather(ctx, p.applicationNo, [p.task.departmentCode]);
  return Promise.resolve();
}
