import type { CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import { SupervisionErrorCode } from '../supervision.errors.js';

/** GB/T 2260: 330000 (province) covers 33xxxx, 330100 (city) covers 3301xx, 330106 only itself. */
export function regionPrefixOf(region: string): string {
  let prefix = region;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/**
 * The region prefix a supervisor or administrator may read (their token's `region` attribute). Every query of
 * supervision data takes it, so a forgotten filter does not compile.
 */
export function staffRegionScope(user: CurrentUser): string {
  if (!user.roles.includes('supervisor') && !user.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', 'supervision data is for supervisors and administrators', 403);
  }
  if (user.region === undefined) throw new AppError(SupervisionErrorCode.NoRegion, 'the account has no region attribute', 403);
  return regionPrefixOf(user.region);
}

export function isStaff(user: CurrentUser): boolean {
  return user.roles.includes('supervisor') || user.roles.includes('admin');
}
