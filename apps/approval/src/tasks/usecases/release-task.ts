import { Injectable } from '@nestjs/common';
import { Actor, TaskAssigned, type TaskActionBody, type TaskView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { actorOf, isHead, type Officer } from '../../access/officer-scope.js';
import { ApprovalErrorCode } from '../../approval.errors.js';
import { taskSummary, UNCLAIMED } from '../../records/case.repository.js';
import { claimedByAnother, eventBase, runTaskAction, type TaskActionStore } from '../task-actions.js';

const FINISHED = new Set(['completed', 'closed']);

/**
 * Puts a claimed task back in its department's queue: by its holder or the department head; during a
 * co-signature also by the would-be second official (withdraws the first signature).
 */
@Injectable()
export class ReleaseTask {
  constructor(private readonly store: TaskActionStore) {}

  execute(taskId: string, officer: Officer, body: TaskActionBody): Promise<TaskView> {
    return runTaskAction(this.store, taskId, officer, body, async (tx, c, t, now) => {
      if (t.status === 'pending')
        throw AppError.conflict(ApprovalErrorCode.TaskNotClaimed, 'the task is not claimed');
      if (FINISHED.has(t.status))
        throw AppError.conflict(ApprovalErrorCode.TaskCompleted, `the task is ${t.status}`);
      const first = t.status === 'cosign' ? Actor.safeParse(t.firstOfficial) : undefined;
      const mayRelease =
        t.assigneeId === officer.id ||
        isHead(officer) ||
        (t.status === 'cosign' && first?.success === true && first.data.userId !== officer.id);
      if (!mayRelease) throw claimedByAnother(t, 'task claimed by');
      const actor = actorOf(officer);
      // The task back in the queue and the audit entry: one statement.
      const written = await this.store.writeTask(tx, t, UNCLAIMED, {
        action: t.status === 'cosign' ? 'task.signature-withdrawn' : 'task.released',
        actor,
        at: now,
        before: { taskId: t.id, status: t.status, assignee: t.assigneeId, pendingVerdict: t.pendingVerdict },
        after: { taskId: t.id, status: 'pending', assignee: null },
      });
      await this.store.stage(tx, TaskAssigned, { ...eventBase(c, actor, now), task: taskSummary(t) });
      return written;
    });
  }
}
