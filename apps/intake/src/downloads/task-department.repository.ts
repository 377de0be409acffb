import type { IntakeTx } from '../intake.store.js';

/** Adds departments with an approval task on the application (those already known are kept as they are). */
export async function addTaskDepartments(
  tx: IntakeTx,
  applicationNo: string,
  departments: readonly string[],
): Promise<void> {
  await tx.applicationTaskDepartment.createMany({
    data: [...new Set(departments)].map((departmentCode) => ({ applicationNo, departmentCode })),
    skipDuplicates: true,
  });
}
