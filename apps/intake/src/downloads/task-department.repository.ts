import type { IntakeRawTx } from '../intake.store.js';

/** Adds departments with an approval task on the application (those already known are kept as they are). */
export async function addTaskDepartments(
  tx: IntakeRawTx,
  applicationNo: string,
  departments: readonly string[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "application_task_department" ("application_no", "department_code")
     SELECT $1, d FROM unnest($2::text[]) AS d ON CONFLICT DO NOTHING`,
    applicationNo,
    [...new Set(departments)],
  );
}
