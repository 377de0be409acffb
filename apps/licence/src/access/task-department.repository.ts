import type { LicenceRawTx } from '../licence.store.js';
import type { LicenceDb } from '../records/licence.repository.js';

/**
 * Which departments have an approval task on an application (`application_task_department`, from approval's
 * events): their officers may resolve a share scoped to that application. Adds the pairs given (those already
 * known are kept as they are), in one raw statement (the consumer's transaction on the driver).
 */
export async function addTaskDepartments(
  tx: LicenceRawTx,
  rows: ReadonlyArray<{ applicationNo: string; departmentCode: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "application_task_department" ("application_no", "department_code")
     SELECT DISTINCT r.a, r.d FROM unnest($1::text[], $2::text[]) AS r(a, d) ON CONFLICT DO NOTHING`,
    rows.map((r) => r.applicationNo),
    rows.map((r) => r.departmentCode),
  );
}

export async function hasTaskDepartment(
  db: LicenceDb,
  applicationNo: string,
  departmentCode: string,
): Promise<boolean> {
  return (
    (await db.applicationTaskDepartment.findUnique({
      where: { applicationNo_departmentCode: { applicationNo, departmentCode } },
    })) !== null
  );
}
