/**
 * One realm, two servers: the dev identity provider reads the `hall` realm from the same Keycloak realm export
 * that Keycloak imports (deploy/keycloak/realm-hall.json): clients (flows, redirect URIs, post-logout redirect
 * URIs, web origins, secrets), realm roles, lifetimes (access token, code, SSO session idle and max), brute force
 * settings and the users (demo accounts). What works embedded then works on Keycloak, and back.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { demoAccounts, type DemoAccount } from '../demo-accounts.data.js';
import { Department, DepartmentRole, Region } from '../identity/org-units.js';
import { isRole, Role } from '../roles.js';
import type { DevClientConfig } from './dev-idp.clients.js';

/** The realm export in the repository (`deploy/keycloak/realm-hall.json`). */
export const DEFAULT_REALM_FILE = new URL('../../../../deploy/keycloak/realm-hall.json', import.meta.url);

const clientSchema = z.object({
  clientId: z.string().min(1),
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  publicClient: z.boolean().default(false),
  bearerOnly: z.boolean().default(false),
  standardFlowEnabled: z.boolean().default(true),
  directAccessGrantsEnabled: z.boolean().default(false),
  frontchannelLogout: z.boolean().default(false),
  secret: z.string().optional(),
  redirectUris: z.array(z.string()).default([]),
  webOrigins: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.string()).default({}),
});

const userSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  enabled: z.boolean().default(true),
  firstName: z.string().default(''),
  lastName: z.string().optional(),
  email: z.string().default(''),
  attributes: z.record(z.string(), z.array(z.string())).default({}),
  credentials: z.array(z.object({ type: z.string(), value: z.string().optional() })).default([]),
  realmRoles: z.array(z.string()).default([]),
});

const realmSchema = z.object({
  realm: z.string().min(1),
  accessTokenLifespan: z.number().int().positive().default(300),
  accessCodeLifespan: z.number().int().positive().default(60),
  accessCodeLifespanLogin: z.number().int().positive().default(1800),
  ssoSessionIdleTimeout: z.number().int().positive().default(1800),
  ssoSessionMaxLifespan: z.number().int().positive().default(36_000),
  bruteForceProtected: z.boolean().default(false),
  failureFactor: z.number().int().positive().default(30),
  waitIncrementSeconds: z.number().int().positive().default(60),
  maxFailureWaitSeconds: z.number().int().positive().default(900),
  maxDeltaTimeSeconds: z.number().int().positive().default(43_200),
  clients: z.array(clientSchema).default([]),
  users: z.array(userSchema).default([]),
  components: z
    .object({
      'org.keycloak.userprofile.UserProfileProvider': z
        .array(z.object({ config: z.object({ 'kc.user.profile.config': z.array(z.string()) }) }))
        .optional(),
    })
    .optional(),
});

const userProfileSchema = z.object({
  attributes: z.array(
    z.object({
      name: z.string(),
      permissions: z.object({ view: z.array(z.string()).default([]) }).optional(),
    }),
  ),
});

/** What the dev identity provider takes from a realm export. */
export interface RealmDefinition {
  readonly realm: string;
  readonly accessTokenLifespan: number;
  readonly accessCodeLifespan: number;
  /** How long the login page stays usable (Keycloak's `accessCodeLifespanLogin`). */
  readonly accessCodeLifespanLogin: number;
  readonly ssoSessionIdleTimeout: number;
  readonly ssoSessionMaxLifespan: number;
  /** Brute force detection, `undefined` when the realm has it off. */
  readonly bruteForce?: {
    readonly freeFailures: number;
    readonly baseDelaySeconds: number;
    readonly maxDelaySeconds: number;
    readonly resetAfterSeconds: number;
  };
  readonly clients: readonly DevClientConfig[];
  readonly accounts: readonly DemoAccount[];
  /** User attributes the user may see of themselves (user profile `permissions.view` includes `user`). */
  readonly userVisibleAttributes: readonly string[];
}

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined =>
  values.find((v) => v === value);

function toClient(c: z.infer<typeof clientSchema>): DevClientConfig {
  const postLogout = (c.attributes['post.logout.redirect.uris'] ?? '')
    .split('##')
    .map((u) => u.trim())
    .filter((u) => u !== '' && u !== '+');
  const frontchannelUrl = c.attributes['frontchannel.logout.url'];
  return {
    clientId: c.clientId,
    ...(c.description !== undefined && { description: c.description }),
    standardFlow: c.standardFlowEnabled && !c.bearerOnly,
    directAccessGrants: c.directAccessGrantsEnabled && !c.bearerOnly,
    redirectUris: c.redirectUris,
    // Keycloak: `+` (or nothing) in post.logout.redirect.uris means "the redirect URIs".
    postLogoutRedirectUris: postLogout.length > 0 ? postLogout : c.redirectUris,
    webOrigins: c.webOrigins,
    publicClient: c.publicClient,
    bearerOnly: c.bearerOnly,
    ...(!c.publicClient && c.secret !== undefined && { secret: c.secret }),
    ...(c.frontchannelLogout &&
      frontchannelUrl !== undefined &&
      frontchannelUrl !== '' && {
        frontchannelLogoutUrl: frontchannelUrl,
      }),
  };
}

function toAccount(u: z.infer<typeof userSchema>): DemoAccount | undefined {
  const password = u.credentials.find((c) => c.type === 'password')?.value;
  if (!u.enabled || password === undefined) return undefined;
  const one = (name: string): string | undefined => u.attributes[name]?.[0];
  const roles = u.realmRoles.filter(isRole);
  const uscc = one('uscc');
  const department = oneOf(Object.values(Department), one('department'));
  const departmentRole = oneOf(Object.values(DepartmentRole), one('department_role'));
  const idNumber = one('id_number');
  const phone = one('phone_number');
  const known = demoAccounts.find((a) => a.id === u.id);
  const kind: DemoAccount['kind'] =
    uscc !== undefined ? 'business' : roles.every((r) => r === Role.Applicant) ? 'person' : 'staff';
  return {
    id: u.id,
    username: u.username.toLowerCase(),
    password,
    name: [u.firstName, u.lastName ?? ''].join('').trim() || u.username,
    email: u.email,
    roles,
    kind,
    region: oneOf(Object.values(Region), one('region')) ?? Region.Hangzhou,
    description: known?.description ?? '',
    ...(department !== undefined && { department }),
    ...(departmentRole !== undefined && { departmentRole }),
    ...(idNumber !== undefined && { idNumber }),
    ...(uscc !== undefined && { uscc }),
    ...(phone !== undefined && { phone }),
  };
}

/** Parses a Keycloak realm export (JSON text). Throws on a file that is not one. */
export function parseRealmExport(text: string): RealmDefinition {
  const r = realmSchema.parse(JSON.parse(text));
  const profileText =
    r.components?.['org.keycloak.userprofile.UserProfileProvider']?.[0]?.config['kc.user.profile.config'][0];
  const profile = profileText === undefined ? undefined : userProfileSchema.parse(JSON.parse(profileText));
  return {
    realm: r.realm,
    accessTokenLifespan: r.accessTokenLifespan,
    accessCodeLifespan: r.accessCodeLifespan,
    accessCodeLifespanLogin: r.accessCodeLifespanLogin,
    ssoSessionIdleTimeout: r.ssoSessionIdleTimeout,
    ssoSessionMaxLifespan: r.ssoSessionMaxLifespan,
    ...(r.bruteForceProtected && {
      bruteForce: {
        freeFailures: r.failureFactor,
        baseDelaySeconds: r.waitIncrementSeconds,
        maxDelaySeconds: r.maxFailureWaitSeconds,
        resetAfterSeconds: r.maxDeltaTimeSeconds,
      },
    }),
    clients: r.clients.filter((c) => c.enabled).map(toClient),
    accounts: r.users.flatMap((u) => toAccount(u) ?? []),
    userVisibleAttributes: (profile?.attributes ?? [])
      .filter((a) => a.permissions?.view.includes('user') === true)
      .map((a) => a.name)
      .filter((n) => !['username', 'email', 'firstName', 'lastName'].includes(n)),
  };
}

const cache = new Map<string, Promise<RealmDefinition>>();

/** Reads and parses a realm export (default: the repository's realm-hall.json); cached per file. */
export function loadRealmExport(file: string | URL = DEFAULT_REALM_FILE): Promise<RealmDefinition> {
  const key = file.toString();
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = readFile(file, 'utf8').then(parseRealmExport);
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
