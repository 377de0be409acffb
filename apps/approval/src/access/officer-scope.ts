import type { Actor } from '@hall/contracts';
import { isRegionCode, type CurrentUser } from '@hall/auth';
import { ApprovalErrorCode, forbidden } from '../approval.errors.js';

/**
 * The caller as approval sees them: department and region are REQUIRED, so a query or rule that needs the
 * scope cannot be written without it (no "forgot the department filter" bug).
 */
export interface Officer {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly department: string;
  readonly departmentRole: string | undefined;
  readonly region: string;
}

export function officerOf(user: CurrentUser): Officer {
  if (!user.department || !user.region || !isRegionCode(user.region)) {
    throw forbidden(
      ApprovalErrorCode.OfficerScopeMissing,
      'the token carries no department or no 6-digit region: not an approval officer',
    );
  }
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    roles: user.roles,
    department: user.department,
    departmentRole: user.departmentRole,
    region: user.region,
  };
}

export const isApprover = (o: Officer): boolean => o.roles.includes('approver');
export const isSupervisor = (o: Officer): boolean => o.roles.includes('supervisor');
export const isHead = (o: Officer): boolean => o.departmentRole === 'head';
/** 本级人民政府负责人 (role `government-head`): approves joint-case extensions (AL art. 42 ¶2) in their region. */
export const isGovernmentHead = (o: Officer): boolean => o.roles.includes('government-head');

/** The event/audit actor of an officer's action. */
export function actorOf(o: Officer, role = 'approver'): Actor {
  return { userId: o.id, name: o.name, role, department: o.department, region: o.region };
}
