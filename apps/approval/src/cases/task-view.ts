import { Actor, type TaskView } from '@hall/contracts';
import { z } from 'zod';
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
> &
  // Full task rows carry the first signature; the queue's list rows do not select it.
  Partial<Pick<ApprovalTask, 'pendingOpinion' | 'pendingItems' | 'firstOfficial'>>;

const SignedItems = z.array(
  z.object({ materialId: z.string().optional(), name: z.string(), problem: z.string() }),
);

/**
 * What the first official signed on a two-officials step (status cosign): the co-signer confirms the same verdict,
 * so they must read the opinion and the 退回补正 items they put their name under. Everyone who may read the case
 * already reads every finished opinion of it; the signed-but-unconfirmed one is no more private.
 */
function firstSignature(t: TaskLike): TaskView['firstSignature'] {
  if (t.status !== 'cosign' || t.firstOfficial === undefined) return undefined;
  const official = Actor.safeParse(t.firstOfficial);
  if (!official.success) return undefined;
  const items = SignedItems.safeParse(t.pendingItems ?? []);
  return {
    official: { userId: official.data.userId, name: official.data.name },
    opinion: t.pendingOpinion ?? '',
    returnItems: items.success ? items.data : [],
  };
}

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
  const signed = firstSignature(t);
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
    ...(signed && { firstSignature: signed }),
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
