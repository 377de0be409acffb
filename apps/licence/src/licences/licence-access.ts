import type { CurrentUser } from '@hall/auth';

/** The holder code a token carries: a person's ID number or a business's USCC. */
export function holderCodeOf(user: CurrentUser): string | undefined {
  return user.idNumber ?? user.uscc;
}

export function isHolder(user: CurrentUser, licence: { holderIdNumber: string }): boolean {
  const code = holderCodeOf(user);
  return user.roles.includes('applicant') && code !== undefined && code === licence.holderIdNumber;
}

/**
 * The GB/T 2260 prefix a region covers: a province (xx0000) covers xx…, a city (xxxx00) covers xxxx…, a county only
 * itself (as approval scopes its officers).
 */
export function regionPrefix(region: string): string {
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

/**
 * An approver (审批人员) of the department that issued the licence, whose region covers the licence's jurisdiction
 * (an officer of the same department in another city is not of the issuing body). No region: none.
 */
export function isIssuingOfficer(user: CurrentUser, licence: { departmentCode: string; jurisdiction: string }): boolean {
  return (
    user.roles.includes('approver') &&
    user.department !== undefined &&
    user.department === licence.departmentCode &&
    user.region !== undefined &&
    licence.jurisdiction.startsWith(regionPrefix(user.region))
  );
}

/** Who may know that a licence exists: its holder and the issuing department (within its region). */
export function knowsLicence(user: CurrentUser, licence: { holderIdNumber: string; departmentCode: string; jurisdiction: string }): boolean {
  return isHolder(user, licence) || isIssuingOfficer(user, licence);
}

/**
 * Staff who may resolve a share scoped to an application — the material-access rule intake applies to the
 * application's files: a window clerk of exactly its region (its number starts with the region code, as intake scopes
 * its windows), or an approver whose region covers it and whose department has a task on it (`hasTask`, from
 * approval's `case.opened` / `task.assigned`).
 */
export async function handlesApplication(user: CurrentUser, applicationNo: string, hasTask: (department: string) => Promise<boolean>): Promise<boolean> {
  const region = applicationNo.slice(0, 6);
  if (user.region === undefined) return false;
  if (user.roles.includes('clerk') && user.region === region) return true;
  if (!user.roles.includes('approver') || user.department === undefined || !region.startsWith(regionPrefix(user.region))) return false;
  return hasTask(user.department);
}
