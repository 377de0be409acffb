import { Actor, SpecialProcedureKind, type SpecialProcedureView } from '@hall/contracts';
import type { SpecialProcedure } from '../generated/prisma/client.js';

/** A special procedure (特别程序) as the case shows it. */
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
