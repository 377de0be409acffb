import type { MonthlyQuery } from '@hall/contracts';
import type { SupervisionDb, SupervisionRawTx } from '../supervision.store.js';
import type { MonthlyCounts } from './monthly.js';
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
 * Adds `d` to one (month, department, region) row of `monthly_department_stat` and removes it when it is back at
 * zero (which only a decrement can do). Raw SQL: `INSERT … ON CONFLICT DO UPDATE` with `x = x + EXCLUDED.x` is an atomic increment (no
 * read-modify-write race between cases projected in parallel), which Prisma's upsert cannot express.
 */
export async function addMonthlyCounts(
  tx: SupervisionRawTx,
  month: string,
  departmentCode: string,
  regionCode: string,
  d: MonthlyCounts,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO monthly_department_stat (month, department_code, region_code, received, accepted, completed, on_time, overdue)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (month, department_code, region_code) DO UPDATE SET
       received = monthly_department_stat.received + EXCLUDED.received,
       accepted = monthly_department_stat.accepted + EXCLUDED.accepted,
       completed = monthly_department_stat.completed + EXCLUDED.completed,
       on_time = monthly_department_stat.on_time + EXCLUDED.on_time,
       overdue = monthly_department_stat.overdue + EXCLUDED.overdue`,
    month,
    departmentCode,
    regionCode,
    d.received,
    d.accepted,
    d.completed,
    d.onTime,
    d.overdue,
  );
  // Only a decrement can bring a row back to zero: the counts are never negative and the delta is never empty.
  if (!Object.values(d).some((n) => n < 0)) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM monthly_department_stat WHERE month = $1 AND department_code = $2 AND region_code = $3
       AND received = 0 AND accepted = 0 AND completed = 0 AND on_time = 0 AND overdue = 0`,
    month,
    departmentCode,
    regionCode,
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
