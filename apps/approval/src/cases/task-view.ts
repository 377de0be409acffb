import type { TaskView } from '@hall/contracts';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalTask } from '../generated/prisma/client.js';

export type TaskLike = Pick<
  ApprovalTask,
  | 'id'
  | 'caseId'
  | 'applicationNo'
  | 'itemName'
  | 'regionCode'
  | 'departmentCode'
  | 'departmentName'
  | 'role'
  | 'status'
  | 'version'
  | 'assigneeId'
  | 'assigneeName'
  | 'limitDays'
  | 'dueAt'
  | 'twoOfficials'
  | 'pausedSince'
  | 'pendingVerdict'
>;

const FINISHED = new Set(['completed', 'closed']);

/** A task as its department sees it: state, assignee, deadline with working days left. */
export function taskView(
  ctx: Pick<ApprovalContext, 'clock' | 'caseClock'>,
  t: TaskLike,
  caseStatus: string,
): TaskView {
  const now = ctx.clock.now();
  const finished = FINISHED.has(t.status);
  const left = ctx.caseClock.workingDaysLeft(now, t.dueAt);
  return {
    id: t.id,
    caseId: t.caseId,
    applicationNo: t.applicationNo,
    itemName: t.itemName,
    regionCode: t.regionCode,
    departmentCode: t.departmentCode,
    departmentName: t.departmentName,
    role: t.role,
    status: t.status,
    version: t.version,
    assignee: t.assigneeId ? { userId: t.assigneeId, name: t.assigneeName ?? '' } : null,
    twoOfficials: t.twoOfficials,
    pendingVerdict: t.status === 'cosign' ? t.pendingVerdict : null,
    deadline: {
      limitDays: t.limitDays,
      dueAt: t.dueAt.toISOString(),
      workingDaysLeft: left,
      overdue: !finished && now.getTime() > t.dueAt.getTime(),
      paused: caseStatus === 'suspended' || caseStatus === 'returned' || t.pausedSince !== null,
      pausedSince: t.pausedSince?.toISOString() ?? null,
      // 暂定: the due day or the days left are counted in a year without the official holiday arrangement.
      provisional: ctx.caseClock.isProvisional(now, t.dueAt),
    },
  };
}
