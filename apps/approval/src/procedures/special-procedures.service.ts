import { randomUUID } from 'node:crypto';
import {
  CaseExtended,
  CaseResumed,
  CaseSuspended,
  PartyIdentity,
  SPECIAL_PROCEDURE_NAMES,
  TaskResumed,
  TaskSuspended,
  type Actor,
  type EndProcedureBody,
  type SpecialProcedureKind,
  type SpecialProcedureView,
  type StartProcedureBody,
} from '@hall/contracts';
import { chinaDateString } from '@hall/calendar';
import { AppError } from '@hall/platform';
import { regionCovers } from '@hall/auth';
import { findVisibleCase } from '../access/case-access.js';
import { actorOf, isApprover, isGovernmentHead, isHead, type Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, forbidden, taskNotFound } from '../approval.errors.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { lockCase, taskSummary, updateCase, updateTask } from '../records/case.repository.js';
import { procedureView } from './procedure-view.js';
import {
  createProcedure,
  endProcedure,
  openProcedureOfTask,
  proceduresOfCase,
  readProcedure,
} from '../records/procedure.repository.js';
import { findTask, readTask } from '../records/task.repository.js';
import { recomputeDeadlines, taskDueAt } from '../deadlines/recompute-deadlines.js';
import type { ApprovalCase, ApprovalTask, SpecialProcedure } from '../generated/prisma/client.js';

export const PROCEDURE_NAMES = SPECIAL_PROCEDURE_NAMES;

type PauseKind = Exclude<SpecialProcedureKind, 'extension'>;
const isPauseKind = (k: string): k is PauseKind => k !== 'extension' && k in PROCEDURE_NAMES;
const FINISHED = new Set(['completed', 'closed']);

/**
 * 特别程序 (GB/T 39046 A.7; AL arts. 42, 45), each with its own authority:
 * - extension (延长审批, art. 42 ¶1): the deciding department's head, +10 working days; for a joint case
 *   (联合办理/集中办理/统一办理, art. 42 ¶2) +15 with the approval of the 本级人民政府负责人 (role
 *   `government-head` of the case's region or a covering one) — a department head is refused;
 * - a case-wide pause (hearing, testing, expert review …; art. 45): the deciding department only; every clock of
 *   the case stops and its days leave every deadline;
 * - a task-level pause (`scope: 'task'`): a department pauses its own step only — that task's deadline moves by
 *   the paused working days, the case clocks run on (a co-department's inspection does not stop the case).
 * Each is audited and carried by an event; the case-wide ones write a notice to the applicant.
 */
export class SpecialProceduresService {
  constructor(private readonly ctx: ApprovalContext) {}

  start(idOrNo: string, officer: Officer, body: StartProcedureBody): Promise<SpecialProcedureView> {
    return this.ctx.store.messaging.transaction(async (tx) => {
      // 'read': the government head sees the joint cases of the region without being one of their departments;
      // what the caller may start is decided below, per kind.
      const seen = await findVisibleCase(tx, idOrNo, officer, 'read');
      const c = await lockCase(tx, seen.id, this.ctx.store.pii);
      const member = isApprover(officer) && c.departmentCodes.includes(officer.department);
      if (body.kind === 'extension') this.assertMayExtend(c, officer, member);
      else if (body.scope === 'case') this.assertMayPauseCase(c, officer, member);
      else if (!member) throw taskNotFound(body.taskId ?? '');
      if (c.status === 'decided')
        throw AppError.conflict(ApprovalErrorCode.CaseDecided, 'the case is decided');
      if (c.status === 'closed') throw caseClosed(c.closing);
      if (c.status === 'returned')
        throw AppError.conflict(
          ApprovalErrorCode.CaseReturned,
          'the application is returned for supplement (退回补正); no special procedure meanwhile',
        );
      const now = this.ctx.clock.now();
      const procedures = await proceduresOfCase(tx, c.id);
      if (body.kind === 'extension') return this.extend(tx, c, officer, body, procedures, now);
      if (body.scope === 'task') return this.pauseTask(tx, c, officer, body.kind, body, now);
      return this.pauseCase(tx, c, officer, body.kind, body, procedures, now);
    });
  }

  /** Ends a pause: a case-wide one's days leave every deadline of the case; a task-level one's only its task's. */
  end(
    idOrNo: string,
    procedureId: string,
    officer: Officer,
    body: EndProcedureBody,
  ): Promise<SpecialProcedureView> {
    return this.ctx.store.messaging.transaction(async (tx) => {
      const seen = await findVisibleCase(tx, idOrNo, officer, 'act');
      const c = await lockCase(tx, seen.id, this.ctx.store.pii);
      if (c.status === 'closed') throw caseClosed(c.closing);
      const procedures = await proceduresOfCase(tx, c.id);
      const p = procedures.find((x) => x.id === procedureId);
      if (!p) throw AppError.notFound('special procedure', procedureId);
      if (!isPauseKind(p.kind))
        throw AppError.conflict(ApprovalErrorCode.NotAPause, 'an extension has no end');
      if (p.kind === 'supplement')
        throw AppError.conflict(
          ApprovalErrorCode.NotAPause,
          "a return for supplement (退回补正) ends with the applicant's supplement",
        );
      if (p.endedAt)
        throw AppError.conflict(
          ApprovalErrorCode.ProcedureEnded,
          `the ${PROCEDURE_NAMES[p.kind]} already ended`,
        );
      if (p.taskId !== null) {
        if (officer.department !== p.departmentCode) {
          throw forbidden(
            ApprovalErrorCode.ProcedureNotYours,
            'only the department whose step is paused ends a task-level special procedure',
            { departmentCode: p.departmentCode },
          );
        }
      } else if (officer.department !== p.departmentCode && officer.department !== c.decidingDepartmentCode) {
        throw forbidden(
          ApprovalErrorCode.ProcedureNotYours,
          'only the department that started it or the deciding department ends a special procedure',
        );
      }
      const now = this.ctx.clock.now();
      const actor = actorOf(officer);
      if (!(await endProcedure(tx, p.id, { endedAt: now, result: body.result, endedBy: actor })))
        throw AppError.conflict(ApprovalErrorCode.ProcedureEnded, 'the procedure already ended');
      const ended = procedures.map((x) => (x.id === p.id ? { ...x, endedAt: now } : x));
      if (p.taskId !== null) await this.resumeTask(tx, c, p, p.taskId, ended, actor, now, body.result);
      else await this.resumeCase(tx, c, p, ended, actor, now, body.result);
      return procedureView(await readProcedure(tx, p.id));
    });
  }

  // ---- authority ----------------------------------------------------------------------------------------------

  private assertMayExtend(c: ApprovalCase, officer: Officer, member: boolean): void {
    if (this.ctx.isJointHandling(c)) {
      // AL art. 42 ¶2: 联合办理、集中办理、统一办理 … 经本级人民政府负责人批准，可以延长十五日.
      if (!isGovernmentHead(officer) || !regionCovers(officer.region, c.regionCode)) {
        throw forbidden(
          ApprovalErrorCode.GovernmentHeadRequired,
          `the extension of a joint case (联合办理, +${this.ctx.jointExtensionDays} working days) needs the approval of the 本级人民政府负责人 (行政许可法 art. 42 ¶2), not a department head`,
          { regionCode: c.regionCode, days: this.ctx.jointExtensionDays },
        );
      }
      return;
    }
    if (!member || !isHead(officer) || officer.department !== c.decidingDepartmentCode) {
      throw forbidden(
        ApprovalErrorCode.HeadRequired,
        "an extension (延长审批) needs the approval of the deciding department's head (负责人)",
        {
          decidingDepartmentCode: c.decidingDepartmentCode,
        },
      );
    }
  }

  private assertMayPauseCase(c: ApprovalCase, officer: Officer, member: boolean): void {
    if (!member || officer.department !== c.decidingDepartmentCode) {
      throw forbidden(
        ApprovalErrorCode.CasePauseDecidingDepartmentOnly,
        `only the deciding department (${c.decidingDepartmentCode}) pauses the whole case; a co-department pauses its own step (scope "task" with its taskId)`,
        { decidingDepartmentCode: c.decidingDepartmentCode },
      );
    }
  }

  // ---- extension ----------------------------------------------------------------------------------------------

  private async extend(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    body: StartProcedureBody,
    procedures: SpecialProcedure[],
    now: Date,
  ) {
    const byGovernment = this.ctx.isJointHandling(c);
    const actor = actorOf(officer, byGovernment ? 'government-head' : 'approver');
    const used = procedures.filter((p) => p.kind === 'extension').length;
    if (used >= this.ctx.maxExtensions) {
      throw AppError.conflict(
        ApprovalErrorCode.ExtensionLimit,
        `the time limit was already extended ${used} time(s); at most ${this.ctx.maxExtensions}`,
      );
    }
    const days = this.ctx.extensionDaysFor(c);
    const extensionDays = c.extensionDays + days;
    const due = await this.recompute(tx, c, procedures, extensionDays);
    const approver = byGovernment ? '本级人民政府负责人' : '本机关负责人';
    const notice = `${this.lead(c)}，因${body.reason}，经${approver}批准，审批期限延长${days}个工作日，延长后的承诺办结期限为${chinaDateString(due.promisedDueAt)}，法定办结期限为${chinaDateString(due.legalDueAt)}。`;
    const p = await this.create(tx, c, officer, actor, now, {
      kind: 'extension',
      reason: body.reason,
      days,
      endedAt: now,
      result: '准予延长',
      notice,
    });
    await updateCase(tx, c, { extensionDays, promisedDueAt: due.promisedDueAt, legalDueAt: due.legalDueAt });
    await appendAudit(tx, c.id, {
      action: 'case.extended',
      actor,
      at: now,
      opinion: body.reason,
      before: {
        extensionDays: c.extensionDays,
        promisedDueAt: c.promisedDueAt.toISOString(),
        legalDueAt: c.legalDueAt.toISOString(),
      },
      after: {
        procedureId: p.id,
        extensionDays,
        promisedDueAt: due.promisedDueAt.toISOString(),
        legalDueAt: due.legalDueAt.toISOString(),
        approvedBy: byGovernment ? 'government-head' : 'department-head',
      },
    });
    await this.ctx.store.messaging.stage(tx, CaseExtended, {
      ...this.base(c, actor, now),
      procedureId: p.id,
      days,
      reason: body.reason,
      promisedDueAt: due.promisedDueAt.toISOString(),
      legalDueAt: due.legalDueAt.toISOString(),
    });
    return procedureView(p);
  }

  // ---- case-wide pause ----------------------------------------------------------------------------------------

  private async pauseCase(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    kind: PauseKind,
    body: StartProcedureBody,
    procedures: SpecialProcedure[],
    now: Date,
  ) {
    const open = procedures.find((p) => p.kind !== 'extension' && p.taskId === null && p.endedAt === null);
    if (open)
      throw AppError.conflict(
        ApprovalErrorCode.ProcedureOpen,
        `a ${PROCEDURE_NAMES[open.kind as PauseKind] ?? open.kind} is still running; end it first`,
        { procedureId: open.id },
      );
    const actor = actorOf(officer);
    const notice = `${this.lead(c)}，因需${PROCEDURE_NAMES[kind]}（${body.reason}），自${chinaDateString(now)}起进入特别程序。依照《中华人民共和国行政许可法》第四十五条，${PROCEDURE_NAMES[kind]}所需时间不计算在审批期限内，特此告知。`;
    const p = await this.create(tx, c, officer, actor, now, {
      kind,
      reason: body.reason,
      expectedDays: body.expectedDays ?? null,
      notice,
    });
    await updateCase(tx, c, { status: 'suspended' });
    await appendAudit(tx, c.id, {
      action: 'case.suspended',
      actor,
      at: now,
      opinion: body.reason,
      before: { status: c.status },
      after: { status: 'suspended', procedureId: p.id, kind },
    });
    await this.ctx.store.messaging.stage(tx, CaseSuspended, {
      ...this.base(c, actor, now),
      procedureId: p.id,
      kind,
      reason: body.reason,
      startedAt: now.toISOString(),
      ...(body.expectedDays !== undefined && { expectedDays: body.expectedDays }),
    });
    return procedureView(p);
  }

  private async resumeCase(
    tx: ApprovalTx,
    c: ApprovalCase,
    p: SpecialProcedure,
    procedures: SpecialProcedure[],
    actor: Actor,
    now: Date,
    result: string,
  ) {
    const due = await this.recompute(tx, c, procedures, c.extensionDays);
    await updateCase(tx, c, { status: 'open', promisedDueAt: due.promisedDueAt, legalDueAt: due.legalDueAt });
    await appendAudit(tx, c.id, {
      action: 'case.resumed',
      actor,
      at: now,
      opinion: result,
      before: {
        status: c.status,
        promisedDueAt: c.promisedDueAt.toISOString(),
        legalDueAt: c.legalDueAt.toISOString(),
      },
      after: {
        status: 'open',
        procedureId: p.id,
        promisedDueAt: due.promisedDueAt.toISOString(),
        legalDueAt: due.legalDueAt.toISOString(),
      },
    });
    await this.ctx.store.messaging.stage(tx, CaseResumed, {
      ...this.base(c, actor, now),
      procedureId: p.id,
      kind: p.kind as PauseKind,
      endedAt: now.toISOString(),
      result,
      promisedDueAt: due.promisedDueAt.toISOString(),
      legalDueAt: due.legalDueAt.toISOString(),
    });
  }

  // ---- task-level pause ---------------------------------------------------------------------------------------

  private async pauseTask(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    kind: PauseKind,
    body: StartProcedureBody,
    now: Date,
  ) {
    const taskId = body.taskId ?? '';
    const t = await this.ownTask(tx, c, officer, taskId);
    if (FINISHED.has(t.status))
      throw AppError.conflict(ApprovalErrorCode.TaskCompleted, `the task is ${t.status}`);
    if (t.role === 'escalated') {
      throw AppError.conflict(
        ApprovalErrorCode.DecisionTask,
        'the deciding department pauses the whole case (scope "case"), not its decision task',
      );
    }
    const open = await openProcedureOfTask(tx, t.id);
    if (t.pausedSince !== null || open) {
      throw AppError.conflict(
        ApprovalErrorCode.TaskPaused,
        `a ${open ? (PROCEDURE_NAMES[open.kind as PauseKind] ?? open.kind) : 'pause'} of this step is still running; end it first`,
        { procedureId: open?.id },
      );
    }
    const actor = actorOf(officer);
    // Kept with the case as the record of the step's pause; the applicant's deadlines are unchanged.
    const notice = `${c.applicationNo}（${c.itemName}）：${t.departmentName}因需${PROCEDURE_NAMES[kind]}（${body.reason}），自${chinaDateString(now)}起暂停本部门审查环节计时；本案承诺及法定办结期限照常计算。`;
    const p = await this.create(tx, c, officer, actor, now, {
      kind,
      reason: body.reason,
      expectedDays: body.expectedDays ?? null,
      notice,
      taskId: t.id,
    });
    await updateTask(tx, t, { pausedSince: now });
    await appendAudit(tx, c.id, {
      action: 'task.suspended',
      actor,
      at: now,
      opinion: body.reason,
      before: { taskId: t.id, pausedSince: null, dueAt: t.dueAt.toISOString() },
      after: { taskId: t.id, pausedSince: now.toISOString(), procedureId: p.id, kind },
    });
    await this.ctx.store.messaging.stage(tx, TaskSuspended, {
      ...this.base(c, actor, now),
      procedureId: p.id,
      task: taskSummary(t),
      kind,
      reason: body.reason,
      startedAt: now.toISOString(),
      ...(body.expectedDays !== undefined && { expectedDays: body.expectedDays }),
    });
    return procedureView(p);
  }

  private async resumeTask(
    tx: ApprovalTx,
    c: ApprovalCase,
    p: SpecialProcedure,
    taskId: string,
    procedures: SpecialProcedure[],
    actor: Actor,
    now: Date,
    result: string,
  ) {
    const t = await readTask(tx, taskId);
    const dueAt = this.taskDue(c, t, procedures, c.extensionDays);
    await updateTask(tx, t, { pausedSince: null, dueAt });
    await appendAudit(tx, c.id, {
      action: 'task.resumed',
      actor,
      at: now,
      opinion: result,
      before: {
        taskId: t.id,
        pausedSince: t.pausedSince?.toISOString() ?? null,
        dueAt: t.dueAt.toISOString(),
      },
      after: { taskId: t.id, pausedSince: null, procedureId: p.id, dueAt: dueAt.toISOString() },
    });
    await this.ctx.store.messaging.stage(tx, TaskResumed, {
      ...this.base(c, actor, now),
      procedureId: p.id,
      task: taskSummary({ ...t, dueAt }),
      kind: p.kind as PauseKind,
      startedAt: p.startedAt.toISOString(),
      endedAt: now.toISOString(),
      result,
    });
  }

  /** A task of this case, of the officer's department within the officer's region; otherwise 404 (no leak). */
  private async ownTask(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    taskId: string,
  ): Promise<ApprovalTask> {
    const t = await findTask(tx, taskId);
    if (
      !t ||
      t.caseId !== c.id ||
      t.departmentCode !== officer.department ||
      !regionCovers(officer.region, t.regionCode)
    )
      throw taskNotFound(taskId);
    return t;
  }

  // ---- deadlines ----------------------------------------------------------------------------------------------

  /**
   * A task's deadline from acceptance: its own limit, the finished case-wide pauses and its own finished
   * task-level pauses excluded, the extension added on the deciding side (lead, escalated).
   */
  private taskDue(
    c: ApprovalCase,
    t: Pick<ApprovalTask, 'id' | 'role' | 'limitDays'>,
    procedures: readonly SpecialProcedure[],
    extensionDays: number,
  ): Date {
    return taskDueAt(this.ctx.caseClock, c, t, procedures, extensionDays);
  }

  /** Every deadline of the case (its promised and legal limits + extensions) and each task's own deadline. */
  private recompute(
    tx: ApprovalTx,
    c: ApprovalCase,
    procedures: readonly SpecialProcedure[],
    extensionDays: number,
  ) {
    return recomputeDeadlines(tx, this.ctx.caseClock, c, procedures, extensionDays);
  }

  private lead(c: ApprovalCase): string {
    const applicant = PartyIdentity.parse(c.applicant);
    return `${applicant.name}：您申请的“${c.itemName}”（办件编号 ${c.applicationNo}）`;
  }

  private create(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    actor: Actor,
    now: Date,
    data: {
      kind: SpecialProcedureKind;
      reason: string;
      notice: string;
      days?: number;
      expectedDays?: number | null;
      endedAt?: Date;
      result?: string;
      taskId?: string;
    },
  ): Promise<SpecialProcedure> {
    return createProcedure(tx, {
      id: randomUUID(),
      caseId: c.id,
      departmentCode: officer.department,
      startedAt: now,
      startedBy: actor,
      ...data,
      ...(data.endedAt && { endedBy: actor }),
    });
  }

  private base(c: ApprovalCase, actor: Actor, now: Date) {
    return { caseId: c.id, applicationNo: c.applicationNo, occurredAt: now.toISOString(), actor };
  }
}
