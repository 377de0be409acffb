import type { MonthlyQuery } from '@hall/contracts';
import type { SupervisionDb, SupervisionRawTx } from '../supervision.store.js';
import type { MonthlyKey } from './monthly.js';
import { caseInScope } from '../access/scope.js';

/** The cases of a region received within [from, to] (either end open), with what the statistics count. */
export function receivedCases(
  db: SupervisionDb,
  regionPrefix: string,
  from: Date | undefined,
  to: Date | undefined,
) {
  return db.supervisedCase.findMany({
    where: {
      ...caseInScope(regionPrefix),
      receivedAt: { not: null, ...(from && { gte: from }), ...(to && { lte: to }) },
    },
    select: {
      applicationNo: true,
      regionCode: true,
      takenInRegion: true,
      departmentCode: true,
      implementationCode: true,
      itemName: true,
      receivedAt: true,
      acceptedAt: true,
      completedAt: true,
      workingDaysUsed: true,
      onTime: true,
      cardLevel: true,
      closedAt: true,
      decidedAt: true,
      handover: true,
    },
  });
}

/** The ratings of these cases, the applicant's online channel before the window's (评价器). */
export function ratingsOfCases(db: SupervisionDb, applicationNos: string[]) {
  return db.rating.findMany({
    where: { applicationNo: { in: applicationNos } },
    select: { applicationNo: true, level: true, grade: true },
    orderBy: { channel: 'desc' },
  });
}

/**
 * Removes the `monthly_department_stat` rows of `keys` that are back at zero (only a decrement, applied by
 * `saveProjections`, can do that), so the live table equals a rebuilt one: one statement.
 */
export async function removeEmptyMonthlyRows(
  tx: SupervisionRawTx,
  keys: readonly MonthlyKey[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `DELETE FROM monthly_department_stat s USING json_populate_recordset(NULL::monthly_department_stat, $1::json) k
      WHERE s.month = k.month AND s.department_code = k.department_code AND s.region_code = k.region_code
        AND s.received = 0 AND s.accepted = 0 AND s.completed = 0 AND s.on_time = 0 AND s.overdue = 0`,
    JSON.stringify(keys),
  );
}

/** The monthly per-department rows of a region, optionally one department and a month range. */
export function monthlyRows(db: SupervisionDb, regionPrefix: string, q: MonthlyQuery) {
  return db.monthlyDepartmentStat.findMany({
    where: {
      regionCode: { startsWith: regionPrefix },
      ...(q.dept !== undefined && { departmentCode: q.dept }),
      ...((q.from !== undefined || q.to !== undefined) && {
        month: { ...(q.from !== undefined && { gte: q.from }), ...(q.to !== undefined && { lte: q.to }) },
      }),
    },
    orderBy: [{ month: 'asc' }, { departmentCode: 'asc' }, { regionCode: 'asc' }],
  });
}
