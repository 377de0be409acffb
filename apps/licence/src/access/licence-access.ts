import { regionCovers, type CurrentUser } from '@hall/auth';

/** The holder code a token carries: a person's ID number or a business's USCC. */
export function holderCodeOf(user: CurrentUser): string | undefined {
  return user.idNumber ?? user.uscc;
}

export function isHolder(user: CurrentUser, licence: { holderIdNumber: string }): boolean {
  const code = holderCodeOf(user);
  return user.roles.includes('applicant') && code !== undefined && code === licence.holderIdNumber;
}

/**
 * An approver (审批人员) of the department that issued the licence, whose region covers the licence's jurisdiction
 * (an officer of the same department in another city is not of the issuing body). No region: none.
 */
export function isIssuingOfficer(
  user: CurrentUser,
  licence: { departmentCode: string; jurisdiction: string },
): boolean {
  return (
    user.roles.includes('approver') &&
    user.department !== undefined &&
    user.department === licence.departmentCode &&
    user.region !== undefined &&
    regionCovers(user.region, licence.jurisdiction)
  );
}

/** Who may know that a licence exists: its holder and the issuing department (within its region). */
export function knowsLicence(
  user: CurrentUser,
  licence: { holderIdNumber: string; departmentCode: string; jurisdiction: string },
): boolean {
  return isHolder(user, licence) || isIssuingOfficer(user, licence);
}

/**
 * Staff who may resolve a share scoped to an application — the material-access rule intake applies to the
 * application's files: a window clerk of exactly its region (its number starts with the region code, as intake scopes
 * its windows), or an approver whose region covers it and whose department has a task on it (`hasTask`, from
 * approval's `case.opened` / `task.assigned`).
 */
export async function handlesApplication(
  user: CurrentUser,
  applicationNo: string,
  hasTask: (department: string) => Promise<boolean>,
): Promise<boolean> {
  const region = applicationNo.slice(0, 6);
  if (user.region === undefined) return false;
  if (user.roles.includes('clerk') && user.region === region) return true;
  if (!user.roles.includes('approver') || user.department === undefined || !regionCovers(user.region, region))
    return false;
  return hasTask(user.department);
}
