import { Actor, PartyIdentity, ProvidedMaterial, Verdict, type CaseView } from '@hall/contracts';
import { z } from 'zod';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalCase, ApprovalTask, Opinion, SpecialProcedure } from '../generated/prisma/client.js';
import { pausesOf } from '../deadlines/pauses.js';
import { procedureView } from '../procedures/procedure-view.js';
import { taskView } from './task-view.js';

export const PAUSE_KINDS = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expert-review',
] as const;

/** The stored JSON columns, read back with the shapes they were written with (a mismatch is corrupt data: 500). */
const FormData = z.record(z.string(), z.unknown());
const Materials = z.array(ProvidedMaterial);
const Officials = z.array(Actor);

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
      provisional: ctx.caseClock.isProvisional(
        c.acceptedAt,
        new Date(Math.max(c.promisedDueAt.getTime(), c.legalDueAt.getTime())),
      ),
      workingDaysUsed: ctx.caseClock.workingDaysUsed(
        c.acceptedAt,
        c.decidedAt ?? c.closedAt ?? now,
        pausesOf(procedures),
      ),
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
    closure: c.closedAt
      ? { closing: c.closing, reason: c.closeReason, closedAt: c.closedAt.toISOString() }
      : null,
    /** Who approves an extension of this case and what it adds: AL art. 42 ¶1 (department head, +10) or ¶2 (joint case: government head, +15). */
    extension: {
      approver: ctx.isJointHandling(c) ? 'government-head' : 'department-head',
      days: ctx.extensionDaysFor(c),
      used: procedures.filter((p) => p.kind === 'extension').length,
      max: ctx.maxExtensions,
    },
    decision: c.outcome
      ? {
          outcome: c.outcome,
          reasons: c.reasons,
          decidedAt: c.decidedAt?.toISOString() ?? null,
          decidedBy: c.decidedBy === null ? null : Actor.parse(c.decidedBy),
        }
      : null,
  };
}
