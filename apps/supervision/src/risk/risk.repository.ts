import type { SupervisionDb } from '../supervision.store.js';
import { rowOfCaseInScope } from '../access/scope.js';

/** The open case clocks of a region (optionally one department): the cases the worklist ranks. */
export function openCaseClocks(
  db: SupervisionDb,
  regionPrefix: string,
  takenIn: readonly string[],
  departmentCode: string | undefined,
) {
  return db.caseClock.findMany({
    where: {
      subject: 'case',
      open: true,
      ...rowOfCaseInScope(regionPrefix, takenIn),
      ...(departmentCode !== undefined && { departmentCode }),
    },
    select: { applicationNo: true, startedAt: true, limitDays: true, pauses: true },
  });
}

export function riskCases(db: SupervisionDb, applicationNos: string[]) {
  return db.supervisedCase.findMany({
    where: { applicationNo: { in: applicationNos } },
    select: {
      applicationNo: true,
      itemName: true,
      regionCode: true,
      departmentCode: true,
      implementationCode: true,
      status: true,
    },
  });
}

/** Every open step of every department, in every region: the departments' queues. */
export function openTaskClocks(db: SupervisionDb) {
  return db.caseClock.findMany({
    where: { kind: 'task', open: true },
    select: {
      applicationNo: true,
      subject: true,
      departmentCode: true,
      startedAt: true,
      limitDays: true,
      pauses: true,
    },
  });
}

/** The department names of the unfinished tasks of these cases. */
export function unfinishedTaskNames(db: SupervisionDb, applicationNos: string[]) {
  return db.caseTask.findMany({
    where: { applicationNo: { in: applicationNos }, completedAt: null },
    select: { applicationNo: true, taskId: true, departmentName: true },
  });
}

export interface CompletedStep {
  department_code: string;
  implementation_code: string;
  days: number;
  started_at: Date | string;
  completed_at: Date | string;
}

/**
 * Every completed step with its case's implementation. Raw SQL: a join of case_task with supervised_case, which
 * the schema has no relation for, read in one pass over the whole history.
 */
export function completedSteps(db: SupervisionDb): Promise<CompletedStep[]> {
  return db.$queryRawUnsafe<CompletedStep[]>(
    `SELECT t.department_code, c.implementation_code, t.working_days_used::int AS days, t.started_at, t.completed_at
       FROM case_task t JOIN supervised_case c ON c.application_no = t.application_no
      WHERE t.working_days_used IS NOT NULL AND t.completed_at IS NOT NULL
      ORDER BY t.application_no, t.task_id`,
  );
}
