import type { CurrentUser } from '@hall/auth';

/** The holder code a token carries: a person's ID number or a business's USCC. */
export function holderCodeOf(user: CurrentUser): string | undefined {
  return user.idNumber ?? user.uscc;
}

export function isHolder(user: CurrentUser, licence: { holderIdNumber: string }): boolean {
  const code = holderCodeOf(user);
  return user.roles.includes('applicant') && code !== undefined && code === licence.holderIdNumber;
}

/** An approver (审批人员) of the department that issued the licence. */
export function isIssuingOfficer(user: CurrentUser, licence: { departmentCode: string }): boolean {
  return user.roles.includes('approver') && user.department !== undefined && user.department === licence.departmentCode;
}
