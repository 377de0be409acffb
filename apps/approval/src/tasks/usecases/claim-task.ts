import { Injectable } from '@nestjs/common';
import { TaskAssigned, type TaskActionBody, type TaskView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { actorOf, type Officer } from '../../access/officer-scope.js';
import { ApprovalErrorCode } from '../../approval.errors.js';
import { taskSummary } from '../../records/case.repository.js';
import {
  assertNotAcceptor,
  claimedByAnother,
  eventBase,
  runTaskAction,
  type TaskActionStore,
} from '../task-actions.js';

/** 认领: an officer of the task's department takes a pending task (a repeated claim by the holder has no second effect). */
@Injectable()
export class ClaimTask {
  constructor(private readonly store: TaskActionStore) {}

  execute(taskId: string, officer: Officer, body: TaskActionBody): Promise<TaskView> {
    return runTaskAction(this.store, taskId, officer, body, async (tx, c, t, now) => {
      if (t.status === 'claimed' && t.assigneeId === officer.id) return undefined;
      assertNotAcceptor(c, officer);
      if (t.status === 'claimed') throw claimedByAnother(t, 'task already claimed by');
      if (t.status !== 'pending')
        throw AppError.conflict(ApprovalErrorCode.TaskNotClaimable, `a ${t.status} task cannot be claimed`, {
          status: t.status,
        });
      const actor = actorOf(officer);
      const written = await this.store.writeTask(
        tx,
        t,
        { status: 'claimed', assigneeId: officer.id, assigneeName: officer.name, claimedAt: now },
        {
          action: 'task.claimed',
          actor,
          at: now,
          before: { taskId: t.id, status: t.status, assignee: null },
          after: { taskId: t.id, status: 'claimed', assignee: officer.id },
        },
      );
      await this.store.stage(tx, TaskAssigned, {
        ...eventBase(c, actor, now),
        task: taskSummary(t),
        assignee: actor,
      });
      return written;
    });
  }
}
