import { isRegionCode, regionCovers, regionPrefix, type CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import { SupervisionErrorCode } from '../supervision.errors.js';

/**
 * The region prefix (`regionPrefix` of @hall/auth) a supervisor or administrator may read (their token's `region`
 * attribute). Every query of
 * supervision data takes it, so a forgotten filter does not compile.
 */
export function staffRegionScope(user: CurrentUser): string {
  if (!user.roles.includes('supervisor') && !user.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', 'supervision data is for supervisors and administrators', 403);
  }
  if (user.region === undefined || !isRegionCode(user.region)) {
    throw new AppError(
      SupervisionErrorCode.NoRegion,
      'the account has no region attribute (6-digit code, or 12 digits for a township or village)',
      403,
    );
  }
  return regionPrefix(user.region);
}

export function isStaff(user: CurrentUser): boolean {
  return user.roles.includes('supervisor') || user.roles.includes('admin');
}

/**
 * Which cases a staff scope reaches (辖区, down to the village): those of the implementation's region under the
 * prefix, and those a township or village point under the prefix took in (受理下移 / 代办), whatever the
 * implementation's region. A Prisma filter of `supervised_case`.
 */
export function caseInScope(regionPrefix: string) {
  return {
    OR: [{ regionCode: { startsWith: regionPrefix } }, { takenInRegion: { startsWith: regionPrefix } }],
  };
}

/**
 * The same reach for a table keyed by case and carrying the case's region (clocks, anomalies, alerts): its region
 * under the prefix, or one of `takenIn` (the cases `casesTakenInScope` found for the prefix).
 */
export function rowOfCaseInScope(regionPrefix: string, takenIn: readonly string[]) {
  return {
    OR: [
      { regionCode: { startsWith: regionPrefix } },
      ...(takenIn.length > 0 ? [{ applicationNo: { in: [...takenIn] } }] : []),
    ],
  };
}

/** Whether a case (its region and where it was taken in) is within a staff account's region. */
export function caseCoveredBy(
  region: string,
  c: { regionCode: string; takenInRegion: string | null },
): boolean {
  return (
    regionCovers(region, c.regionCode) || (c.takenInRegion !== null && regionCovers(region, c.takenInRegion))
  );
}
