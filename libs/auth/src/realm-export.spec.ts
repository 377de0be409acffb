// deploy/keycloak/realm-hall.json must describe the same realm as the dev identity provider: same clients and
// flows, same users with the same roles and attributes, mappers that put those attributes into access tokens (the ID
// and phone numbers only into ID tokens and userinfo), exact redirect URIs, refresh token rotation, brute force
// detection.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { demoAccounts } from './demo-accounts.data.js';
import { WEB_CALLBACK_PATH } from './dev-idp/dev-idp.clients.js';
import { loadRealmExport } from './dev-idp/dev-idp.realm.js';
import { DEFAULT_ACCOUNT_BACKOFF } from './dev-idp/dev-idp.server.js';
import { ALL_ROLES, isRole } from './roles.js';

const mapperSchema = z.object({
  name: z.string(),
  protocol: z.literal('openid-connect'),
  protocolMapper: z.string(),
  config: z.record(z.string(), z.string()),
});
const clientSchema = z.object({
  clientId: z.string(),
  description: z.string().default(''),
  enabled: z.boolean(),
  publicClient: z.boolean(),
  bearerOnly: z.boolean(),
  standardFlowEnabled: z.boolean(),
  implicitFlowEnabled: z.boolean(),
  directAccessGrantsEnabled: z.boolean(),
  serviceAccountsEnabled: z.boolean(),
  redirectUris: z.array(z.string()),
  webOrigins: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.string()),
  protocolMappers: z.array(mapperSchema).default([]),
});
const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  enabled: z.literal(true),
  firstName: z.string(),
  email: z.string(),
  attributes: z.record(z.string(), z.array(z.string())),
  credentials: z.array(z.object({ type: z.string(), value: z.string(), temporary: z.boolean() })),
  realmRoles: z.array(z.string()),
});
const realmSchema = z.object({
  realm: z.literal('hall'),
  enabled: z.literal(true),
  accessTokenLifespan: z.number(),
  accessCodeLifespan: z.number(),
  ssoSessionIdleTimeout: z.number(),
  ssoSessionMaxLifespan: z.number(),
  defaultSignatureAlgorithm: z.literal('RS256'),
  registrationAllowed: z.literal(false),
  revokeRefreshToken: z.boolean(),
  refreshTokenMaxReuse: z.number(),
  bruteForceProtected: z.boolean(),
  failureFactor: z.number(),
  waitIncrementSeconds: z.number(),
  maxFailureWaitSeconds: z.number(),
  maxDeltaTimeSeconds: z.number(),
  roles: z.object({ realm: z.array(z.object({ name: z.string() })) }),
  clients: z.array(clientSchema),
  users: z.array(userSchema),
  components: z.object({
    'org.keycloak.userprofile.UserProfileProvider': z.array(
      z.object({
        providerId: z.literal('declarative-user-profile'),
        config: z.object({ 'kc.user.profile.config': z.array(z.string()).length(1) }),
      }),
    ),
  }),
});
type RealmExport = z.infer<typeof realmSchema>;

/** User attributes in access tokens (no personal data: `uscc` is a business's public registration number). */
const TOKEN_ATTRIBUTES = ['department', 'department_role', 'region', 'uscc'] as const;
/** Personal data: in the ID token and userinfo only (services read it from userinfo, never from access tokens). */
const PERSONAL_ATTRIBUTES = ['id_number', 'phone_number'] as const;

describe('deploy/keycloak/realm-hall.json', () => {
  let realm: RealmExport;
  const client = (id: string): z.infer<typeof clientSchema> => {
    const c = realm.clients.find((x) => x.clientId === id);
    if (c === undefined) throw new Error(`client ${id} missing`);
    return c;
  };

  beforeAll(async () => {
    const text = await readFile(new URL('../../../deploy/keycloak/realm-hall.json', import.meta.url), 'utf8');
    realm = realmSchema.parse(JSON.parse(text));
  });

  it('defines the hall realm roles', () => {
    const names = realm.roles.realm.map((r) => r.name);
    for (const role of ALL_ROLES) expect(names).toContain(role);
  });

  it('has the same token and code lifetimes as the dev identity provider', () => {
    expect(realm.accessTokenLifespan).toBe(300);
    expect(realm.accessCodeLifespan).toBe(60);
  });

  it('hall-web: public client, authorization code flow with PKCE S256 only', () => {
    const web = client('hall-web');
    expect(web).toMatchObject({
      publicClient: true,
      bearerOnly: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(web.redirectUris.length).toBeGreaterThan(0);
    // Exact URIs only: the web app's callback on each origin, and the origin's / after logout.
    for (const uri of web.redirectUris) {
      expect(uri).not.toContain('*');
      expect(new URL(uri).pathname).toBe(WEB_CALLBACK_PATH);
    }
    const postLogout = (web.attributes['post.logout.redirect.uris'] ?? '').split('##');
    expect(postLogout.sort()).toEqual(web.redirectUris.map((u) => `${new URL(u).origin}/`).sort());
  });

  it('rotates refresh tokens (a reused one is refused and ends the client session) and detects brute force like the dev identity provider', () => {
    expect(realm).toMatchObject({
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 0,
      bruteForceProtected: true,
    });
    expect({
      failureFactor: realm.failureFactor,
      waitIncrementSeconds: realm.waitIncrementSeconds,
      maxFailureWaitSeconds: realm.maxFailureWaitSeconds,
      maxDeltaTimeSeconds: realm.maxDeltaTimeSeconds,
    }).toEqual({
      failureFactor: DEFAULT_ACCOUNT_BACKOFF.freeFailures,
      waitIncrementSeconds: DEFAULT_ACCOUNT_BACKOFF.baseDelaySeconds,
      maxFailureWaitSeconds: DEFAULT_ACCOUNT_BACKOFF.maxDelaySeconds,
      maxDeltaTimeSeconds: DEFAULT_ACCOUNT_BACKOFF.resetAfterSeconds,
    });
  });

  it('hall-api: bearer-only, no flows', () => {
    expect(client('hall-api')).toMatchObject({
      bearerOnly: true,
      publicClient: false,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      serviceAccountsEnabled: false,
    });
  });

  it('hall-cli: public client with direct access grants, marked dev-only', () => {
    const cli = client('hall-cli');
    expect(cli).toMatchObject({
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
    });
    expect(cli.description).toMatch(/DEV ONLY/);
  });

  it('is what the dev identity provider serves: the same clients, flows, lifetimes and users (one realm, two servers)', async () => {
    const served = await loadRealmExport();
    expect(served.clients.map((c) => c.clientId).sort()).toEqual(realm.clients.map((c) => c.clientId).sort());
    for (const dev of served.clients) {
      const kc = client(dev.clientId);
      expect({
        standard: dev.standardFlow,
        direct: dev.directAccessGrants,
        redirects: dev.redirectUris,
      }).toEqual({
        standard: kc.standardFlowEnabled && !kc.bearerOnly,
        direct: kc.directAccessGrantsEnabled && !kc.bearerOnly,
        redirects: kc.redirectUris,
      });
    }
    expect(served.accessTokenLifespan).toBe(realm.accessTokenLifespan);
    expect(served.ssoSessionIdleTimeout).toBe(realm.ssoSessionIdleTimeout);
    expect(served.ssoSessionMaxLifespan).toBe(realm.ssoSessionMaxLifespan);
    expect(served.bruteForce).toEqual(DEFAULT_ACCOUNT_BACKOFF);
    // The users it serves are exactly the demo accounts the code and the docs name.
    expect([...served.accounts].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...demoAccounts].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('carries SSO session lifetimes (idle below max) and lets the web app be reached from its origins (CORS)', () => {
    expect(realm.ssoSessionIdleTimeout).toBeGreaterThan(realm.accessTokenLifespan);
    expect(realm.ssoSessionMaxLifespan).toBeGreaterThan(realm.ssoSessionIdleTimeout);
    expect(client('hall-web').webOrigins).toEqual(['+']);
  });

  it.each(['hall-web', 'hall-cli'])(
    '%s maps the hall-api audience and the user attributes into access tokens, personal data only into ID tokens and userinfo',
    (id) => {
      const mappers = client(id).protocolMappers;
      const audience = mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper');
      expect(audience?.config).toMatchObject({
        'included.client.audience': 'hall-api',
        'access.token.claim': 'true',
      });
      for (const attribute of TOKEN_ATTRIBUTES) {
        const mapper = mappers.find(
          (m) =>
            m.protocolMapper === 'oidc-usermodel-attribute-mapper' &&
            m.config['user.attribute'] === attribute,
        );
        expect(mapper?.config).toMatchObject({
          'claim.name': attribute,
          'access.token.claim': 'true',
          multivalued: 'false',
        });
      }
      for (const attribute of PERSONAL_ATTRIBUTES) {
        const mapper = mappers.find(
          (m) =>
            m.protocolMapper === 'oidc-usermodel-attribute-mapper' &&
            m.config['user.attribute'] === attribute,
        );
        expect(mapper?.config).toMatchObject({
          'claim.name': attribute,
          'access.token.claim': 'false',
          'introspection.token.claim': 'false',
          'id.token.claim': 'true',
          'userinfo.token.claim': 'true',
          multivalued: 'false',
        });
      }
    },
  );

  it('has exactly the demo accounts as users, with the same roles, department, region and attributes', () => {
    expect(realm.users.map((u) => u.username).sort()).toEqual(demoAccounts.map((a) => a.username).sort());
    for (const account of demoAccounts) {
      const user = realm.users.find((u) => u.username === account.username);
      const one = (name: string): string | undefined => user?.attributes[name]?.[0];
      expect({
        id: user?.id,
        name: user?.firstName,
        email: user?.email,
        roles: user?.realmRoles.filter(isRole).sort(),
        department: one('department'),
        departmentRole: one('department_role'),
        region: one('region'),
        idNumber: one('id_number'),
        uscc: one('uscc'),
        phone: one('phone_number'),
        demo: one('demo'),
        password: user?.credentials.find((c) => c.type === 'password')?.value,
      }).toEqual({
        id: account.id,
        name: account.name,
        email: account.email,
        roles: [...account.roles].sort(),
        department: account.department,
        departmentRole: account.departmentRole,
        region: account.region,
        idNumber: account.idNumber,
        uscc: account.uscc,
        phone: account.phone,
        demo: 'true',
        password: account.password,
      });
    }
  });

  it('declares the attributes in the user profile, editable by admins only', () => {
    const raw =
      realm.components['org.keycloak.userprofile.UserProfileProvider'][0]?.config[
        'kc.user.profile.config'
      ][0];
    const profile = z
      .object({
        attributes: z.array(
          z.object({ name: z.string(), permissions: z.object({ edit: z.array(z.string()) }) }),
        ),
      })
      .parse(JSON.parse(raw ?? '{}'));
    for (const attribute of [...TOKEN_ATTRIBUTES, ...PERSONAL_ATTRIBUTES, 'demo']) {
      const declared = profile.attributes.find((a) => a.name === attribute);
      expect(declared?.permissions.edit).toEqual(['admin']);
    }
  });
});
