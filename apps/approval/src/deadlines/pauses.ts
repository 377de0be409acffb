import type { SpecialProcedure } from '../generated/prisma/client.js';
import type { Pause } from './case-clock.js';

/** The case-wide pauses (every clock of the case stops); a task-level pause (`taskId`) is not one of them. */
export function pausesOf(
  procedures: readonly Pick<SpecialProcedure, 'kind' | 'startedAt' | 'endedAt' | 'taskId'>[],
): Pause[] {
  return procedures
    .filter((p) => p.kind !== 'extension' && p.taskId === null)
    .map((p) => ({ start: p.startedAt, end: p.endedAt }));
}

/** The task-level pauses of one task (its own step only): they move that task's deadline, never the case's. */
export function taskPausesOf(
  procedures: readonly Pick<SpecialProcedure, 'kind' | 'startedAt' | 'endedAt' | 'taskId'>[],
  taskId: string,
): Pause[] {
  return procedures
    .filter((p) => p.kind !== 'extension' && p.taskId === taskId)
    .map((p) => ({ start: p.startedAt, end: p.endedAt }));
}
