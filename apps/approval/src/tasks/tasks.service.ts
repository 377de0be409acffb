import { randomUUID } from 'node:crypto';
import {
  Actor,
  CaseSuspended,
  TaskAssigned,
  TaskCompleted,
  type CompleteTaskBody,
  type TaskActionBody,
  type TaskCompletedPayload,
  type TaskQueue,
  type TaskQueueQuery,
  type TaskView,
  type Verdict,
} from '@hall/contracts';
import { z } from 'zod';
import { AppError } from '@hall/platform';
import { regionCovers } from '@hall/auth';
import { actorOf, isHead, type Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, forbidden, taskNotFound, unprocessable } from '../approval.errors.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import {
  lockCase,
  readCaseVersion,
  taskSummary,
  UNCLAIMED,
  updateCase,
  updateTask,
} from '../records/case.repository.js';
import { createProcedure } from '../records/procedure.repository.js';
import { taskView } from '../cases/task-view.js';
import { addOpinion, findTask, readTask } from '../records/task.repository.js';
import { Prisma, type ApprovalCase, type ApprovalTask } from '../generated/prisma/client.js';
import { filedSnapshot } from '../implementations/implementation-version.repository.js';
import { listQueue } from './task-queue.repository.js';

const FINISHED = new Set(['completed', 'closed']);

type ReturnItems = NonNullable<TaskCompletedPayload['returnItems']>;
const ReturnItemsJson = z.array(
  z.object({ materialId: z.string().optional(), name: z.string(), problem: z.string() }),
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Department queues and the task actions: claim, release, complete (with the two-officials co-signature). */
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

  claim(taskId: string, officer: Officer, body: TaskActionBody): Promise<TaskView> {
    return this.act(taskId, officer, body, async (tx, c, t, now) => {
      if (t.status === 'claimed' && t.assigneeId === officer.id) return false; // a repeated claim has no second effect
      this.assertNotAcceptor(c, officer);
      if (t.status === 'claimed')
        throw AppError.conflict(
          ApprovalErrorCode.TaskClaimed,
          `task already claimed by ${t.assigneeName ?? 'another officer'}`,
          { assignee: t.assigneeName },
        );
      if (t.status !== 'pending')
        throw AppError.conflict(ApprovalErrorCode.TaskNotClaimable, `a ${t.status} task cannot be claimed`, {
          status: t.status,
        });
      await updateTask(tx, t, {
        status: 'claimed',
        assigneeId: officer.id,
        assigneeName: officer.name,
        claimedAt: now,
      });
      const actor = actorOf(officer);
      await appendAudit(tx, c.id, {
        action: 'task.claimed',
        actor,
        at: now,
        before: { taskId: t.id, status: t.status, assignee: null },
        after: { taskId: t.id, status: 'claimed', assignee: officer.id },
      });
      await this.ctx.store.messaging.stage(tx, TaskAssigned, {
        ...this.base(c, actor, now),
        task: taskSummary(t),
        assignee: actor,
      });
      return true;
    });
  }

  release(taskId: string, officer: Officer, body: TaskActionBody): Promise<TaskView> {
    return this.act(taskId, officer, body, async (tx, c, t, now) => {
      if (t.status === 'pending')
        throw AppError.conflict(ApprovalErrorCode.TaskNotClaimed, 'the task is not claimed');
      if (FINISHED.has(t.status))
        throw AppError.conflict(ApprovalErrorCode.TaskCompleted, `the task is ${t.status}`);
      const first = t.status === 'cosign' ? Actor.safeParse(t.firstOfficial) : undefined;
      const mayRelease =
        t.assigneeId === officer.id ||
        isHead(officer) ||
        (t.status === 'cosign' && first?.success === true && first.data.userId !== officer.id);
      if (!mayRelease)
        throw AppError.conflict(
          ApprovalErrorCode.TaskClaimed,
          `task claimed by ${t.assigneeName ?? 'another officer'}`,
          { assignee: t.assigneeName },
        );
      await updateTask(tx, t, UNCLAIMED);
      const actor = actorOf(officer);
      await appendAudit(tx, c.id, {
        action: t.status === 'cosign' ? 'task.signature-withdrawn' : 'task.released',
        actor,
        at: now,
        before: { taskId: t.id, status: t.status, assignee: t.assigneeId, pendingVerdict: t.pendingVerdict },
        after: { taskId: t.id, status: 'pending', assignee: null },
      });
      await this.ctx.store.messaging.stage(tx, TaskAssigned, {
        ...this.base(c, actor, now),
        task: taskSummary(t),
      });
      return true;
    });
  }

  /**
   * Records a department's opinion. A task flagged `twoOfficials` (on-site verification, AL art. 34) needs two
   * distinct officials: the assignee's `complete` signs first (status `cosign`); a `complete` with the same
   * verdict by another officer of the department co-signs and finishes the task.
   */
  complete(taskId: string, officer: Officer, body: CompleteTaskBody): Promise<TaskView> {
    return this.act(taskId, officer, body, async (tx, c, t, now) => {
      if (FINISHED.has(t.status))
        throw AppError.conflict(ApprovalErrorCode.TaskCompleted, `the task is already ${t.status}`);
      if (t.role === 'escalated')
        throw AppError.conflict(
          ApprovalErrorCode.DecisionTask,
          'the higher-level department decides the case: POST /cases/:id/decide',
        );
      this.assertNotAcceptor(c, officer);
      this.assertVerdictAllowed(c, t, body.verdict, body.opinion);
      const items = await this.returnItems(tx, c, body);
      if (t.pausedSince !== null) {
        throw AppError.conflict(
          ApprovalErrorCode.TaskPaused,
          'a special procedure of this step is running (task-level pause); end it before giving the opinion',
        );
      }
      if (body.verdict === 'return' && c.status === 'suspended') {
        throw AppError.conflict(
          ApprovalErrorCode.CaseSuspended,
          'a special procedure is running; return the application for supplement after it ends',
        );
      }
      const actor = actorOf(officer);
      if (t.status === 'pending')
        throw AppError.conflict(ApprovalErrorCode.TaskNotClaimed, 'claim the task first');
      if (t.status === 'claimed') {
        if (t.assigneeId !== officer.id)
          throw AppError.conflict(
            ApprovalErrorCode.TaskClaimed,
            `task claimed by ${t.assigneeName ?? 'another officer'}`,
            { assignee: t.assigneeName },
          );
        if (t.twoOfficials) {
          await updateTask(tx, t, {
            status: 'cosign',
            pendingVerdict: body.verdict,
            pendingOpinion: body.opinion,
            pendingItems: items ?? Prisma.DbNull,
            firstOfficial: actor,
          });
          await appendAudit(tx, c.id, {
            action: 'task.signed',
            actor,
            at: now,
            opinion: body.opinion,
            before: { taskId: t.id, status: t.status },
            after: { taskId: t.id, status: 'cosign', verdict: body.verdict, awaiting: 'second official' },
          });
          return true;
        }
        await this.finish(tx, c, t, { verdict: body.verdict, opinion: body.opinion, items }, [actor], now);
        return true;
      }
      // status cosign: the second official
      const first = Actor.parse(t.firstOfficial);
      if (first.userId === officer.id) {
        throw AppError.conflict(
          ApprovalErrorCode.SecondOfficialRequired,
          'on-site verification needs a second, different official to co-sign',
        );
      }
      if (body.verdict !== t.pendingVerdict) {
        throw AppError.conflict(
          ApprovalErrorCode.CosignVerdictMismatch,
          `the first official signed "${t.pendingVerdict ?? ''}"; co-sign the same verdict or release the task to re-examine`,
          { pendingVerdict: t.pendingVerdict },
        );
      }
      const text = [
        t.pendingOpinion ?? '',
        body.opinion ? `会签意见（${officer.name}）：${body.opinion}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      const signedItems = ReturnItemsJson.safeParse(t.pendingItems);
      await this.finish(
        tx,
        c,
        t,
        {
          verdict: body.verdict,
          opinion: text,
          items: items ?? (signedItems.success ? signedItems.data : undefined),
        },
        [first, actor],
        now,
      );
      return true;
    });
  }

  private async finish(
    tx: ApprovalTx,
    c: ApprovalCase,
    t: ApprovalTask,
    result: { verdict: Verdict; opinion: string; items: ReturnItems | undefined },
    officials: Actor[],
    now: Date,
  ): Promise<void> {
    const { verdict, opinion, items } = result;
    await updateTask(tx, t, {
      status: 'completed',
      verdict,
      completedAt: now,
      pendingVerdict: null,
      pendingOpinion: null,
      pendingItems: Prisma.DbNull,
    });
    await addOpinion(tx, {
      id: randomUUID(),
      caseId: c.id,
      taskId: t.id,
      departmentCode: t.departmentCode,
      departmentName: t.departmentName,
      role: t.role,
      verdict,
      text: opinion,
      officials: officials,
      createdAt: now,
    });
    const actor = officials[officials.length - 1] ?? officials[0];
    if (!actor) throw new Error('no official');
    await appendAudit(tx, c.id, {
      action: 'task.completed',
      actor,
      at: now,
      opinion,
      before: { taskId: t.id, status: t.status },
      after: { taskId: t.id, status: 'completed', verdict, officials: officials.map((o) => o.userId) },
    });
    await this.ctx.store.messaging.stage(tx, TaskCompleted, {
      ...this.base(c, actor, now),
      task: taskSummary(t),
      verdict,
      opinion,
      officials,
      completedAt: now.toISOString(),
      ...(verdict === 'return' && items && items.length > 0 ? { returnItems: items } : {}),
    });
    if (verdict === 'return' && c.status !== 'returned') {
      // 退回补正: no decision until intake reports the applicant's supplement (intake.application.supplemented),
      // which reopens this task. The task.completed event above carries the reasons and items to intake, which
      // sends the applicant a one-time notice. The time the applicant takes does not count against any deadline:
      // a 'supplement' pause opens here and ends with the supplement (approval.case.suspended / resumed).
      const current = await readCaseVersion(tx, c.id);
      await updateCase(tx, current, { status: 'returned' });
      const pause = await createProcedure(tx, {
        id: randomUUID(),
        caseId: c.id,
        kind: 'supplement',
        reason: opinion,
        departmentCode: t.departmentCode,
        startedAt: now,
        startedBy: actor,
        notice: `${t.departmentName}退回补正：${opinion}。补正期间不计入审批时限。`,
      });
      await this.ctx.store.messaging.stage(tx, CaseSuspended, {
        ...this.base(c, actor, now),
        procedureId: pause.id,
        kind: 'supplement',
        reason: opinion,
        startedAt: now.toISOString(),
      });
      await appendAudit(tx, c.id, {
        action: 'case.returned',
        actor,
        at: now,
        opinion,
        before: { status: c.status },
        after: { status: 'returned', taskId: t.id, departmentCode: t.departmentCode },
      });
    }
  }

  /** 退回补正 items: only with a return; a listed material must be one of the implementation's (its name from the catalog). */
  private async returnItems(
    tx: ApprovalTx,
    c: ApprovalCase,
    body: CompleteTaskBody,
  ): Promise<ReturnItems | undefined> {
    if (!body.items || body.items.length === 0) return undefined;
    if (body.verdict !== 'return')
      throw unprocessable(
        ApprovalErrorCode.ItemsOnlyWithReturn,
        'items',
        'items to supply are only given with a return (退回补正)',
      );
    const materials = new Map((await filedSnapshot(tx, c)).materials.map((m) => [m.id, m.name]));
    return body.items.map((item, i) => {
      if (item.materialId !== undefined) {
        const name = materials.get(item.materialId);
        if (name === undefined)
          throw unprocessable(
            ApprovalErrorCode.MaterialUnknown,
            `items.${i}.materialId`,
            `${item.materialId} is not a material of this implementation`,
          );
        return { materialId: item.materialId, name, problem: item.problem };
      }
      if (item.name === undefined)
        throw unprocessable(
          ApprovalErrorCode.ReasonsRequired,
          `items.${i}.name`,
          'name what is to be supplied, or give a materialId',
        );
      return { name: item.name, problem: item.problem };
    });
  }

  private assertVerdictAllowed(c: ApprovalCase, t: ApprovalTask, verdict: Verdict, opinion: string): void {
    if (verdict === 'promise' && !(t.role === 'co' && c.jointKind === 'precondition')) {
      throw unprocessable(
        ApprovalErrorCode.PromiseNotAllowed,
        'verdict',
        "a promise (承诺) is only a co-department's answer in a pre-condition joint case",
      );
    }
    if ((verdict === 'deny' || verdict === 'return') && opinion.length < 2) {
      throw unprocessable(
        ApprovalErrorCode.ReasonsRequired,
        'opinion',
        `a ${verdict} needs its reasons in the opinion`,
      );
    }
  }

  /** Separation of duties (受审分离): whoever accepted the application at the window takes no part in examining it. */
  private assertNotAcceptor(c: ApprovalCase, officer: Officer): void {
    if (c.acceptedBy === officer.id) {
      throw forbidden(
        ApprovalErrorCode.SeparationOfDuties,
        'you accepted this application at the window; another official must examine and approve it',
      );
    }
  }

  private base(c: ApprovalCase, actor: Actor, now: Date) {
    return { caseId: c.id, applicationNo: c.applicationNo, occurredAt: now.toISOString(), actor };
  }

  /**
   * One task action: the task must be in the officer's department and region (else 404, whatever the route);
   * the case row is locked, the task re-read, the caller's expected version checked, then `fn` writes through
   * conditional updates. `fn` returns false when the request has no effect (idempotent repeat).
   */
  private async act(
    taskId: string,
    officer: Officer,
    body: { version?: number | undefined },
    fn: (tx: ApprovalTx, c: ApprovalCase, t: ApprovalTask, now: Date) => Promise<boolean>,
  ): Promise<TaskView> {
    return this.ctx.store.messaging.transaction(async (tx) => {
      const seen = await findVisibleTask(tx, taskId, officer);
      const c = await lockCase(tx, seen.caseId);
      const t = await readTask(tx, taskId);
      if (c.status === 'decided')
        throw AppError.conflict(ApprovalErrorCode.CaseDecided, 'the case is decided');
      if (c.status === 'closed') throw caseClosed(c.closing);
      if (body.version !== undefined && body.version !== t.version) {
        throw AppError.conflict(
          ApprovalErrorCode.StaleVersion,
          `the task is at version ${t.version}, not ${body.version}; reload it`,
          { version: t.version },
        );
      }
      await fn(tx, c, t, this.ctx.clock.now());
      const after = await readTask(tx, taskId);
      return taskView(this.ctx, after, c.status);
    });
  }
}

/** A task of the officer's own department within the officer's region, or 404 (no existence leak). */
export async function findVisibleTask(
  tx: ApprovalTx,
  taskId: string,
  officer: Officer,
): Promise<ApprovalTask> {
  const t = UUID.test(taskId) ? await findTask(tx, taskId) : null;
  if (!t || t.departmentCode !== officer.department || !regionCovers(officer.region, t.regionCode))
    throw taskNotFound(taskId);
  return t;
}
