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
