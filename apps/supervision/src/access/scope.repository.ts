import type { SupervisionDb } from '../supervision.store.js';

/**
 * The cases a township or village point under `regionPrefix` took in while the implementation's region lies outside
 * it (a county scope already reaches those of its own region): what widens a staff scope on tables keyed by case.
 */
export async function casesTakenInScope(db: SupervisionDb, regionPrefix: string): Promise<string[]> {
  const rows = await db.supervisedCase.findMany({
    where: { takenInRegion: { startsWith: regionPrefix }, NOT: { regionCode: { startsWith: regionPrefix } } },
    select: { applicationNo: true },
  });
  return rows.map((r) => r.applicationNo);
}
