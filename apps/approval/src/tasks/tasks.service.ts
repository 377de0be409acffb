import type { TaskQueue, TaskQueueItem, TaskQueueQuery } from '@hall/contracts';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { taskView } from '../cases/task-view.js';
import { listQueue, type QueueRowWithAction } from './task-queue.repository.js';

/**
 * Department queues (the read side of the tasks). The task actions are use cases in `usecases/`: claim,
 * release, complete (with the two-officials co-signature).
 */
export class TasksService {
  constructor(private readonly ctx: ApprovalContext) {}

  async queue(officer: Officer, q: TaskQueueQuery): Promise<TaskQueue> {
    const status = q.view === undefined ? (q.status ?? 'open') : null;
    // One statement on the driver (no ORM: issue 22).
    const { rows, total, totalCapped } = await listQueue(
      this.ctx.store.raw,
      officer,
      status === null ? { view: q.view ?? 'todo' } : { status },
      q.page,
      q.pageSize,
    );
    return {
      department: officer.department,
      region: officer.region,
      view: q.view ?? null,
      status,
      page: q.page,
      pageSize: q.pageSize,
      total,
      totalCapped,
      items: rows.map((r) => this.item(r)),
    };
  }

  /** A row with what is due on it: a decision is due by the case's promised deadline (承诺时限), a step by its own. */
  private item(r: QueueRowWithAction): TaskQueueItem {
    const task = taskView(this.ctx, r, r.caseStatus);
    if (r.action === 'none') return { ...task, action: r.action, due: null };
    if (!r.decision) return { ...task, action: r.action, due: task.deadline };
    const now = this.ctx.clock.now();
    return {
      ...task,
      action: r.action,
      due: {
        limitDays: r.promisedLimitDays,
        dueAt: r.promisedDueAt.toISOString(),
        workingDaysLeft: this.ctx.caseClock.workingDaysLeft(now, r.promisedDueAt),
        overdue: now.getTime() > r.promisedDueAt.getTime(),
        paused: r.caseStatus === 'suspended' || r.caseStatus === 'returned',
        pausedSince: null,
        provisional: this.ctx.caseClock.isProvisional(now, r.promisedDueAt),
      },
    };
  }
}
