import {
  CaseDecided,
  PartyIdentity,
  TaskRole,
  unfillableLicenceFields,
  Verdict,
  type CaseAuditTrail,
  type CaseAuditVerification,
  type CaseView,
  type DecideBody,
  type ImplementationSnapshot,
} from '@hall/contracts';
import { z } from 'zod';
import { AppError } from '@hall/platform';
import { canSeeCase, findVisibleCase } from '../access/case-access.js';
import { actorOf, type Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, caseNotFound, forbidden, unprocessable } from '../approval.errors.js';
import type { ApprovalTx } from '../approval.store.js';
import { verifyAuditChain } from '../audit/audit-chain.js';
import { prepareAudit, readAudit } from '../audit/audit.repository.js';
import type { ApprovalCase } from '../generated/prisma/client.js';
import { filedSnapshot, findFiledSnapshot } from '../implementations/implementation-version.repository.js';
import { caseView } from './case-view.js';
import { caseRows, decideCaseAudited, lockCaseByIdOrNo, type CaseRows } from '../records/case.repository.js';

/** 行政许可法 art. 38 ¶2: a denial states the applicant's rights to administrative review and litigation. */
export const RIGHTS_NOTICE =
  '申请人如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。';
const FormData = z.record(z.string(), z.unknown());
const DEFAULT_APPROVAL_REASONS = '经审查，申请符合法定条件、标准，准予行政许可。';

/** Case read side (view, audit) and the decision (准予 / 不予) after the join. */
export class CasesService {
  constructor(private readonly ctx: ApprovalContext) {}

  async get(idOrNo: string, officer: Officer): Promise<CaseView> {
    const tx = this.ctx.store.prisma;
    const c = await findVisibleCase(tx, idOrNo, officer, 'read');
    return this.load(tx, c);
  }

  private async load(tx: ApprovalTx, c: ApprovalCase): Promise<CaseView> {
    const [rows, filed] = await Promise.all([
      caseRows(tx, c.id),
      findFiledSnapshot(tx, c, this.ctx.store.snapshots),
    ]);
    return this.view(c, rows, filed);
  }

  private view(c: ApprovalCase, rows: CaseRows, filed: ImplementationSnapshot | null): CaseView {
    // The 申请表 fields of the version the case was filed under, so the officer reads each value by its label.
    const formFields = filed
      ? filed.applicationForm.fields.map((f) => ({ key: f.key, label: f.label, type: f.type }))
      : [];
    return { ...caseView(this.ctx, c, rows.tasks, rows.opinions, rows.procedures), formFields };
  }

  /**
   * The deciding department (lead; the higher level for an escalated case) decides once every lead and
   * co-department task is finished (a co-department's promise is its answer in a pre-condition joint case).
   * Emits `approval.case.decided` exactly once, with everything the licence service needs.
   */
  async decide(idOrNo: string, officer: Officer, body: DecideBody): Promise<CaseView> {
    // On the driver's own transaction (issue 22: raw SQL only, no ORM); the outbox row commits with the decision.
    return this.ctx.store.messaging.rawTransaction(async (tx) => {
      // The case is found and locked in one statement; one the officer may not act on answers 404 as an unknown one.
      const c = await lockCaseByIdOrNo(tx, idOrNo, this.ctx.store.pii);
      if (!c || !canSeeCase(c, officer, 'act')) throw caseNotFound(idOrNo);
      if (officer.department !== c.decidingDepartmentCode) {
        throw forbidden(
          ApprovalErrorCode.NotDecidingDepartment,
          `only ${c.decidingDepartmentCode} decides this case`,
          { decidingDepartmentCode: c.decidingDepartmentCode },
        );
      }
      if (c.acceptedBy === officer.id) {
        throw forbidden(
          ApprovalErrorCode.SeparationOfDuties,
          'you accepted this application at the window; another official must decide it',
        );
      }
      if (c.status === 'decided')
        throw AppError.conflict(
          ApprovalErrorCode.CaseDecided,
          `the case was already decided (${c.outcome ?? ''})`,
        );
      if (c.status === 'closed') throw caseClosed(c.closing);
      if (body.version !== undefined && body.version !== c.version) {
        throw AppError.conflict(
          ApprovalErrorCode.StaleVersion,
          `the case is at version ${c.version}, not ${body.version}; reload it`,
          { version: c.version },
        );
      }
      if (c.status === 'suspended')
        throw AppError.conflict(
          ApprovalErrorCode.CaseSuspended,
          'a special procedure is running; end it before deciding',
        );
      if (c.status === 'returned') {
        throw AppError.conflict(
          ApprovalErrorCode.CaseReturned,
          'the application was returned for supplement (退回补正); decide after the applicant supplemented it and the task was examined again',
        );
      }
      // Tasks, opinions and procedures as they are under the lock: one statement.
      const rows = await caseRows(tx, c.id);
      const taskRows = rows.tasks;
      const waiting = taskRows.filter((t) => t.role !== 'escalated' && t.status !== 'completed');
      if (waiting.length > 0) {
        throw AppError.conflict(
          ApprovalErrorCode.JoinIncomplete,
          `waiting for ${waiting.map((t) => `${t.departmentName}（${t.role === 'lead' ? '牵头' : '协办'}）`).join('、')}`,
          {
            waiting: waiting.map((t) => ({
              taskId: t.id,
              departmentCode: t.departmentCode,
              role: t.role,
              status: t.status,
            })),
          },
        );
      }
      if (body.outcome === 'denied' && body.reasons.length < 2) {
        throw unprocessable(
          ApprovalErrorCode.ReasonsRequired,
          'reasons',
          'a denial (不予许可) must state its reasons',
        );
      }
      const reasons =
        body.outcome === 'denied'
          ? `${body.reasons}\n${RIGHTS_NOTICE}`
          : body.reasons || DEFAULT_APPROVAL_REASONS;
      const snapshot = await filedSnapshot(tx, c, this.ctx.store.snapshots);
      const now = this.ctx.clock.now();
      const holder = PartyIdentity.parse(c.applicant);
      const formData = FormData.parse(c.formData ?? {});
      if (body.outcome === 'approved') {
        // Never a blank licence: every required field of every licence to issue must be fillable before the decision is final.
        const missing = unfillableLicenceFields(snapshot.results, {
          formData,
          holder,
          decision: { decidedAt: now.toISOString(), applicationNo: c.applicationNo },
          implementingBody: snapshot.implementingBody.name,
          itemName: c.itemName,
        });
        if (missing.length > 0) {
          throw unprocessable(
            ApprovalErrorCode.LicenceFieldsMissing,
            'formData',
            `the licences cannot be issued complete: ${missing.map((m) => `${m.name}（${m.fields.join('、')}）`).join('；')}`,
            { licences: missing },
          );
        }
      }
      const actor = actorOf(officer);
      const { opinions } = rows;
      const taskVerdict = body.outcome === 'approved' ? 'approve' : 'deny';
      const audit = await prepareAudit(tx, c.id, {
        action: 'case.decided',
        actor,
        at: now,
        opinion: reasons,
        before: { status: c.status, version: c.version },
        after: {
          status: 'decided',
          outcome: body.outcome,
          opinions: opinions.map((o) => ({ departmentCode: o.departmentCode, verdict: o.verdict })),
        },
      });
      // The decision, the closing of an escalated case's decision task and the audit entry: one statement.
      await decideCaseAudited(
        tx,
        c,
        { outcome: body.outcome, reasons, decidedAt: now, decidedBy: actor, taskVerdict },
        audit,
      );
      await this.ctx.store.messaging.stage(tx, CaseDecided, {
        caseId: c.id,
        applicationNo: c.applicationNo,
        occurredAt: now.toISOString(),
        actor,
        outcome: body.outcome,
        reasons,
        decidedAt: now.toISOString(),
        departmentCode: officer.department,
        opinions: opinions.map((o) => ({
          departmentCode: o.departmentCode,
          role: TaskRole.parse(o.role),
          verdict: Verdict.parse(o.verdict),
          opinion: o.text,
        })),
        implementationCode: c.implementationCode,
        implementationVersion: c.implementationVersion,
        itemName: c.itemName,
        regionCode: c.regionCode,
        holder,
        issuer: {
          name: snapshot.implementingBody.name,
          uscc: snapshot.implementingBody.uscc,
          departmentCode: snapshot.implementingBody.departmentCode,
        },
        licences: body.outcome === 'approved' ? snapshot.results : [],
        formData,
      });
      // The case and its tasks as the statement above left them (no read after the write).
      const decided: ApprovalCase = {
        ...c,
        status: 'decided',
        outcome: body.outcome,
        reasons,
        decidedAt: now,
        decidedBy: JSON.parse(JSON.stringify(actor)) as ApprovalCase['decidedBy'],
        version: c.version + 1,
        auditSeq: audit.seq,
        auditHead: audit.hash,
        updatedAt: now,
      };
      const tasks = taskRows.map((t) =>
        t.role === 'escalated' && t.status !== 'completed' && t.status !== 'closed'
          ? { ...t, status: 'closed', verdict: taskVerdict, completedAt: now, version: t.version + 1 }
          : t,
      );
      return this.view(decided, { ...rows, tasks }, snapshot);
    });
  }

  async auditTrail(idOrNo: string, officer: Officer): Promise<CaseAuditTrail> {
    const tx = this.ctx.store.prisma;
    const c = await findVisibleCase(tx, idOrNo, officer, 'read');
    return { caseId: c.id, applicationNo: c.applicationNo, entries: await readAudit(tx, c.id) };
  }

  async verifyAudit(idOrNo: string, officer: Officer): Promise<CaseAuditVerification> {
    const tx = this.ctx.store.prisma;
    const c = await findVisibleCase(tx, idOrNo, officer, 'read');
    const entries = await readAudit(tx, c.id);
    const result = verifyAuditChain(entries, { seq: c.auditSeq, hash: c.auditHead });
    return {
      caseId: c.id,
      applicationNo: c.applicationNo,
      checkedAt: this.ctx.clock.now().toISOString(),
      head: { seq: c.auditSeq, hash: c.auditHead },
      ...result,
    };
  }
}
