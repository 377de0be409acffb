import { Actor, PartyIdentity, ProvidedMaterial, SpecialProcedureKind, Verdict, type CaseView, type SpecialProcedureView } from '@hall/contracts';
import { z } from 'zod';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalCase, ApprovalTask, Opinion, SpecialProcedure } from '../generated/prisma/client.js';
import type { Pause } from '../deadlines/case-clock.js';
import { taskView } from './task-view.js';

export const PAUSE_KINDS = ['hearing', 'tendering', 'auction', 'inspection', 'testing', 'quarantine', 'appraisal', 'expert-review'] as const;

/** The case-wide pauses (every clock of the case stops); a task-level pause (`taskId`) is not one of them. */
export function pausesOf(procedures: readonly Pick<SpecialProcedure, 'kind' | 'startedAt' | 'endedAt' | 'taskId'>[]): Pause[] {
  return procedures.filter((p) => p.kind !== 'extension' && p.taskId === null).map((p) => ({ start: p.startedAt, end: p.endedAt }));
}

/** The task-level pauses of one task (its own step only): they move that task's deadline, never the case's. */
export function taskPausesOf(procedures: readonly Pick<SpecialProcedure, 'kind' | 'startedAt' | 'endedAt' | 'taskId'>[], taskId: string): Pause[] {
  return procedures.filter((p) => p.kind !== 'extension' && p.taskId === taskId).map((p) => ({ start: p.startedAt, end: p.endedAt }));
}

/** The stored JSON columns, read back with the shapes they were written with (a mismatch is corrupt data: 500). */
const FormData = z.record(z.string(), z.unknown());
const Materials = z.array(ProvidedMaterial);
const Officials = z.array(Actor);

export function procedureView(p: SpecialProcedure): SpecialProcedureView {
  return {
    id: p.id,
    kind: SpecialProcedureKind.parse(p.kind),
    /** case: every clock of the case; task: only the step of `taskId` (an extension is always case). */
    scope: p.taskId === null ? 'case' : 'task',
    taskId: p.taskId,
    reason: p.reason,
    departmentCode: p.departmentCode,
    days: p.days,
    expectedDays: p.expectedDays,
    startedAt: p.startedAt.toISOString(),
    endedAt: p.endedAt?.toISOString() ?? null,
    result: p.result,
    notice: p.notice,
    startedBy: Actor.parse(p.startedBy),
    endedBy: p.endedBy === null ? null : Actor.parse(p.endedBy),
  };
}

/** The whole case as its departments see it: clocks, every task, every opinion (with reasons), procedures, decision. */
export function caseView(
  ctx: ApprovalContext,
  c: ApprovalCase,
  taskRows: readonly ApprovalTask[],
  opinions: readonly Opinion[],
  procedures: readonly SpecialProcedure[],
): Omit<CaseView, 'formFields'> {
  const now = ctx.clock.now();
  return {
    id: c.id,
    applicationNo: c.applicationNo,
    status: c.status,
    jointKind: c.jointKind,
    version: c.version,
    implementation: { code: c.implementationCode, version: c.implementationVersion },
    itemName: c.itemName,
    regionCode: c.regionCode,
    leadDepartmentCode: c.leadDepartmentCode,
    decidingDepartmentCode: c.decidingDepartmentCode,
    departmentCodes: c.departmentCodes,
    applicant: PartyIdentity.parse(c.applicant),
    formData: FormData.parse(c.formData ?? {}),
    materials: Materials.parse(c.materials ?? []),
    acceptanceMode: c.acceptanceMode,
    acceptedAt: c.acceptedAt.toISOString(),
    acceptedBy: { userId: c.acceptedBy, name: c.acceptedByName },
    clocks: {
      promisedLimitDays: c.promisedLimitDays,
      legalLimitDays: c.legalLimitDays,
      extensionDays: c.extensionDays,
      promisedDueAt: c.promisedDueAt.toISOString(),
      legalDueAt: c.legalDueAt.toISOString(),
      provisional: ctx.caseClock.isProvisional(c.acceptedAt, new Date(Math.max(c.promisedDueAt.getTime(), c.legalDueAt.getTime()))),
      workingDaysUsed: ctx.caseClock.workingDaysUsed(c.acceptedAt, c.decidedAt ?? c.closedAt ?? now, pausesOf(procedures)),
      paused: c.status === 'suspended' || c.status === 'returned',
      stopped: c.status === 'decided' || c.status === 'closed',
    },
    tasks: taskRows.map((t) => taskView(ctx, t, c.status)),
    opinions: opinions.map((o) => ({
      taskId: o.taskId,
      departmentCode: o.departmentCode,
      departmentName: o.departmentName,
      role: o.role,
      verdict: Verdict.parse(o.verdict),
      opinion: o.text,
      officials: Officials.parse(o.officials),
      at: o.createdAt.toISOString(),
    })),
    specialProcedures: procedures.map(procedureView),
    closure: c.closedAt ? { closing: c.closing, reason: c.closeReason, closedAt: c.closedAt.toISOString() } : null,
    /** Who approves an extension of this case and what it adds: AL art. 42 ¶1 (department head, +10) or ¶2 (joint case: government head, +15). */
    extension: {
      approver: ctx.isJointHandling(c) ? 'government-head' : 'department-head',
      days: ctx.extensionDaysFor(c),
      used: procedures.filter((p) => p.kind === 'extension').length,
      max: ctx.maxExtensions,
    },
    decision: c.outcome
      ? { outcome: c.outcome, reasons: c.reasons, decidedAt: c.decidedAt?.toISOString() ?? null, decidedBy: c.decidedBy === null ? null : Actor.parse(c.decidedBy) }
      : null,
  };
}
