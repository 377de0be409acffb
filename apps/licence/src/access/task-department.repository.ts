import type { LicenceDb } from '../records/licence.repository.js';

/**
 * Which departments have an approval task on an application (`application_task_department`, from approval's
 * events): their officers may resolve a share scoped to that application.
 */
export async function addTaskDepartments(
  db: LicenceDb,
  applicationNo: string,
  departments: readonly string[],
): Promise<void> {
  await db.applicationTaskDepartment.createMany({
    data: [...new Set(departments)].map((departmentCode) => ({ applicationNo, departmentCode })),
    skipDuplicates: true,
  });
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
