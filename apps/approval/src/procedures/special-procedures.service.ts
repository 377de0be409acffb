import { randomUUID } from 'node:crypto';
import { CaseExtended, CaseResumed, CaseSuspended, PartyIdentity, type Actor, type SpecialProcedureKind } from '@hall/contracts';
import { chinaDateString } from '@hall/calendar';
import { AppError } from '@hall/platform';
import { findVisibleCase } from '../access/case-access.js';
import { actorOf, isHead, type Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, forbidden } from '../approval.errors.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { lockCase, updateCase } from '../cases/case.repository.js';
import { pausesOf, procedureView } from '../cases/case-view.js';
import { recomputeDeadlines } from '../deadlines/recompute-deadlines.js';
import type { ApprovalCase, SpecialProcedure } from '../generated/prisma/client.js';
import type { EndProcedureBody, StartProcedureBody } from './special-procedures.dto.js';

export const PROCEDURE_NAMES: Readonly<Record<SpecialProcedureKind, string>> = {
  extension: '延长审批',
  hearing: '听证',
  tendering: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  'expert-review': '专家评审',
  supplement: '退回补正',
};

type PauseKind = Exclude<SpecialProcedureKind, 'extension'>;
const isPauseKind = (k: string): k is PauseKind => k !== 'extension' && k in PROCEDURE_NAMES;

/**
 * 特别程序 (GB/T 39046 A.7; AL arts. 42, 45): an extension by the deciding department's head (+N working days,
 * limited in number), or a pause whose time does not count against any deadline. Each writes a notice to the
 * applicant (the event carries it to the services that deliver notices).
 */
export class SpecialProceduresService {
  constructor(private readonly ctx: ApprovalContext) {}

  start(idOrNo: string, officer: Officer, body: StartProcedureBody) {
    return this.ctx.store.messaging.transaction(async (tx) => {
      const seen = await findVisibleCase(tx, idOrNo, officer, 'act');
      const c = await lockCase(tx, seen.id);
      if (c.status === 'decided') throw AppError.conflict(ApprovalErrorCode.CaseDecided, 'the case is decided');
      if (c.status === 'closed') throw caseClosed(c.closing);
      if (c.status === 'returned') throw AppError.conflict(ApprovalErrorCode.CaseReturned, 'the application is returned for supplement (退回补正); no special procedure meanwhile');
      const now = this.ctx.clock.now();
      const actor = actorOf(officer);
      const procedures = await tx.specialProcedure.findMany({ where: { caseId: c.id } });
      const applicant = PartyIdentity.parse(c.applicant);
      const lead = `${applicant.name}：您申请的“${c.itemName}”（办件编号 ${c.applicationNo}）`;
      if (body.kind === 'extension') {
        if (!isHead(officer) || officer.department !== c.decidingDepartmentCode) {
          throw forbidden(ApprovalErrorCode.HeadRequired, 'an extension (延长审批) needs the approval of the deciding department\'s head (负责人)');
        }
        const used = procedures.filter((p) => p.kind === 'extension').length;
        if (used >= this.ctx.maxExtensions) {
          throw AppError.conflict(ApprovalErrorCode.ExtensionLimit, `the time limit was already extended ${used} time(s); at most ${this.ctx.maxExtensions}`);
        }
        const days = this.ctx.extensionDaysFor(c);
        const extensionDays = c.extensionDays + days;
        const due = await this.recompute(tx, c, pausesOf(procedures), extensionDays);
        const notice = `${lead}，因${body.reason}，经本机关负责人批准，审批期限延长${days}个工作日，延长后的承诺办结期限为${chinaDateString(due.promisedDueAt)}，法定办结期限为${chinaDateString(due.legalDueAt)}。`;
        const p = await this.create(tx, c, officer, actor, now, { kind: 'extension', reason: body.reason, days, endedAt: now, result: '准予延长', notice });
        await updateCase(tx, c, { extensionDays, promisedDueAt: due.promisedDueAt, legalDueAt: due.legalDueAt });
        await appendAudit(tx, c.id, {
          action: 'case.extended',
          actor,
          at: now,
          opinion: body.reason,
          before: { extensionDays: c.extensionDays, promisedDueAt: c.promisedDueAt.toISOString(), legalDueAt: c.legalDueAt.toISOString() },
          after: { procedureId: p.id, extensionDays, promisedDueAt: due.promisedDueAt.toISOString(), legalDueAt: due.legalDueAt.toISOString() },
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
      const kind = body.kind;
      const open = procedures.find((p) => p.kind !== 'extension' && p.endedAt === null);
      if (open) throw AppError.conflict(ApprovalErrorCode.ProcedureOpen, `a ${PROCEDURE_NAMES[open.kind as PauseKind] ?? open.kind} is still running; end it first`, { procedureId: open.id });
      const notice = `${lead}，因需${PROCEDURE_NAMES[kind]}（${body.reason}），自${chinaDateString(now)}起进入特别程序。依照《中华人民共和国行政许可法》第四十五条，${PROCEDURE_NAMES[kind]}所需时间不计算在审批期限内，特此告知。`;
      const p = await this.create(tx, c, officer, actor, now, { kind, reason: body.reason, expectedDays: body.expectedDays ?? null, notice });
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
    });
  }

  /** Ends a pause: its days (every China day it touched) leave every deadline of the case, which runs again. */
  end(idOrNo: string, procedureId: string, officer: Officer, body: EndProcedureBody) {
    return this.ctx.store.messaging.transaction(async (tx) => {
      const seen = await findVisibleCase(tx, idOrNo, officer, 'act');
      const c = await lockCase(tx, seen.id);
      if (c.status === 'closed') throw caseClosed(c.closing);
      const procedures = await tx.specialProcedure.findMany({ where: { caseId: c.id } });
      const p = procedures.find((x) => x.id === procedureId);
      if (!p) throw AppError.notFound('special procedure', procedureId);
      if (!isPauseKind(p.kind)) throw AppError.conflict(ApprovalErrorCode.NotAPause, 'an extension has no end');
      if (p.kind === 'supplement') throw AppError.conflict(ApprovalErrorCode.NotAPause, "a return for supplement (退回补正) ends with the applicant's supplement");
      if (p.endedAt) throw AppError.conflict(ApprovalErrorCode.ProcedureEnded, `the ${PROCEDURE_NAMES[p.kind]} already ended`);
      if (officer.department !== p.departmentCode && officer.department !== c.decidingDepartmentCode) {
        throw forbidden('PROCEDURE_NOT_YOURS', 'only the department that started it or the deciding department ends a special procedure');
      }
      const now = this.ctx.clock.now();
      const actor = actorOf(officer);
      const { count } = await tx.specialProcedure.updateMany({
        where: { id: p.id, endedAt: null },
        data: { endedAt: now, result: body.result, endedBy: actor },
      });
      if (count !== 1) throw AppError.conflict(ApprovalErrorCode.ProcedureEnded, 'the procedure already ended');
      const ended = procedures.map((x) => (x.id === p.id ? { ...x, endedAt: now } : x));
      const due = await this.recompute(tx, c, pausesOf(ended), c.extensionDays);
      await updateCase(tx, c, { status: 'open', promisedDueAt: due.promisedDueAt, legalDueAt: due.legalDueAt });
      await appendAudit(tx, c.id, {
        action: 'case.resumed',
        actor,
        at: now,
        opinion: body.result,
        before: { status: c.status, promisedDueAt: c.promisedDueAt.toISOString(), legalDueAt: c.legalDueAt.toISOString() },
        after: { status: 'open', procedureId: p.id, promisedDueAt: due.promisedDueAt.toISOString(), legalDueAt: due.legalDueAt.toISOString() },
      });
      await this.ctx.store.messaging.stage(tx, CaseResumed, {
        ...this.base(c, actor, now),
        procedureId: p.id,
        kind: p.kind,
        endedAt: now.toISOString(),
        result: body.result,
        promisedDueAt: due.promisedDueAt.toISOString(),
        legalDueAt: due.legalDueAt.toISOString(),
      });
      return procedureView(await tx.specialProcedure.findUniqueOrThrow({ where: { id: p.id } }));
    });
  }

  /**
   * Every deadline of the case from acceptance with the finished pauses excluded: the case's promised and
   * legal limits (+ extensions) and each task's own limit (the deciding side's tasks share the extension).
   */
  private recompute(tx: ApprovalTx, c: ApprovalCase, pauses: ReturnType<typeof pausesOf>, extensionDays: number) {
    return recomputeDeadlines(tx, this.ctx.caseClock, c, pauses, extensionDays);
  }

  private create(
    tx: ApprovalTx,
    c: ApprovalCase,
    officer: Officer,
    actor: Actor,
    now: Date,
    data: { kind: SpecialProcedureKind; reason: string; notice: string; days?: number; expectedDays?: number | null; endedAt?: Date; result?: string },
  ): Promise<SpecialProcedure> {
    return tx.specialProcedure.create({
      data: {
        id: randomUUID(),
        caseId: c.id,
        departmentCode: officer.department,
        startedAt: now,
        startedBy: actor,
        ...data,
        ...(data.endedAt && { endedBy: actor }),
      },
    });
  }

  private base(c: ApprovalCase, actor: Actor, now: Date) {
    return { caseId: c.id, applicationNo: c.applicationNo, occurredAt: now.toISOString(), actor };
  }
}
