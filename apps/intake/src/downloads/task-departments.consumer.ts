import type { CaseOpened, PayloadOf, TaskAssigned } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { IntakeRawTx } from '../intake.store.js';
import { addTaskDepartments } from './task-department.repository.js';

/**
 * Which departments have an approval task on an application (approval's `case.opened` names one task per
 * department; `task.assigned` may add one, e.g. an escalation). Their officers may download the application's
 * materials. Only ever adds (a department that had a task keeps its reading right); replays are harmless.
 */
export async function onCaseOpened(
  p: PayloadOf<typeof CaseOpened>,
  { tx }: HandlerContext<IntakeRawTx>,
): Promise<void> {
  await addTaskDepartments(
    tx,
    p.applicationNo,
    p.tasks.map((t) => t.departmentCode),
  );
}

/**
 * The `task.assigned` events `onTaskAssigned` acts on: a claim (an assignee) names a department already known, so it
 * is acknowledged without a consumer transaction (issue 22).
 */
export const actsOnTaskAssigned = (p: PayloadOf<typeof TaskAssigned>): boolean => p.assignee === undefined;

export async function onTaskAssigned(
  p: PayloadOf<typeof TaskAssigned>,
  { tx }: HandlerContext<IntakeRawTx>,
): Promise<void> {
  // A claim (an assignee) is of a task announced before, unassigned, in the same case's key order (approval opens
  // every task with an unassigned `task.assigned` and `case.opened`): its department is known already (issue 22).
  if (p.assignee !== undefined) return;
  await addTaskDepartments(tx, p.applicationNo, [p.task.departmentCode]);
}
