import { randomUUID } from 'node:crypto';
import {
  CaseOpened,
  SYSTEM_ACTOR,
  TaskAssigned,
  type ApplicationAccepted,
  type PayloadOf,
  type TaskRole,
} from '@hall/contracts';
import type { HandlerContext, RawExecutor } from '@hall/messaging';
import { AppError } from '@hall/platform';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode } from '../approval.errors.js';
import { holdAuditHead, prepareAudit } from '../audit/audit.repository.js';
import type { Prisma } from '../generated/prisma/client.js';
import { findFiledSnapshot } from '../implementations/implementation-version.repository.js';
import { openCaseAudited, openingState, taskSummary, type NewCase } from '../records/case.repository.js';

interface PlannedTask {
  departmentCode: string;
  departmentName: string;
  role: TaskRole;
  limitDays: number;
  twoOfficials: boolean;
}

const asJson = (v: unknown): Prisma.JsonValue => JSON.parse(JSON.stringify(v ?? null)) as Prisma.JsonValue;

/**
 * Opens a case on `intake.application.accepted`, from the process template of the exact implementation version
 * the application was made against: one task per department (lead + co-departments, plus the higher-level
 * decider of an escalated case), all created at once, each with its own working-day deadline counted from
 * acceptance. Case, tasks, audit entry and events commit in the consumer's (inbox) transaction, on the driver's own
 * transaction (registered with `onRaw`: raw SQL only).
 */
export class CaseOpeningConsumer {
  constructor(private readonly ctx: ApprovalContext) {}

  readonly onAccepted = async (
    p: PayloadOf<typeof ApplicationAccepted>,
    { tx }: HandlerContext<RawExecutor>,
  ): Promise<void> => {
    // A redelivered or duplicated accept (another event id) never opens a second case; the unique
    // application number backs this up against a concurrent duplicate (its transaction fails and retries).
    // Withdrawn or terminated before the case was opened (the close request overtook the acceptance): nothing to open.
    // Both are one statement.
    const state = await openingState(tx, p.applicationNo);
    if (state.opened || state.closed) return;
    const snapshot = await findFiledSnapshot(tx, p, this.ctx.store.snapshots);
    if (!snapshot) {
      // Not in the read model yet (catalog event still on its way): throw so the consumer retries later.
      throw new AppError(
        ApprovalErrorCode.ImplementationVersionUnknown,
        `implementation ${p.implementationCode} version ${p.implementationVersion} not received from the catalog yet`,
        503,
      );
    }
    const template = snapshot.processTemplate;
    const twoOfficials = (dept: string) =>
      template.steps.some((s) => s.departmentCode === dept && s.twoOfficials);
    const planned: PlannedTask[] = [
      {
        departmentCode: template.lead.code,
        departmentName: template.lead.name,
        role: 'lead',
        limitDays: template.lead.limitDays,
        twoOfficials: twoOfficials(template.lead.code),
      },
    ];
    for (const co of template.coDepartments) {
      if (planned.some((t) => t.departmentCode === co.code)) continue;
      planned.push({
        departmentCode: co.code,
        departmentName: co.name,
        role: 'co',
        limitDays: co.limitDays,
        twoOfficials: twoOfficials(co.code),
      });
    }
    const escalateTo = template.jointKind === 'escalated' ? template.escalateTo : undefined;
    if (escalateTo && !planned.some((t) => t.departmentCode === escalateTo.code)) {
      planned.push({
        departmentCode: escalateTo.code,
        departmentName: escalateTo.name,
        role: 'escalated',
        limitDays: p.promisedLimitDays,
        twoOfficials: false,
      });
    }

    const acceptedAt = new Date(p.acceptedAt);
    const { caseClock } = this.ctx;
    const caseId = randomUUID();
    // AL art. 42 ¶2: a joint case (联合办理) has the joint-handling limit (45 working days) as its legal limit.
    const legalLimitDays = this.ctx.legalLimitDays(
      { jointKind: template.jointKind, departmentCodes: planned.map((t) => t.departmentCode) },
      p.legalLimitDays,
    );
    const promisedLimitDays = Math.min(p.promisedLimitDays, legalLimitDays);
    const promisedDueAt = caseClock.due(acceptedAt, promisedLimitDays, []);
    const legalDueAt = caseClock.due(acceptedAt, legalLimitDays, []);
    const kase: NewCase = {
      id: caseId,
      applicationNo: p.applicationNo,
      status: 'open',
      jointKind: template.jointKind,
      implementationCode: p.implementationCode,
      implementationVersion: p.implementationVersion,
      itemName: p.itemName,
      regionCode: p.regionCode,
      leadDepartmentCode: template.lead.code,
      decidingDepartmentCode: escalateTo?.code ?? template.lead.code,
      departmentCodes: planned.map((t) => t.departmentCode),
      applicant: asJson(p.applicant),
      formData: asJson(p.formData),
      materials: asJson(p.materials),
      acceptanceMode: p.mode,
      acceptedAt,
      acceptedBy: p.actor.userId,
      acceptedByName: p.actor.name,
      promisedLimitDays,
      legalLimitDays,
      promisedDueAt,
      legalDueAt,
    };
    const tasks = planned.map((t) => ({
      id: randomUUID(),
      caseId,
      applicationNo: p.applicationNo,
      itemName: p.itemName,
      regionCode: p.regionCode,
      departmentCode: t.departmentCode,
      departmentName: t.departmentName,
      role: t.role,
      status: 'pending',
      limitDays: t.limitDays,
      dueAt: caseClock.due(acceptedAt, t.limitDays, []),
      twoOfficials: t.twoOfficials,
    }));
    // A new case's chain is empty (the column defaults): no head to read before its first entry.
    holdAuditHead(tx, caseId, { auditSeq: 0, auditHead: '' });

    const now = this.ctx.clock.now();
    const base = {
      caseId,
      applicationNo: p.applicationNo,
      occurredAt: now.toISOString(),
      actor: SYSTEM_ACTOR,
    };
    const summaries = tasks.map(taskSummary);
    const opened = await prepareAudit(tx, caseId, {
      action: 'case.opened',
      actor: SYSTEM_ACTOR,
      at: now,
      after: {
        implementation: `${p.implementationCode}@${p.implementationVersion}`,
        jointKind: template.jointKind,
        acceptedAt: p.acceptedAt,
        acceptedBy: p.actor.userId,
        legalLimitDays,
        promisedDueAt: promisedDueAt.toISOString(),
        legalDueAt: legalDueAt.toISOString(),
        tasks: summaries.map((s) => ({
          taskId: s.taskId,
          departmentCode: s.departmentCode,
          role: s.role,
          dueAt: s.dueAt,
        })),
      },
    });
    // The case, its tasks and its first audit entry: one statement.
    await openCaseAudited(tx, kase, tasks, opened, this.ctx.store.pii);
    const { store } = this.ctx;
    await store.messaging.stage(tx, CaseOpened, {
      ...base,
      implementationCode: p.implementationCode,
      implementationVersion: p.implementationVersion,
      itemName: p.itemName,
      regionCode: p.regionCode,
      jointKind: template.jointKind,
      acceptedAt: p.acceptedAt,
      acceptedBy: p.actor.userId,
      promisedLimitDays,
      legalLimitDays,
      promisedDueAt: promisedDueAt.toISOString(),
      legalDueAt: legalDueAt.toISOString(),
      tasks: summaries,
    });
    for (const task of summaries) await store.messaging.stage(tx, TaskAssigned, { ...base, task });
  };
}
