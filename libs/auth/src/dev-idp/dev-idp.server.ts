/**
 * Dev identity provider: looks like Keycloak realm `hall` to clients (same endpoints, same token shape), for
 * the embedded runtime and tests where no Keycloak can run. NOT for production: accounts are fixed demo data.
 *
 * Endpoints under `/realms/<realm>`:
 *   GET  /                                          realm info (public key, like Keycloak)
 *   GET  /.well-known/openid-configuration          discovery
 *   GET  /protocol/openid-connect/auth              authorization code + PKCE S256 (login page)
 *   POST /login-actions/authenticate                login form target
 *   POST /protocol/openid-connect/token             authorization_code, refresh_token (rotated), password (hall-cli)
 *   GET  /protocol/openid-connect/certs             JWKS (RS256, kid)
 *   GET|POST /protocol/openid-connect/userinfo
 *   GET|POST /protocol/openid-connect/logout        ends the session, redirects to post_logout_redirect_uri
 *   GET  /demo-accounts                             only with `exposeDemoAccounts` (else 404)
 *
 * Tokens: access tokens carry no personal data (no ID or phone number: they travel with every API call and end up
 * in proxies, logs and browser storage); the ID token and userinfo do. Refresh tokens rotate: each refresh answers
 * a new one, and presenting an already used one ends the session (RFC 9700 §4.14.2). Passwords: per-IP rate
 * limit (loose: a government office behind one NAT address), per-account back-off after repeated failures.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import {
  fastify,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { compactVerify, exportSPKI, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { demoAccounts as defaultAccounts, type DemoAccount } from '../demo-accounts.data.js';
import { DEPARTMENT_NAMES, REGION_NAMES } from '../identity/org-units.js';
import { limitConnectionsPerAddress } from './connection-limit.js';
import {
  defaultDevClients,
  HALL_API_CLIENT_ID,
  HALL_REALM,
  isAllowedRedirectUri,
  webOriginsOf,
  type DevClientConfig,
} from './dev-idp.clients.js';
import { loadOrCreateDevSigningKey, type DevSigningKey } from './dev-idp.keys.js';
import { HTML_HEADERS, renderLoginPage, renderMessagePage } from './dev-idp.login-page.js';

export interface DevIdentityProviderOptions {
  /**
   * Origin (and optional path prefix) clients use to reach the provider, e.g. `http://localhost:3000`; the issuer
   * is `<publicBaseUrl>/realms/<realm>`. A function is read on every request (handy when listening on port 0).
   * Omitted: taken from each request's protocol and Host header, as Keycloak does without a configured hostname.
   */
  readonly publicBaseUrl?: string | (() => string);
  /** Realm name. Default `hall`. */
  readonly realm?: string;
  /** Private JWK file (created with mode 0600 when missing) so tokens survive restarts. Omitted: in-memory key. */
  readonly keyFile?: string;
  /** Serve `GET /realms/<realm>/demo-accounts` and list the accounts on the login page. Default false. */
  readonly exposeDemoAccounts?: boolean;
  /** Users. Default: {@link defaultAccounts} (demo accounts). */
  readonly accounts?: readonly DemoAccount[];
  /** Clients. Default: `hall-web` (PKCE) and `hall-cli` (password grant, dev only). */
  readonly clients?: readonly DevClientConfig[];
  /**
   * More exact redirect URIs for `hall-web`, e.g. a Vite dev server's `http://localhost:5173/auth/callback` (also
   * accepted as `post_logout_redirect_uri`s, with the origin's `/`).
   */
  readonly extraWebRedirectUris?: readonly string[];
  /** Access token lifetime. Default 300 s (Keycloak's default). */
  readonly accessTokenTtlSeconds?: number;
  /** Refresh token lifetime (idle). Default 1800 s. */
  readonly refreshTokenTtlSeconds?: number;
  /** Maximum session length: no refresh after this long since login. Default 36000 s. */
  readonly sessionMaxSeconds?: number;
  /** `aud` of access tokens. Default `['hall-api', 'account']`. */
  readonly audience?: readonly string[];
  /** Clock (ms since the epoch), for tests. Default Date.now. */
  readonly now?: () => number;
  /** Fastify logger (buildDevIdentityProvider only). Default false. */
  readonly logger?: boolean;
  /**
   * Password attempts per client IP per window (login form and password grant; code exchange and refresh are not
   * counted). Over the limit: 429 `RATE_LIMITED`. `false` disables it. Default {@link DEFAULT_LOGIN_RATE_LIMIT}.
   * Kept loose on purpose (many people sign in from one office address); guessing one account's password is
   * stopped by {@link accountBackoff}.
   */
  readonly loginRateLimit?: { readonly max: number; readonly timeWindowMs: number } | false;
  /**
   * Per-account back-off (like Keycloak's brute force detection): after `freeFailures` wrong passwords for one
   * user name (existing or not, case-insensitive) the account waits `baseDelaySeconds`, doubled with each further
   * failure up to `maxDelaySeconds`; meanwhile every password for it is refused unchecked with 429 `RATE_LIMITED`
   * (`details.limit: 'account'`, `Retry-After`). A successful login clears the count; failures are forgotten
   * `resetAfterSeconds` after the last one. `false` disables it. Default {@link DEFAULT_ACCOUNT_BACKOFF}.
   */
  readonly accountBackoff?: AccountBackoffOptions | false;
  /**
   * Open connections per client address (socket address) when the provider runs its own server
   * (buildDevIdentityProvider / startDevIdentityProvider); more are closed at once. Default: no cap.
   */
  readonly maxConnectionsPerIp?: number;
  /**
   * Reverse proxies in front of the provider whose `X-Forwarded-For` entries are trusted (buildDevIdentityProvider
   * only; a host app sets its own `trustProxy`). 0 (default): the socket address is the client.
   */
  readonly trustProxyHops?: number;
}

/** Default {@link DevIdentityProviderOptions.loginRateLimit}. */
export const DEFAULT_LOGIN_RATE_LIMIT = Object.freeze({ max: 300, timeWindowMs: 60_000 });

export interface AccountBackoffOptions {
  readonly freeFailures: number;
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly resetAfterSeconds: number;
}

/** Default {@link DevIdentityProviderOptions.accountBackoff} (Keycloak: failure factor, wait increment, max wait). */
export const DEFAULT_ACCOUNT_BACKOFF: AccountBackoffOptions = Object.freeze({
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 900,
  resetAfterSeconds: 43_200,
});

/** The 429 of the per-account back-off (same body shape as the per-IP limit). */
class AccountLockedError extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed logins for this account; retry in ${retryAfterSeconds} s`);
    this.name = 'AccountLockedError';
  }
}

/** The 429 of the login rate limit (Fastify's error handler, or the host app's, renders statusCode/code/message). */
class LoginRateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(retryAfterSeconds: number) {
    super(`too many login attempts from this address; retry in ${retryAfterSeconds} s`);
    this.name = 'LoginRateLimitedError';
  }
}

const CODE_TTL_MS = 60_000;
const LOGIN_TAB_TTL_MS = 30 * 60_000;
const MAX_PENDING = 10_000;
/** Sessions and per-account failure counts kept (oldest dropped beyond). */
const MAX_TRACKED = 100_000;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

interface PendingLogin {
  readonly client: DevClientConfig;
  readonly redirectUri: string;
  readonly responseMode: 'query' | 'fragment';
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly expiresAt: number;
}

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly nonce?: string;
  readonly accountId: string;
  readonly sid: string;
  readonly authTime: number;
  readonly expiresAt: number;
}

interface SessionContext {
  readonly baseUrl: string;
  readonly client: DevClientConfig;
  readonly account: DemoAccount;
  readonly sid: string;
  readonly scope: string;
  readonly authTime: number;
  readonly nonce?: string;
}

/** A map whose entries expire; pruned on insert, bounded in size. */
class ExpiringMap<V extends { expiresAt: number }> {
  private readonly map = new Map<string, V>();
  constructor(
    private readonly now: () => number,
    private readonly maxSize = MAX_PENDING,
  ) {}
  set(key: string, value: V): void {
    this.map.delete(key); // re-inserted as the newest
    if (this.map.size >= this.maxSize) {
      const t = this.now();
      for (const [k, v] of this.map) if (v.expiresAt <= t) this.map.delete(k);
      while (this.map.size >= this.maxSize) {
        const oldest = this.map.keys().next();
        if (oldest.done === true) break;
        this.map.delete(oldest.value);
      }
    }
    this.map.set(key, value);
  }
  /** The live entry, removed from the map when `consume`. */
  get(key: string, consume = false): V | undefined {
    const v = this.map.get(key);
    if (consume) this.map.delete(key);
    if (v === undefined || v.expiresAt <= this.now()) return undefined;
    return v;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

const str = z.string().max(4096);
const authQuerySchema = z.object({
  client_id: str.optional(),
  redirect_uri: str.optional(),
  response_type: str.optional(),
  response_mode: str.optional(),
  scope: str.optional(),
  state: str.optional(),
  nonce: str.optional(),
  code_challenge: str.optional(),
  code_challenge_method: str.optional(),
  prompt: str.optional(),
  login_hint: str.optional(),
});
const loginFormSchema = z.object({ tab_id: str, username: str.default(''), password: str.default('') });
const tokenFormSchema = z.object({
  grant_type: str.optional(),
  client_id: str.optional(),
  code: str.optional(),
  redirect_uri: str.optional(),
  code_verifier: str.optional(),
  refresh_token: z.string().max(16_384).optional(),
  username: str.optional(),
  password: str.optional(),
  scope: str.optional(),
});
const logoutParamsSchema = z.object({
  id_token_hint: z.string().max(16_384).optional(),
  post_logout_redirect_uri: str.optional(),
  client_id: str.optional(),
  state: str.optional(),
});
const userinfoBodySchema = z.object({ access_token: z.string().max(16_384).optional() }).catch({});

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function grantedScope(requested: string | undefined): string {
  const wanted = new Set((requested ?? '').split(' ').filter((s) => s !== ''));
  return [...(wanted.has('openid') ? ['openid'] : []), 'profile', 'email'].join(' ');
}

function bearerFrom(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer +(\S+) *$/i.exec(h) : null;
  return m?.[1];
}

/**
 * The routes as a Fastify plugin: register it in any Fastify instance (e.g. the Nest app's) to serve the realm
 * from the same origin. Routes are absolute (`/realms/<realm>/...`); register without a prefix.
 */
export const devIdentityProviderPlugin: FastifyPluginAsync<DevIdentityProviderOptions> = async (
  app,
  opts,
) => {
  const realm = opts.realm ?? HALL_REALM;
  const prefix = `/realms/${realm}`;
  const now = opts.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const accessTtl = opts.accessTokenTtlSeconds ?? 300;
  const refreshTtl = opts.refreshTokenTtlSeconds ?? 1800;
  const sessionMax = opts.sessionMaxSeconds ?? 36_000;
  const audience = [...(opts.audience ?? [HALL_API_CLIENT_ID, 'account'])];
  const accounts = opts.accounts ?? defaultAccounts;
  const byUsername = new Map(accounts.map((a) => [a.username.toLowerCase(), a]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const clients = new Map<string, DevClientConfig>(
    (opts.clients ?? defaultDevClients).map((c) => {
      const extra = c.standardFlow ? (opts.extraWebRedirectUris ?? []) : [];
      const extraOrigins = extra.flatMap((uri) => {
        try {
          return [`${new URL(uri).origin}/`];
        } catch {
          return [];
        }
      });
      return [
        c.clientId,
        {
          ...c,
          redirectUris: [...c.redirectUris, ...extra],
          postLogoutRedirectUris: [...(c.postLogoutRedirectUris ?? c.redirectUris), ...extra, ...extraOrigins],
        },
      ];
    }),
  );
  const key: DevSigningKey = await loadOrCreateDevSigningKey(opts.keyFile);
  const spki = (await exportSPKI(key.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');

  const logins = new ExpiringMap<PendingLogin>(now);
  const codes = new ExpiringMap<IssuedCode>(now);
  const usedCodes = new ExpiringMap<{ sid: string; expiresAt: number }>(now);
  const revokedSessions = new ExpiringMap<{ expiresAt: number }>(now, MAX_TRACKED);
  /** Live sessions: the `jti` of the one refresh token that may still be used (rotation with reuse detection). */
  const sessions = new ExpiringMap<{ refreshJti: string; expiresAt: number }>(now, MAX_TRACKED);
  /** Failed passwords per (lower-case) user name. */
  const failures = new ExpiringMap<{ count: number; lockedUntil: number; expiresAt: number }>(now, MAX_TRACKED);
  const backoff = opts.accountBackoff ?? DEFAULT_ACCOUNT_BACKOFF;

  const baseUrlOf = (request: FastifyRequest): string => {
    const configured = typeof opts.publicBaseUrl === 'function' ? opts.publicBaseUrl() : opts.publicBaseUrl;
    return (configured ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  };
  const issuerOf = (request: FastifyRequest): string => `${baseUrlOf(request)}${prefix}`;
  const oidc = (request: FastifyRequest, endpoint: string): string =>
    `${issuerOf(request)}/protocol/openid-connect/${endpoint}`;

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  // Password guessing: per client IP (request.ip honours only the host's trusted proxies), after body parsing so
  // that only password-checking requests count.
  const loginLimit = opts.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;
  if (loginLimit !== false) {
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => request.ip,
      errorResponseBuilder: (_request, context) => new LoginRateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
  }
  const countsAsLogin = (request: FastifyRequest): boolean => {
    if (request.url.split('?')[0]?.endsWith('/login-actions/authenticate')) return true;
    const body = request.body as { grant_type?: unknown } | undefined;
    return body?.grant_type === 'password';
  };
  const loginRoute =
    loginLimit === false
      ? {}
      : {
          config: {
            rateLimit: {
              max: loginLimit.max,
              timeWindow: loginLimit.timeWindowMs,
              allowList: (request: FastifyRequest) => !countsAsLogin(request),
            },
          },
        };

  // CORS for browser clients on other origins (Keycloak's web origins `+`: the origins of the redirect URIs).
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return;
    const base = baseUrlOf(request);
    const allowed = [...clients.values()].some((c) => webOriginsOf(c, base).includes(origin));
    if (!allowed) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    reply.header('access-control-allow-credentials', 'true');
  });
  for (const path of [
    '/protocol/openid-connect/token',
    '/protocol/openid-connect/userinfo',
    '/protocol/openid-connect/certs',
    '/.well-known/openid-configuration',
    '/protocol/openid-connect/logout',
  ]) {
    app.options(`${prefix}${path}`, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'Authorization, Content-Type')
        .header('access-control-max-age', '600')
        .send(),
    );
  }

  const sign = (payload: JWTPayload): Promise<string> =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);

  /**
   * Claims of the access token: who the user is for authorization (roles come separately), no personal data.
   * `uscc` (统一社会信用代码) stays: it is a business's public registration number, printed on every licence.
   */
  const accessClaims = (a: DemoAccount): Record<string, unknown> => ({
    name: a.name,
    preferred_username: a.username,
    given_name: a.name,
    email: a.email,
    email_verified: true,
    region: a.region,
    ...(a.department !== undefined && { department: a.department }),
    ...(a.departmentRole !== undefined && { department_role: a.departmentRole }),
    ...(a.uscc !== undefined && { uscc: a.uscc }),
  });
  /** Claims of the ID token and userinfo: the access token's plus the ID number (居民身份证号码) and phone number. */
  const userClaims = (a: DemoAccount): Record<string, unknown> => ({
    ...accessClaims(a),
    ...(a.idNumber !== undefined && { id_number: a.idNumber }),
    ...(a.phone !== undefined && { phone_number: a.phone }),
  });

  const issueTokens = async (s: SessionContext): Promise<Record<string, unknown>> => {
    const iat = nowSeconds();
    const iss = `${s.baseUrl}${prefix}`;
    const common = { iat, iss, sub: s.account.id, azp: s.client.clientId, sid: s.sid, auth_time: s.authTime };
    const accessToken = await sign({
      ...common,
      exp: iat + accessTtl,
      jti: randomUUID(),
      aud: audience,
      typ: 'Bearer',
      acr: '1',
      'allowed-origins': webOriginsOf(s.client, s.baseUrl),
      realm_access: {
        roles: [...s.account.roles, 'offline_access', 'uma_authorization', `default-roles-${realm}`],
      },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      scope: s.scope,
      ...accessClaims(s.account),
    });
    const refreshExp = Math.min(iat + refreshTtl, s.authTime + sessionMax);
    const refreshJti = randomUUID();
    const refreshToken = await sign({
      ...common,
      exp: refreshExp,
      jti: refreshJti,
      aud: iss,
      typ: 'Refresh',
      scope: s.scope,
    });
    // Only this refresh token may renew the session from now on.
    sessions.set(s.sid, { refreshJti, expiresAt: (s.authTime + sessionMax) * 1000 + 60_000 });
    const response: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: accessTtl,
      refresh_expires_in: refreshExp - iat,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: s.sid,
      scope: s.scope,
    };
    if (s.scope.split(' ').includes('openid')) {
      const atHash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
      response['id_token'] = await sign({
        ...common,
        exp: iat + accessTtl,
        jti: randomUUID(),
        aud: s.client.clientId,
        typ: 'ID',
        at_hash: atHash,
        acr: '1',
        ...(s.nonce !== undefined && { nonce: s.nonce }),
        ...userClaims(s.account),
      });
    }
    return response;
  };

  /** Verifies one of our own tokens (signature, issuer, expiry, typ) and that its session is alive. */
  const verifyOwn = async (request: FastifyRequest, token: string, typ: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: issuerOf(request),
      algorithms: ['RS256'],
      currentDate: new Date(now()),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload['typ'] !== typ) throw new Error(`not a ${typ} token`);
    const sid = payload['sid'];
    if (typeof sid !== 'string' || revokedSessions.get(sid) !== undefined)
      throw new Error('session not active');
    return payload;
  };

  const revokeSession = (sid: string): void => {
    sessions.delete(sid);
    revokedSessions.set(sid, { expiresAt: now() + (Math.max(refreshTtl, accessTtl) + 60) * 1000 });
  };

  const htmlError = (reply: FastifyReply, status: number, message: string): FastifyReply =>
    reply.code(status).headers(HTML_HEADERS).send(renderMessagePage('无法完成登录', message));

  const redirectWith = (
    reply: FastifyReply,
    redirectUri: string,
    mode: 'query' | 'fragment',
    params: Record<string, string | undefined>,
  ): FastifyReply => {
    const url = new URL(redirectUri);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
    if (mode === 'fragment') url.hash = search.toString();
    else for (const [k, v] of search) url.searchParams.set(k, v);
    return reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
  };

  // ---- realm info and discovery -------------------------------------------------------------------------------
  app.get(prefix, async (request) => ({
    realm,
    public_key: spki,
    'token-service': `${issuerOf(request)}/protocol/openid-connect`,
    'account-service': `${issuerOf(request)}/account`,
    'tokens-not-before': 0,
  }));

  app.get(`${prefix}/.well-known/openid-configuration`, async (request) => ({
    issuer: issuerOf(request),
    authorization_endpoint: oidc(request, 'auth'),
    token_endpoint: oidc(request, 'token'),
    userinfo_endpoint: oidc(request, 'userinfo'),
    end_session_endpoint: oidc(request, 'logout'),
    jwks_uri: oidc(request, 'certs'),
    grant_types_supported: ['authorization_code', 'refresh_token', 'password'],
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['none'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'name',
      'preferred_username',
      'given_name',
      'email',
      'email_verified',
      'department',
      'department_role',
      'region',
      'id_number',
      'uscc',
      'phone_number',
    ],
    authorization_response_iss_parameter_supported: true,
    frontchannel_logout_supported: false,
    backchannel_logout_supported: false,
  }));

  app.get(`${prefix}/protocol/openid-connect/certs`, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send({ keys: [key.publicJwk] }),
  );

  // ---- authorization code flow ---------------------------------------------------------------------------------
  app.get(`${prefix}/protocol/openid-connect/auth`, async (request, reply) => {
    const parsed = authQuerySchema.safeParse(request.query);
    if (!parsed.success) return htmlError(reply, 400, '请求参数无效（Invalid request parameters）。');
    const q = parsed.data;
    const client = q.client_id !== undefined ? clients.get(q.client_id) : undefined;
    if (client === undefined) return htmlError(reply, 400, '未知的客户端（Client not found）。');
    if (!client.standardFlow)
      return htmlError(reply, 400, '该客户端不允许浏览器登录（Standard flow is disabled）。');
    const base = baseUrlOf(request);
    if (q.redirect_uri === undefined || !isAllowedRedirectUri(q.redirect_uri, client.redirectUris, base)) {
      return htmlError(reply, 400, '无效的重定向地址（Invalid parameter: redirect_uri）。');
    }
    const mode = q.response_mode === 'fragment' ? 'fragment' : 'query';
    const fail = (error: string, description: string): FastifyReply =>
      redirectWith(reply, q.redirect_uri ?? '', mode, {
        error,
        error_description: description,
        state: q.state,
        iss: issuerOf(request),
      });
    if (q.response_mode !== undefined && q.response_mode !== 'query' && q.response_mode !== 'fragment') {
      return fail('invalid_request', 'Invalid parameter: response_mode');
    }
    if (q.response_type !== 'code')
      return fail('unsupported_response_type', 'Only response_type=code is supported');
    if (q.code_challenge_method !== 'S256')
      return fail('invalid_request', 'Missing parameter: code_challenge_method (S256)');
    if (q.code_challenge === undefined || !PKCE_CHALLENGE.test(q.code_challenge)) {
      return fail('invalid_request', 'Invalid parameter: code_challenge');
    }
    if (q.prompt === 'none') return fail('login_required', 'No session');

    const tabId = randomToken(24);
    logins.set(tabId, {
      client,
      redirectUri: q.redirect_uri,
      responseMode: mode,
      codeChallenge: q.code_challenge,
      scope: grantedScope(q.scope),
      expiresAt: now() + LOGIN_TAB_TTL_MS,
      ...(q.state !== undefined && { state: q.state }),
      ...(q.nonce !== undefined && { nonce: q.nonce }),
    });
    return reply.headers(HTML_HEADERS).send(
      renderLoginPage({
        actionUrl: `${prefix}/login-actions/authenticate`,
        tabId,
        clientId: client.clientId,
        ...(q.login_hint !== undefined && { username: q.login_hint }),
        ...(opts.exposeDemoAccounts === true && { demoAccounts: accounts }),
      }),
    );
  });

  /**
   * The account when the password is right, else undefined; throws {@link AccountLockedError} while the user name
   * waits after repeated failures (the password is then not checked at all).
   */
  const checkPassword = (username: string, password: string): DemoAccount | undefined => {
    const name = username.trim().toLowerCase();
    const t = now();
    const record = backoff === false ? undefined : failures.get(name);
    if (record !== undefined && record.lockedUntil > t) {
      throw new AccountLockedError(Math.max(1, Math.ceil((record.lockedUntil - t) / 1000)));
    }
    const account = byUsername.get(name);
    const ok = safeEqual(password, account?.password ?? randomToken());
    if (backoff === false) return ok ? account : undefined;
    if (ok && account !== undefined) {
      failures.delete(name);
      return account;
    }
    const count = (record?.count ?? 0) + 1;
    const over = count - backoff.freeFailures;
    const delaySeconds = over < 0 ? 0 : Math.min(backoff.maxDelaySeconds, backoff.baseDelaySeconds * 2 ** over);
    failures.set(name, {
      count,
      lockedUntil: t + delaySeconds * 1000,
      expiresAt: t + Math.max(backoff.resetAfterSeconds, delaySeconds) * 1000,
    });
    return undefined;
  };
  const sendAccountLocked = (reply: FastifyReply, err: AccountLockedError): FastifyReply =>
    reply
      .code(429)
      .header('retry-after', String(err.retryAfterSeconds))
      .header('cache-control', 'no-store')
      .send({
        statusCode: 429,
        code: err.code,
        message: err.message,
        details: { limit: 'account', retryAfterSeconds: err.retryAfterSeconds },
      });

  app.post(`${prefix}/login-actions/authenticate`, loginRoute, async (request, reply) => {
    const parsed = loginFormSchema.safeParse(request.body);
    if (!parsed.success) return htmlError(reply, 400, '请求参数无效（Invalid request parameters）。');
    const form = parsed.data;
    const pending = logins.get(form.tab_id);
    if (pending === undefined) return htmlError(reply, 400, '登录页面已过期，请返回应用重新登录。');
    let account: DemoAccount | undefined;
    try {
      account = checkPassword(form.username, form.password);
    } catch (err) {
      if (!(err instanceof AccountLockedError)) throw err;
      return reply
        .code(429)
        .header('retry-after', String(err.retryAfterSeconds))
        .headers(HTML_HEADERS)
        .send(
          renderLoginPage({
            actionUrl: `${prefix}/login-actions/authenticate`,
            tabId: form.tab_id,
            clientId: pending.client.clientId,
            username: form.username,
            error: `登录失败次数过多，请 ${err.retryAfterSeconds} 秒后再试（Too many failed attempts）。`,
            ...(opts.exposeDemoAccounts === true && { demoAccounts: accounts }),
          }),
        );
    }
    if (account === undefined) {
      return reply
        .code(200)
        .headers(HTML_HEADERS)
        .send(
          renderLoginPage({
            actionUrl: `${prefix}/login-actions/authenticate`,
            tabId: form.tab_id,
            clientId: pending.client.clientId,
            username: form.username,
            error: '用户名或密码错误（Invalid username or password）。',
            ...(opts.exposeDemoAccounts === true && { demoAccounts: accounts }),
          }),
        );
    }
    logins.delete(form.tab_id);
    const sid = randomUUID();
    const code = randomToken(32);
    codes.set(code, {
      clientId: pending.client.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      scope: pending.scope,
      accountId: account.id,
      sid,
      authTime: nowSeconds(),
      expiresAt: now() + CODE_TTL_MS,
      ...(pending.nonce !== undefined && { nonce: pending.nonce }),
    });
    return redirectWith(reply, pending.redirectUri, pending.responseMode, {
      code,
      state: pending.state,
      session_state: sid,
      iss: issuerOf(request),
    });
  });

  // ---- token endpoint ------------------------------------------------------------------------------------------
  const tokenGrant = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
    const parsed = tokenFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'Invalid request parameters');
    const body = parsed.data;
    const client = body.client_id !== undefined ? clients.get(body.client_id) : undefined;
    if (client === undefined)
      throw new OAuthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    const baseUrl = baseUrlOf(request);

    switch (body.grant_type) {
      case 'authorization_code': {
        if (!client.standardFlow)
          throw new OAuthError(400, 'unauthorized_client', 'Client not allowed to exchange code');
        if (body.code === undefined) throw new OAuthError(400, 'invalid_request', 'Missing parameter: code');
        const code = codes.get(body.code, true);
        if (code === undefined) {
          const replay = usedCodes.get(body.code);
          if (replay !== undefined) revokeSession(replay.sid); // a replayed code ends its session (RFC 6749 4.1.2)
          throw new OAuthError(400, 'invalid_grant', 'Code not valid');
        }
        usedCodes.set(body.code, { sid: code.sid, expiresAt: now() + 10 * CODE_TTL_MS });
        if (code.clientId !== client.clientId) throw new OAuthError(400, 'invalid_grant', 'Code not valid');
        if (body.redirect_uri !== code.redirectUri)
          throw new OAuthError(400, 'invalid_grant', 'Incorrect redirect_uri');
        if (body.code_verifier === undefined)
          throw new OAuthError(400, 'invalid_grant', 'PKCE code verifier not specified');
        if (!PKCE_VERIFIER.test(body.code_verifier))
          throw new OAuthError(400, 'invalid_grant', 'Invalid code verifier');
        if (!safeEqual(sha256(body.code_verifier).toString('base64url'), code.codeChallenge)) {
          throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed: Code mismatch');
        }
        const account = byId.get(code.accountId);
        if (account === undefined) throw new OAuthError(400, 'invalid_grant', 'User not found');
        return issueTokens({
          baseUrl,
          client,
          account,
          sid: code.sid,
          scope: code.scope,
          authTime: code.authTime,
          ...(code.nonce !== undefined && { nonce: code.nonce }),
        });
      }
      case 'refresh_token': {
        if (body.refresh_token === undefined)
          throw new OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token');
        let payload: JWTPayload;
        try {
          payload = await verifyOwn(request, body.refresh_token, 'Refresh');
        } catch {
          throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
        }
        if (payload['azp'] !== client.clientId)
          throw new OAuthError(
            400,
            'invalid_grant',
            "Invalid refresh token. Token client and authorized client don't match",
          );
        const account = typeof payload.sub === 'string' ? byId.get(payload.sub) : undefined;
        const authTime = payload['auth_time'];
        const sid = payload['sid'];
        const scope = payload['scope'];
        if (
          account === undefined ||
          typeof authTime !== 'number' ||
          typeof sid !== 'string' ||
          typeof scope !== 'string'
        ) {
          throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
        }
        if (nowSeconds() >= authTime + sessionMax)
          throw new OAuthError(400, 'invalid_grant', 'Session not active');
        // Rotation: only the newest refresh token of the session renews it. An older one presented again was
        // copied (or the client misbehaves): end the session, so the copy and the original both stop working.
        // A session this process does not know (restarted with a persisted key) starts over with this token.
        const live = sessions.get(sid);
        if (typeof payload.jti !== 'string' || (live !== undefined && live.refreshJti !== payload.jti)) {
          revokeSession(sid);
          throw new OAuthError(400, 'invalid_grant', 'Stale token: refresh token already used; session ended');
        }
        // Consumed before anything is awaited: a concurrent second use of the same token counts as reuse.
        sessions.set(sid, { refreshJti: '', expiresAt: (authTime + sessionMax) * 1000 + 60_000 });
        return issueTokens({ baseUrl, client, account, sid, scope, authTime });
      }
      case 'password': {
        if (!client.directAccessGrants) {
          throw new OAuthError(400, 'unauthorized_client', 'Client not allowed for direct access grants');
        }
        const account = checkPassword(body.username ?? '', body.password ?? '');
        if (account === undefined) throw new OAuthError(401, 'invalid_grant', 'Invalid user credentials');
        return issueTokens({
          baseUrl,
          client,
          account,
          sid: randomUUID(),
          scope: grantedScope(body.scope),
          authTime: nowSeconds(),
        });
      }
      default:
        throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    }
  };

  app.post(`${prefix}/protocol/openid-connect/token`, loginRoute, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      return reply.send(await tokenGrant(request));
    } catch (err) {
      if (err instanceof AccountLockedError) return sendAccountLocked(reply, err);
      if (!(err instanceof OAuthError)) throw err;
      return reply.code(err.status).send({ error: err.error, error_description: err.message });
    }
  });

  // ---- userinfo ------------------------------------------------------------------------------------------------
  const userinfo = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('cache-control', 'no-store');
    const token =
      bearerFrom(request) ??
      (request.method === 'POST' ? userinfoBodySchema.parse(request.body).access_token : undefined);
    try {
      if (token === undefined) throw new Error('missing token');
      const payload = await verifyOwn(request, token, 'Bearer');
      const account = typeof payload.sub === 'string' ? byId.get(payload.sub) : undefined;
      if (account === undefined) throw new Error('user not found');
      // Unlike recent Keycloak versions, a token without the `openid` scope is served too (dev scripts' password
      // grants ask for no scope); against Keycloak, ask for `scope=openid` (the web app and fetchTokenWithPassword do).
      return reply.send({ sub: account.id, ...userClaims(account) });
    } catch {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="' + realm + '", error="invalid_token"')
        .send({ error: 'invalid_token', error_description: 'Token verification failed' });
    }
  };
  app.get(`${prefix}/protocol/openid-connect/userinfo`, userinfo);
  app.post(`${prefix}/protocol/openid-connect/userinfo`, userinfo);

  // ---- logout --------------------------------------------------------------------------------------------------
  const logout = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const parsed = logoutParamsSchema.safeParse(
      request.method === 'POST' ? (request.body ?? {}) : request.query,
    );
    if (!parsed.success) return htmlError(reply, 400, '请求参数无效（Invalid request parameters）。');
    const p = parsed.data;
    let hintClientId: string | undefined;
    if (p.id_token_hint !== undefined) {
      // An expired ID token is still a valid hint; its signature and issuer must be ours.
      try {
        const { payload } = await compactVerify(p.id_token_hint, key.publicKey, { algorithms: ['RS256'] });
        const claims = z
          .object({
            iss: z.literal(issuerOf(request)),
            typ: z.literal('ID'),
            azp: z.string(),
            sid: z.string(),
          })
          .parse(JSON.parse(new TextDecoder().decode(payload)));
        hintClientId = claims.azp;
        revokeSession(claims.sid);
      } catch {
        return htmlError(reply, 400, '无效的 id_token_hint（Invalid id_token_hint）。');
      }
    }
    if (p.client_id !== undefined && hintClientId !== undefined && p.client_id !== hintClientId) {
      return htmlError(reply, 400, 'client_id 与 id_token_hint 不一致。');
    }
    const clientId = hintClientId ?? p.client_id;
    if (p.post_logout_redirect_uri !== undefined) {
      const client = clientId !== undefined ? clients.get(clientId) : undefined;
      const allowed = client?.postLogoutRedirectUris ?? client?.redirectUris ?? [];
      if (
        client === undefined ||
        !isAllowedRedirectUri(p.post_logout_redirect_uri, allowed, baseUrlOf(request))
      ) {
        return htmlError(reply, 400, '无效的退出重定向地址（Invalid redirect uri）。');
      }
      return redirectWith(reply, p.post_logout_redirect_uri, 'query', { state: p.state });
    }
    return reply
      .headers(HTML_HEADERS)
      .send(renderMessagePage('已退出登录', '您已退出一网通办统一身份认证。'));
  };
  app.get(`${prefix}/protocol/openid-connect/logout`, logout);
  app.post(`${prefix}/protocol/openid-connect/logout`, logout);

  // ---- demo accounts (embedded mode only) ----------------------------------------------------------------------
  if (opts.exposeDemoAccounts === true) {
    app.get(`${prefix}/demo-accounts`, async (_request, reply) =>
      reply.header('cache-control', 'no-store').send(
        accounts.map((a) => ({
          username: a.username,
          password: a.password,
          name: a.name,
          roles: a.roles,
          department: a.department ?? null,
          departmentName: a.department !== undefined ? DEPARTMENT_NAMES[a.department] : null,
          departmentRole: a.departmentRole ?? null,
          region: a.region,
          regionName: REGION_NAMES[a.region],
          kind: a.kind,
          description: a.description,
        })),
      ),
    );
  }
};

/**
 * Builds a Fastify instance serving the dev identity provider (not listening: call `listen()`, or use
 * `inject()`/`routing()`; to share a port with a Nest app, register {@link devIdentityProviderPlugin} instead).
 */
export async function buildDevIdentityProvider(
  opts: DevIdentityProviderOptions = {},
): Promise<FastifyInstance> {
  const hops = opts.trustProxyHops ?? 0;
  const app = fastify({
    logger: opts.logger ?? false,
    // Creating the signing key can take seconds on a loaded machine; Fastify's default 10 s plugin timeout
    // would then fail a start that is only slow.
    pluginTimeout: 120_000,
    // X-Forwarded-For is read only as far as the configured proxies reach: a spoofed entry never becomes request.ip.
    trustProxy: hops > 0 ? (_address: string, hop: number) => hop < hops : false,
  });
  if (opts.maxConnectionsPerIp !== undefined) {
    limitConnectionsPerAddress(app.server, { maxPerAddress: opts.maxConnectionsPerIp });
  }
  await app.register(devIdentityProviderPlugin, opts);
  return app;
}

export interface RunningDevIdentityProvider {
  readonly app: FastifyInstance;
  /** `http://<host>:<port>` */
  readonly baseUrl: string;
  /** `<baseUrl>/realms/<realm>` (the issuer) */
  readonly realmUrl: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the provider on `host:port` (default 127.0.0.1 and a random free port), with the issuer
 * derived from the address actually bound. For tests and local tools.
 */
export async function startDevIdentityProvider(
  opts: Omit<DevIdentityProviderOptions, 'publicBaseUrl'> & { host?: string; port?: number } = {},
): Promise<RunningDevIdentityProvider> {
  const { host = '127.0.0.1', port = 0, ...rest } = opts;
  let baseUrl = '';
  const app = await buildDevIdentityProvider({ ...rest, publicBaseUrl: () => baseUrl });
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    app,
    baseUrl,
    realmUrl: `${baseUrl}/realms/${rest.realm ?? HALL_REALM}`,
    close: () => app.close(),
  };
}
