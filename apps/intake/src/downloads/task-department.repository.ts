import type { IntakeRawTx } from '../intake.store.js';

/**
 * Adds departments with an approval task on applications (those already known are kept as they are), for any number
 * of applications in one statement, in key order (two transactions adding the same rows wait for each other instead
 * of deadlocking).
 */
export async function addTaskDepartments(
  tx: IntakeRawTx,
  departments: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const rows = [...departments].flatMap(([no, set]) => [...set].map((code) => [no, code] as const));
  rows.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "application_task_department" ("application_no", "department_code")
     SELECT t."no", t."code" FROM unnest($1::text[], $2::text[]) AS t("no", "code") ON CONFLICT DO NOTHING`,
    rows.map(([no]) => no),
    rows.map(([, code]) => code),
  );
}
