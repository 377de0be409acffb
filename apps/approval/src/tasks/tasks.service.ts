import type { TaskQueue, TaskQueueQuery } from '@hall/contracts';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { taskView } from '../cases/task-view.js';
import { listQueue } from './task-queue.repository.js';

/**
 * Department queues (the read side of the tasks). The task actions are use cases in `usecases/`: claim,
 * release, complete (with the two-officials co-signature).
 */
export class TasksService {
  constructor(private readonly ctx: ApprovalContext) {}

  async queue(officer: Officer, q: TaskQueueQuery): Promise<TaskQueue> {
    const { rows, total, totalCapped } = await listQueue(
      this.ctx.store.prisma,
      officer,
      q.status,
      q.page,
      q.pageSize,
    );
    return {
      department: officer.department,
      region: officer.region,
      status: q.status,
      page: q.page,
      pageSize: q.pageSize,
      total,
      totalCapped,
      items: rows.map((r) => taskView(this.ctx, r, r.caseStatus)),
    };
  }
}
