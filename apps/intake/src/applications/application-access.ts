import type { Actor } from '@hall/contracts';
import { isRegionCode, regionCovers, regionLevel, type CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';

/** The fields access decisions look at. */
export interface AccessSubject {
  no: string;
  regionCode: string;
  applicantUserId: string | null;
  /** The region of the 代办 point that took it in (收件), if one did. */
  takenInRegion?: string | null;
  /** A walk-in application's applicant (代办): kind and the ID number as stored (decrypted reads only). */
  applicantKind?: string;
  applicantIdNumber?: string | null;
}

/**
 * `holder`: the person a clerk took a walk-in application in for (代办, no account linked), now signed in with the
 * same verified 居民身份证号码 — reads it in 我的办件; the clerk keeps acting for them.
 */
export type Relation = 'owner' | 'clerk' | 'agent' | 'supervisor' | 'holder';

/**
 * Whether the user is the person a walk-in application was taken in for: an applicant account whose verified ID number
 * (userinfo `id_number`) is the applicant's, the application linked to no account.
 */
export function isWalkInHolder(user: CurrentUser, app: AccessSubject): boolean {
  return (
    app.applicantUserId === null &&
    user.roles.includes('applicant') &&
    user.idNumber !== undefined &&
    app.applicantKind === 'person' &&
    typeof app.applicantIdNumber === 'string' &&
    app.applicantIdNumber.toUpperCase() === user.idNumber.toUpperCase()
  );
}

export const isClerk = (user: CurrentUser): boolean => user.roles.includes('clerk');

/** A clerk scoped below the county (township or village): a 代办 point's clerk, never the competent window. */
export function isPointClerk(user: CurrentUser): boolean {
  if (!isClerk(user) || user.region === undefined || !isRegionCode(user.region)) return false;
  const level = regionLevel(user.region);
  return level === 'township' || level === 'village';
}

/**
 * How the user relates to an application: its applicant (owner), a clerk of the window of its region (a
 * clerk's region covers implementations of exactly that region), the clerk of a 代办 point below the county whose
 * region covers the point that took it in (agent: reads it and hands it over, before and after the handover), or a
 * supervisor whose region covers the application's (read only; a supervisor without a region sees none).
 */
export function relationOf(user: CurrentUser, app: AccessSubject): Relation | undefined {
  if (app.applicantUserId !== null && app.applicantUserId === user.id) return 'owner';
  if (isClerk(user) && user.region === app.regionCode) return 'clerk';
  if (
    isPointClerk(user) &&
    user.region !== undefined &&
    app.takenInRegion != null &&
    regionCovers(user.region, app.takenInRegion)
  )
    return 'agent';
  if (
    user.roles.includes('supervisor') &&
    user.region !== undefined &&
    regionCovers(user.region, app.regionCode)
  )
    return 'supervisor';
  if (isWalkInHolder(user, app)) return 'holder';
  return undefined;
}

/**
 * Throws unless the user has one of `allowed` relations. Whoever has no relation at all (another applicant, a clerk
 * of another region, a supervisor elsewhere) gets the same 404 as for a number that was never issued: the
 * application's existence is not revealed (issue 18, finding 14). 403 only for those who may know it exists.
 */
export function assertRelation(
  user: CurrentUser,
  app: AccessSubject,
  allowed: readonly Relation[],
): Relation {
  const relation = relationOf(user, app);
  if (relation && allowed.includes(relation)) return relation;
  if (relation)
    throw new AppError('FORBIDDEN', `not allowed on application ${app.no}`, 403, { applicationNo: app.no });
  throw AppError.notFound('application', app.no);
}

/** The contract's Actor for a user acting in `role`. */
export function actorOf(user: CurrentUser, role: string): Actor {
  return {
    userId: user.id,
    name: user.name,
    role,
    ...(user.department && /^[a-z][a-z0-9-]{1,47}$/.test(user.department)
      ? { department: user.department }
      : {}),
    ...(user.region && isRegionCode(user.region) ? { region: user.region } : {}),
  };
}
