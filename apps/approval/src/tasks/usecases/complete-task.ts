import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor,
  CaseSuspended,
  TaskCompleted,
  type CompleteTaskBody,
  type TaskCompletedPayload,
  type TaskView,
  type Verdict,
} from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import { AppError } from '@hall/platform';
import { z } from 'zod';
import { actorOf, type Officer } from '../../access/officer-scope.js';
import { ApprovalErrorCode, unprocessable } from '../../approval.errors.js';
import { Prisma, type ApprovalCase, type ApprovalTask } from '../../generated/prisma/client.js';
import { taskSummary } from '../../records/case.repository.js';
import {
  assertNotAcceptor,
  claimedByAnother,
  eventBase,
  runTaskAction,
  type TaskActionStore,
} from '../task-actions.js';

const FINISHED = new Set(['completed', 'closed']);

type ReturnItems = NonNullable<TaskCompletedPayload['returnItems']>;
const ReturnItemsJson = z.array(
  z.object({ materialId: z.string().optional(), name: z.string(), problem: z.string() }),
);

/** A promise only in a pre-condition joint case's co-department; a deny or return needs its reasons. */
export function assertVerdictAllowed(
  c: Pick<ApprovalCase, 'jointKind'>,
  t: Pick<ApprovalTask, 'role'>,
  verdict: Verdict,
  opinion: string,
): void {
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

/**
 * Records a department's opinion. A task flagged `twoOfficials` (on-site verification, AL art. 34) needs two
 * distinct officials: the assignee's `complete` signs first (status `cosign`); a `complete` with the same
 * verdict by another officer of the department co-signs and finishes the task. A return (退回补正) sends the
 * case back to the applicant and pauses its clock until the supplement.
 */
@Injectable()
export class CompleteTask {
  constructor(private readonly store: TaskActionStore) {}

  execute(taskId: string, officer: Officer, body: CompleteTaskBody): Promise<TaskView> {
    return runTaskAction(this.store, taskId, officer, body, async (tx, c, t, now) => {
      if (FINISHED.has(t.status))
        throw AppError.conflict(ApprovalErrorCode.TaskCompleted, `the task is already ${t.status}`);
      if (t.role === 'escalated')
        throw AppError.conflict(
          ApprovalErrorCode.DecisionTask,
          'the higher-level department decides the case: POST /cases/:id/decide',
        );
      assertNotAcceptor(c, officer);
      assertVerdictAllowed(c, t, body.verdict, body.opinion);
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
        if (t.assigneeId !== officer.id) throw claimedByAnother(t, 'task claimed by');
        if (t.twoOfficials) {
          const signed = await this.store.writeTask(
            tx,
            t,
            {
              status: 'cosign',
              pendingVerdict: body.verdict,
              pendingOpinion: body.opinion,
              pendingItems: items ?? Prisma.DbNull,
              firstOfficial: actor,
            },
            {
              action: 'task.signed',
              actor,
              at: now,
              opinion: body.opinion,
              before: { taskId: t.id, status: t.status },
              after: { taskId: t.id, status: 'cosign', verdict: body.verdict, awaiting: 'second official' },
            },
          );
          return signed;
        }
        return this.finish(tx, c, t, { verdict: body.verdict, opinion: body.opinion, items }, [actor], now);
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
      return this.finish(
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
    });
  }

  private async finish(
    tx: RawExecutor,
    c: ApprovalCase,
    t: ApprovalTask,
    result: { verdict: Verdict; opinion: string; items: ReturnItems | undefined },
    officials: Actor[],
    now: Date,
  ): Promise<ApprovalTask> {
    const { verdict, opinion, items } = result;
    const actor = officials[officials.length - 1] ?? officials[0];
    if (!actor) throw new Error('no official');
    const written = await this.store.writeTask(
      tx,
      t,
      {
        status: 'completed',
        verdict,
        completedAt: now,
        pendingVerdict: null,
        pendingOpinion: null,
        pendingItems: Prisma.DbNull,
      },
      {
        action: 'task.completed',
        actor,
        at: now,
        opinion,
        before: { taskId: t.id, status: t.status },
        after: { taskId: t.id, status: 'completed', verdict, officials: officials.map((o) => o.userId) },
      },
      { id: randomUUID(), verdict, text: opinion, officials, createdAt: now },
    );
    await this.store.stage(tx, TaskCompleted, {
      ...eventBase(c, actor, now),
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
      const current = await this.store.readCaseVersion(tx, c.id);
      await this.store.setCaseStatus(tx, current, 'returned');
      const pause = await this.store.createCasePause(tx, {
        id: randomUUID(),
        caseId: c.id,
        kind: 'supplement',
        reason: opinion,
        departmentCode: t.departmentCode,
        startedAt: now,
        startedBy: actor,
        notice: `${t.departmentName}退回补正：${opinion}。补正期间不计入审批时限。`,
      });
      await this.store.stage(tx, CaseSuspended, {
        ...eventBase(c, actor, now),
        procedureId: pause.id,
        kind: 'supplement',
        reason: opinion,
        startedAt: now.toISOString(),
      });
      await this.store.appendAudit(tx, c.id, {
        action: 'case.returned',
        actor,
        at: now,
        opinion,
        before: { status: c.status },
        after: { status: 'returned', taskId: t.id, departmentCode: t.departmentCode },
      });
    }
    return written;
  }

  /** 退回补正 items: only with a return; a listed material must be one of the implementation's (its name from the catalog). */
  private async returnItems(
    tx: RawExecutor,
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
    const materials = new Map((await this.store.filedSnapshot(tx, c)).materials.map((m) => [m.id, m.name]));
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
}
