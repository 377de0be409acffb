import { z } from 'zod';
import { isRole, type Role } from './roles.js';

/** The authenticated caller, read from a validated Keycloak access token. */
export interface CurrentUser {
  /** `sub`: stable user id. */
  readonly id: string;
  /** `preferred_username`. */
  readonly username: string;
  /** `name` (falls back to the username). */
  readonly name: string;
  /** Known hall roles from `realm_access.roles` (other realm roles such as `offline_access` are dropped). */
  readonly roles: readonly Role[];
  /** `department` user attribute (department code, see `Department`). */
  readonly department?: string;
  /** `department_role` user attribute: `head` or `officer`. */
  readonly departmentRole?: string;
  /** `region` user attribute: 6-digit GB/T 2260 code, or 12-digit 统计用区划代码 for a township or village (region-scope.ts). */
  readonly region?: string;
  /**
   * `id_number`: 居民身份证号码 of a person applicant. Not in the access token: read from userinfo once per token
   * for the roles that need it (see `TokenVerifier` option `userinfoForRoles`).
   */
  readonly idNumber?: string;
  /** `uscc`: 统一社会信用代码 of a business applicant (public; in the access token, and from userinfo). */
  readonly uscc?: string;
  /** `phone_number`: like `idNumber`, from userinfo only. */
  readonly phone?: string;
  /** `azp`: the client the token was issued to (e.g. `hall-web`). */
  readonly clientId?: string;
  /** `sid`: the identity provider's session id. */
  readonly sessionId?: string;
  /** `exp`: expiry of the access token, seconds since the epoch. */
  readonly tokenExp: number;
}

const optionalText = z.string().min(1).optional().catch(undefined);

/**
 * The access token claims the services rely on (Keycloak shape). No personal data: an `id_number` or
 * `phone_number` claim in an access token is ignored (they come from userinfo, see {@link personalClaimsSchema}).
 */
export const accessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  preferred_username: z.string().min(1),
  name: optionalText,
  exp: z.number().int().positive(),
  azp: optionalText,
  sid: optionalText,
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  department: optionalText,
  department_role: optionalText,
  region: optionalText,
  uscc: optionalText,
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** The personal claims of the userinfo response (ID token / userinfo only, never the access token). */
export const personalClaimsSchema = z.object({
  sub: z.string().min(1),
  id_number: optionalText,
  uscc: optionalText,
  phone_number: optionalText,
});
export type PersonalClaims = z.infer<typeof personalClaimsSchema>;

/**
 * Maps validated access token claims (and, when read, the userinfo's personal claims of the same subject) to a
 * CurrentUser; throws a ZodError when required claims are missing.
 */
export function currentUserFromClaims(claims: unknown, personal?: PersonalClaims): CurrentUser {
  const parsed = accessTokenClaimsSchema.parse(claims);
  const c = { ...parsed, ...(personal?.uscc !== undefined && { uscc: personal.uscc }) };
  const roles = [...new Set((c.realm_access?.roles ?? []).filter(isRole))];
  const user: CurrentUser = {
    id: c.sub,
    username: c.preferred_username,
    name: c.name ?? c.preferred_username,
    roles,
    tokenExp: c.exp,
    ...(c.department !== undefined && { department: c.department }),
    ...(c.department_role !== undefined && { departmentRole: c.department_role }),
    ...(c.region !== undefined && { region: c.region }),
    ...(personal?.id_number !== undefined && { idNumber: personal.id_number }),
    ...(c.uscc !== undefined && { uscc: c.uscc }),
    ...(personal?.phone_number !== undefined && { phone: personal.phone_number }),
    ...(c.azp !== undefined && { clientId: c.azp }),
    ...(c.sid !== undefined && { sessionId: c.sid }),
  };
  return Object.freeze(user);
}

export function hasAnyRole(user: CurrentUser, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
