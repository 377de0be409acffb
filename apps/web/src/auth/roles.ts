/** Realm roles (`realm_access.roles` of the access token), as in @hall/auth's Role. */
export const ROLES = [
  'applicant',
  'clerk',
  'approver',
  'supervisor',
  'catalog-admin',
  'admin',
  'government-head',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The claims of a JWT, without verifying it (the services verify; the UI only reads name and roles). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function rolesOf(accessToken: string): Role[] {
  const realmAccess = decodeJwtPayload(accessToken).realm_access;
  const roles =
    typeof realmAccess === 'object' && realmAccess !== null
      ? (realmAccess as { roles?: unknown }).roles
      : undefined;
  return Array.isArray(roles) ? roles.filter(isRole) : [];
}
