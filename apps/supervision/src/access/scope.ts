import { isRegionCode, regionPrefix, type CurrentUser } from '@hall/auth';
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
    throw new AppError(SupervisionErrorCode.NoRegion, 'the account has no 6-digit region attribute', 403);
  }
  return regionPrefix(user.region);
}

export function isStaff(user: CurrentUser): boolean {
  return user.roles.includes('supervisor') || user.roles.includes('admin');
}
