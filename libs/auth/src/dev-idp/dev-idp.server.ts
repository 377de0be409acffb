/**
 * Dev identity provider: looks like Keycloak realm `hall` to clients (same endpoints, same token shape, same
 * single sign-on behaviour), for the embedded runtime and tests where no Keycloak can run. NOT for production.
 * Its clients, users, roles and lifetimes come from the realm export Keycloak imports
 * (deploy/keycloak/realm-hall.json, see dev-idp.realm.ts): one realm, two servers.
 *
 * Endpoints under `/realms/<realm>`:
 *   GET  /                                          realm info (public key, like Keycloak)
 *   GET  /.well-known/openid-configuration          discovery
 *   GET  /protocol/openid-connect/auth              authorization code + PKCE S256 (login page, or SSO)
 *   POST /login-actions/authenticate                login form target
 *   POST /protocol/openid-connect/token             authorization_code, refresh_token (rotated), password
 *   POST /protocol/openid-connect/revoke            RFC 7009 token revocation
 *   POST /protocol/openid-connect/token/introspect  RFC 7662 introspection (confidential clients)
 *   GET  /protocol/openid-connect/certs             JWKS (RS256, kid)
 *   GET|POST /protocol/openid-connect/userinfo
 *   GET|POST /protocol/openid-connect/logout        ends the SSO session (confirmation without id_token_hint)
 *   GET  /protocol/openid-connect/login-status-iframe.html (+ /init)   session status frame (check_session_iframe)
 *   GET  /protocol/openid-connect/3p-cookies/step1.html, step2.html    keycloak-js third-party cookie check
 *   GET  /account                                   the signed-in user's profile (keycloak-js loadUserProfile)
 *   GET  /demo-accounts                             only with `exposeDemoAccounts` (else 404)
 *
 * SSO sessions (like Keycloak's): a successful login sets the HttpOnly session cookie `KEYCLOAK_IDENTITY` (a
 * signed reference to the session) and `KEYCLOAK_SESSION` (a hash of the session id, read by the status frame),
 * both SameSite=Lax, Secure under HTTPS, path `/realms/<realm>/`. While the session lives, authorization requests
 * get a code without the login form (`prompt=none` included); `prompt=login` and `max_age` ask for the password
 * again (`auth_time`). The session ends after `ssoSessionIdleTimeout` without use, `ssoSessionMaxLifespan` after
 * login, or at logout, which also ends every refresh and access token of it.
 *
 * Tokens: access tokens carry no personal data (no ID or phone number: they travel with every API call and end up
 * in proxies, logs and browser storage); the ID token and userinfo do. Refresh tokens rotate: each refresh answers
 * a new one, and presenting an already used one ends the session (RFC 9700 §4.14.2); each login of a client (each
 * tab) has its own rotation chain. Passwords: per-IP rate limit (loose: a government office behind one NAT
 * address), per-account back-off after repeated failures.
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
import type { DemoAccount } from '../demo-accounts.data.js';
import { DEPARTMENT_NAMES, REGION_NAMES } from '../identity/org-units.js';
import { limitConnectionsPerAddress } from './connection-limit.js';
import {
  frontchannelLogoutPage,
  IDENTITY_COOKIE,
  LOGIN_STATUS_IFRAME,
  SESSION_STATE_COOKIE,
  sessionStateHash,
  THIRD_PARTY_COOKIES_STEP1,
  THIRD_PARTY_COOKIES_STEP2,
  type AdapterPage,
} from './dev-idp.adapter-pages.js';
import {
  HALL_API_CLIENT_ID,
  HALL_REALM,
  isAllowedRedirectUri,
  isAllowedWebOrigin,
  resolveUriPattern,
  webOriginsOf,
  type DevClientConfig,
} from './dev-idp.clients.js';
import { loadOrCreateDevSigningKey, type DevSigningKey } from './dev-idp.keys.js';
import {
  HTML_HEADERS,
  renderLoginPage,
  renderLogoutConfirmPage,
  renderMessagePage,
} from './dev-idp.login-page.js';
import { loadRealmExport } from './dev-idp.realm.js';

export interface DevIdentityProviderOptions {
  /**
   * Origin (and optional path prefix) clients use to reach the provider, e.g. `http://localhost:3000`; the issuer
   * is `<publicBaseUrl>/realms/<realm>` whatever Host a request carries (Keycloak's `hostname` setting). A
   * function is read on every request (handy when listening on port 0). Omitted: taken from each request's
   * protocol and Host header, as Keycloak does without a configured hostname.
   */
  readonly publicBaseUrl?: string | (() => string);
  /** Keycloak realm export to serve. Default: the repository's deploy/keycloak/realm-hall.json. */
  readonly realmFile?: string | URL;
  /** Realm name. Default: the realm export's (`hall`). */
  readonly realm?: string;
  /** Private JWK file (created with mode 0600 when missing) so tokens survive restarts. Omitted: in-memory key. */
  readonly keyFile?: string;
  /** Serve `GET /realms/<realm>/demo-accounts` and list the accounts on the login page. Default false. */
  readonly exposeDemoAccounts?: boolean;
  /** Users. Default: the realm export's users (the demo accounts). */
  readonly accounts?: readonly DemoAccount[];
  /**
   * Clients. Default: the realm export's. A standard-flow client also accepts the paths of its redirect URIs
   * (and post-logout redirect URIs) on the provider's own public origin, so the embedded hall works on any port.
   */
  readonly clients?: readonly DevClientConfig[];
  /** More clients next to the realm's (tests: another application registered in the realm). */
  readonly extraClients?: readonly DevClientConfig[];
  /**
   * More exact redirect URIs for the standard-flow clients, e.g. another dev server's `http://localhost:5174/auth/callback`
   * (also accepted as `post_logout_redirect_uri`s, with the origin's `/`, and as web origins).
   */
  readonly extraWebRedirectUris?: readonly string[];
  /** Access token lifetime. Default: the realm's `accessTokenLifespan` (300 s). */
  readonly accessTokenTtlSeconds?: number;
  /**
   * SSO session idle timeout (also the refresh token lifetime): the session ends after this long without a login,
   * SSO authorization or refresh. Default: the realm's `ssoSessionIdleTimeout` (1800 s).
   */
  readonly refreshTokenTtlSeconds?: number;
  /** SSO session max lifespan since login. Default: the realm's `ssoSessionMaxLifespan` (36000 s). */
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
   * `resetAfterSeconds` after the last one. `false` disables it. Default: the realm's brute force settings
   * ({@link DEFAULT_ACCOUNT_BACKOFF}).
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

const MAX_PENDING = 10_000;
/** Sessions and per-account failure counts kept (oldest dropped beyond). */
const MAX_TRACKED = 100_000;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** Access token jtis remembered per rotation chain (revoking its refresh token revokes them too). */
const MAX_ACCESS_JTIS_PER_CHAIN = 64;

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

/** An SSO session (Keycloak's user session): one login, shared by every client the browser signs in to. */
interface SsoSession {
  readonly sid: string;
  readonly accountId: string;
  /** Seconds: when the user last typed the password (`auth_time`). */
  authTime: number;
  /** Seconds: when the session started (max lifespan counts from here). */
  readonly startedAt: number;
  /** Ms: last login, SSO authorization or refresh (idle timeout counts from here). */
  lastSeen: number;
  /** Clients signed in with this session (front-channel logout). */
  readonly clients: Set<string>;
  /** Ms: the max lifespan end; the idle end is checked on every use. */
  readonly expiresAt: number;
}

/** One client login's refresh token rotation chain (Keycloak's client session). */
interface TokenChain {
  readonly sid: string;
  readonly clientId: string;
  /** The one refresh token `jti` that may still be used ('' while a refresh is in progress). */
  refreshJti: string;
  readonly accessJtis: string[];
  revoked: boolean;
  readonly expiresAt: number;
}

interface SessionContext {
  readonly baseUrl: string;
  readonly client: DevClientConfig;
  readonly account: DemoAccount;
  readonly session: SsoSession;
  readonly scope: string;
  readonly nonce?: string;
  /** Continue this rotation chain (refresh); omitted: a new chain (a new client login). */
  readonly chainId?: string;
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
  max_age: str.optional(),
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
  client_secret: str.optional(),
  username: str.optional(),
  password: str.optional(),
  scope: str.optional(),
});
const tokenOperationSchema = z.object({
  token: z.string().max(16_384).optional(),
  token_type_hint: str.optional(),
  client_id: str.optional(),
  client_secret: str.optional(),
});
const statusInitSchema = z.object({ client_id: str, origin: str });
const logoutConfirmSchema = z.object({ session_code: str });
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

/** `Authorization: Basic` client credentials (RFC 6749 §2.3.1: form-encoded id and secret). */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | 'malformed' | undefined {
  const h = request.headers.authorization;
  const m = typeof h === 'string' ? /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(h) : null;
  if (m?.[1] === undefined) return typeof h === 'string' && /^Basic\b/i.test(h) ? 'malformed' : undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const unform = (v: string): string => decodeURIComponent(v.replace(/\+/g, ' '));
  try {
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/** One cookie from the Cookie header. */
function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
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
  const realmDef = await loadRealmExport(opts.realmFile);
  const realm = opts.realm ?? realmDef.realm;
  const prefix = `/realms/${realm}`;
  const now = opts.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const accessTtl = opts.accessTokenTtlSeconds ?? realmDef.accessTokenLifespan;
  const sessionIdle = opts.refreshTokenTtlSeconds ?? realmDef.ssoSessionIdleTimeout;
  const sessionMax = opts.sessionMaxSeconds ?? realmDef.ssoSessionMaxLifespan;
  const codeTtlMs = realmDef.accessCodeLifespan * 1000;
  const loginTabTtlMs = realmDef.accessCodeLifespanLogin * 1000;
  const audience = [...(opts.audience ?? [HALL_API_CLIENT_ID, 'account'])];
  const accounts = opts.accounts ?? realmDef.accounts;
  const byUsername = new Map(accounts.map((a) => [a.username.toLowerCase(), a]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const extra = opts.extraWebRedirectUris ?? [];
  const originRoot = (uri: string): string[] => {
    try {
      return [`${new URL(uri).origin}/`];
    } catch {
      return [];
    }
  };
  /** The same paths on the provider's own origin (root-relative patterns), for the standard-flow clients. */
  const ownOrigin = (uris: readonly string[]): string[] =>
    uris.flatMap((u) => {
      if (u.startsWith('/')) return [];
      try {
        const url = new URL(u.replace(/\*$/, ''));
        return [`${url.pathname}${url.search}${u.endsWith('*') ? '*' : ''}`];
      } catch {
        return [];
      }
    });
  const clients = new Map<string, DevClientConfig>(
    [...(opts.clients ?? realmDef.clients), ...(opts.extraClients ?? [])].map((c) => {
      if (!c.standardFlow) return [c.clientId, c];
      const postLogout = c.postLogoutRedirectUris ?? c.redirectUris;
      return [
        c.clientId,
        {
          ...c,
          redirectUris: [...new Set([...c.redirectUris, ...ownOrigin(c.redirectUris), ...extra])],
          postLogoutRedirectUris: [
            ...new Set([...postLogout, ...ownOrigin(postLogout), ...extra, ...extra.flatMap(originRoot)]),
          ],
        },
      ];
    }),
  );
  const key: DevSigningKey = await loadOrCreateDevSigningKey(opts.keyFile);
  const spki = (await exportSPKI(key.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');

  const logins = new ExpiringMap<PendingLogin>(now);
  const codes = new ExpiringMap<IssuedCode>(now);
  const usedCodes = new ExpiringMap<{ sid: string; expiresAt: number }>(now);
  /** Sessions ended (logout, idle, reuse): their cookies and tokens are refused until they could not be valid. */
  const endedSessions = new ExpiringMap<{ expiresAt: number }>(now, MAX_TRACKED);
  const ssoSessions = new ExpiringMap<SsoSession>(now, MAX_TRACKED);
  const chains = new ExpiringMap<TokenChain>(now, MAX_TRACKED);
  const revokedAccessTokens = new ExpiringMap<{ expiresAt: number }>(now, MAX_TRACKED);
  /** Logout confirmations waiting for the user's click (code → session). */
  const logoutConfirmations = new ExpiringMap<{
    sid: string;
    clientId?: string;
    redirect?: string;
    state?: string;
    expiresAt: number;
  }>(now);
  /** Failed passwords per (lower-case) user name. */
  const failures = new ExpiringMap<{ count: number; lockedUntil: number; expiresAt: number }>(
    now,
    MAX_TRACKED,
  );
  const backoff = opts.accountBackoff ?? realmDef.bruteForce ?? false;

  const baseUrlOf = (request: FastifyRequest): string => {
    const configured = typeof opts.publicBaseUrl === 'function' ? opts.publicBaseUrl() : opts.publicBaseUrl;
    return (configured ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  };
  const issuerOf = (request: FastifyRequest): string => `${baseUrlOf(request)}${prefix}`;
  const oidc = (request: FastifyRequest, endpoint: string): string =>
    `${issuerOf(request)}/protocol/openid-connect/${endpoint}`;
  const allowedOrigin = (origin: string, base: string): boolean =>
    [...clients.values()].some((c) => isAllowedWebOrigin(c, origin, base));

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  // Password guessing: per client IP (request.ip honours only the host's trusted proxies), after body parsing so
  // that only password-checking requests count.
  const loginLimit = opts.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;
  if (loginLimit !== false) {
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => request.ip,
      errorResponseBuilder: (_request, context) =>
        new LoginRateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
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

  // CORS for browser clients on other origins (the clients' web origins; `+`: the origins of their redirect URIs).
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowedOrigin(origin, baseUrlOf(request))) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    reply.header('access-control-allow-credentials', 'true');
  });
  for (const path of [
    '',
    '/.well-known/openid-configuration',
    '/protocol/openid-connect/token',
    '/protocol/openid-connect/token/introspect',
    '/protocol/openid-connect/revoke',
    '/protocol/openid-connect/userinfo',
    '/protocol/openid-connect/certs',
    '/protocol/openid-connect/logout',
    '/account',
    '/account/',
  ]) {
    app.options(`${prefix}${path}`, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'Authorization, Content-Type, Accept')
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

  // ---- SSO sessions --------------------------------------------------------------------------------------------
  const endSession = (sid: string): void => {
    ssoSessions.delete(sid);
    // Refused for as long as any cookie or token of the session could still be presented.
    endedSessions.set(sid, { expiresAt: now() + (sessionMax + 60) * 1000 });
  };
  /** The live session, or undefined (ended, past its max lifespan, idle too long: then it is ended now). */
  const liveSession = (sid: string): SsoSession | undefined => {
    if (endedSessions.get(sid) !== undefined) return undefined;
    const s = ssoSessions.get(sid);
    if (s === undefined) return undefined;
    if (now() >= s.lastSeen + sessionIdle * 1000) {
      endSession(sid);
      return undefined;
    }
    return s;
  };
  const startSession = (
    accountId: string,
    sid: string = randomUUID(),
    authTime = nowSeconds(),
    startedAt = authTime,
  ): SsoSession => {
    const s: SsoSession = {
      sid,
      accountId,
      authTime,
      startedAt,
      lastSeen: now(),
      clients: new Set(),
      expiresAt: (startedAt + sessionMax) * 1000,
    };
    ssoSessions.set(sid, s);
    return s;
  };
  /**
   * The session a token or cookie names. One this process does not know (restarted with a persisted key) is taken
   * up again from the token's claims; an ended one is undefined.
   */
  const sessionOf = (
    sid: string,
    accountId: string,
    authTime: number,
    startedAt: number,
  ): SsoSession | undefined => {
    const live = liveSession(sid);
    if (live !== undefined) return live.accountId === accountId ? live : undefined;
    if (endedSessions.get(sid) !== undefined || nowSeconds() >= startedAt + sessionMax) return undefined;
    return startSession(accountId, sid, authTime, startedAt);
  };
  const touch = (s: SsoSession): void => {
    s.lastSeen = now();
  };

  const secureCookies = (request: FastifyRequest): boolean => baseUrlOf(request).startsWith('https:');
  const cookieAttributes = (request: FastifyRequest): string =>
    `Path=${prefix}/; SameSite=Lax${secureCookies(request) ? '; Secure' : ''}`;
  const setSessionCookies = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: SsoSession,
  ): Promise<void> => {
    const identity = await sign({
      iss: issuerOf(request),
      sub: s.accountId,
      sid: s.sid,
      typ: 'Serialized-ID',
      auth_time: s.authTime,
      iat: s.startedAt,
      exp: s.startedAt + sessionMax,
    });
    const attributes = cookieAttributes(request);
    reply.header('set-cookie', [
      `${IDENTITY_COOKIE}=${identity}; ${attributes}; HttpOnly`,
      `${SESSION_STATE_COOKIE}=${sessionStateHash(s.sid)}; ${attributes}`,
    ]);
  };
  const clearSessionCookies = (request: FastifyRequest, reply: FastifyReply): void => {
    const attributes = `${cookieAttributes(request)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    reply.header('set-cookie', [
      `${IDENTITY_COOKIE}=; ${attributes}; HttpOnly`,
      `${SESSION_STATE_COOKIE}=; ${attributes}`,
    ]);
  };
  /** The browser's SSO session (from its session cookie), if it lives. */
  const browserSession = async (request: FastifyRequest): Promise<SsoSession | undefined> => {
    const cookie = cookieValue(request, IDENTITY_COOKIE);
    if (cookie === undefined || cookie === '') return undefined;
    try {
      const { payload } = await jwtVerify(cookie, key.publicKey, {
        issuer: issuerOf(request),
        algorithms: ['RS256'],
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      });
      const { sub, sid, typ, iat } = payload;
      const authTime = payload['auth_time'];
      if (typ !== 'Serialized-ID' || typeof sid !== 'string' || typeof sub !== 'string') return undefined;
      if (typeof authTime !== 'number' || typeof iat !== 'number' || !byId.has(sub)) return undefined;
      return sessionOf(sid, sub, authTime, iat);
    } catch {
      return undefined;
    }
  };

  // ---- tokens --------------------------------------------------------------------------------------------------
  const issueTokens = async (s: SessionContext): Promise<Record<string, unknown>> => {
    const iat = nowSeconds();
    const iss = `${s.baseUrl}${prefix}`;
    const { session } = s;
    touch(session);
    session.clients.add(s.client.clientId);
    const common = {
      iat,
      iss,
      sub: s.account.id,
      azp: s.client.clientId,
      sid: session.sid,
      auth_time: session.authTime,
    };
    const accessJti = randomUUID();
    const accessToken = await sign({
      ...common,
      exp: iat + accessTtl,
      jti: accessJti,
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
    const refreshExp = Math.min(iat + sessionIdle, session.startedAt + sessionMax);
    // jti `<chain>.<random>`: the chain (one client login) rotates on its own; a reused jti ends the session.
    const chainId = s.chainId ?? randomToken(12);
    const refreshJti = `${chainId}.${randomUUID()}`;
    const refreshToken = await sign({
      ...common,
      exp: refreshExp,
      jti: refreshJti,
      aud: iss,
      typ: 'Refresh',
      scope: s.scope,
    });
    const previous = chains.get(chainId);
    chains.set(chainId, {
      sid: session.sid,
      clientId: s.client.clientId,
      refreshJti,
      accessJtis: [...(previous?.accessJtis ?? []), accessJti].slice(-MAX_ACCESS_JTIS_PER_CHAIN),
      revoked: false,
      expiresAt: session.expiresAt + 60_000,
    });
    const response: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: accessTtl,
      refresh_expires_in: refreshExp - iat,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: session.sid,
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

  const chainIdOf = (jti: unknown): string | undefined =>
    typeof jti === 'string' && jti.includes('.') ? jti.slice(0, jti.indexOf('.')) : undefined;

  /**
   * Verifies one of our own tokens (signature, issuer, expiry, typ) and that neither its session nor the token
   * itself (revocation) has ended.
   */
  const verifyOwn = async (request: FastifyRequest, token: string, typ: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: issuerOf(request),
      algorithms: ['RS256'],
      currentDate: new Date(now()),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload['typ'] !== typ) throw new Error(`not a ${typ} token`);
    const sid = payload['sid'];
    if (typeof sid !== 'string' || endedSessions.get(sid) !== undefined)
      throw new Error('session not active');
    const live = ssoSessions.get(sid);
    if (live !== undefined && liveSession(sid) === undefined) throw new Error('session not active');
    if (typeof payload.jti === 'string' && revokedAccessTokens.get(payload.jti) !== undefined)
      throw new Error('token revoked');
    if (typ === 'Refresh' && chains.get(chainIdOf(payload.jti) ?? '')?.revoked === true)
      throw new Error('token revoked');
    return payload;
  };

  const revokeChain = (chainId: string): void => {
    const chain = chains.get(chainId);
    if (chain === undefined) return;
    chain.revoked = true;
    for (const jti of chain.accessJtis)
      revokedAccessTokens.set(jti, { expiresAt: now() + (accessTtl + 60) * 1000 });
  };

  /**
   * Client authentication as Keycloak accepts it: a public client by `client_id` (in the body, or as the user of
   * HTTP Basic, whatever the password); a confidential one by its secret (`client_secret_basic` or
   * `client_secret_post`).
   */
  const authenticateClient = (
    request: FastifyRequest,
    body: { client_id?: string | undefined; client_secret?: string | undefined },
  ): DevClientConfig => {
    const basic = basicCredentials(request);
    if (basic === 'malformed') throw new OAuthError(401, 'invalid_client', 'Invalid client credentials');
    if (basic !== undefined && body.client_id !== undefined && body.client_id !== basic.id)
      throw new OAuthError(400, 'invalid_request', 'Inconsistent client credentials');
    if (basic !== undefined && body.client_secret !== undefined)
      throw new OAuthError(400, 'invalid_request', 'Multiple client authentication methods');
    const id = basic?.id ?? body.client_id;
    const client = id !== undefined ? clients.get(id) : undefined;
    if (client === undefined)
      throw new OAuthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (client.publicClient !== false) return client;
    const secret = basic?.secret ?? body.client_secret;
    if (client.secret === undefined || secret === undefined || !safeEqual(secret, client.secret))
      throw new OAuthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
    return client;
  };
  const sendOAuthError = (reply: FastifyReply, err: OAuthError, request: FastifyRequest): FastifyReply => {
    if (err.status === 401 && basicCredentials(request) !== undefined)
      reply.header('www-authenticate', `Basic realm="${realm}"`);
    return reply
      .code(err.status)
      .header('cache-control', 'no-store')
      .send({ error: err.error, error_description: err.message });
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
  const sendPage = (
    reply: FastifyReply,
    page: AdapterPage,
    frameAncestors: readonly string[],
  ): FastifyReply => reply.code(200).headers(page.headers(frameAncestors)).send(page.html);

  // ---- realm info and discovery -------------------------------------------------------------------------------
  app.get(prefix, async (request) => ({
    realm,
    public_key: spki,
    'token-service': `${issuerOf(request)}/protocol/openid-connect`,
    'account-service': `${issuerOf(request)}/account`,
    'tokens-not-before': 0,
  }));

  const clientAuthMethods = ['none', 'client_secret_basic', 'client_secret_post'];
  app.get(`${prefix}/.well-known/openid-configuration`, async (request) => ({
    issuer: issuerOf(request),
    authorization_endpoint: oidc(request, 'auth'),
    token_endpoint: oidc(request, 'token'),
    introspection_endpoint: oidc(request, 'token/introspect'),
    userinfo_endpoint: oidc(request, 'userinfo'),
    end_session_endpoint: oidc(request, 'logout'),
    revocation_endpoint: oidc(request, 'revoke'),
    check_session_iframe: oidc(request, 'login-status-iframe.html'),
    jwks_uri: oidc(request, 'certs'),
    grant_types_supported: ['authorization_code', 'refresh_token', 'password'],
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['none'],
    token_endpoint_auth_methods_supported: clientAuthMethods,
    revocation_endpoint_auth_methods_supported: clientAuthMethods,
    introspection_endpoint_auth_methods_supported: clientAuthMethods.filter((m) => m !== 'none'),
    code_challenge_methods_supported: ['S256'],
    prompt_values_supported: ['none', 'login'],
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
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    backchannel_logout_supported: false,
    backchannel_logout_session_supported: false,
  }));

  app.get(`${prefix}/protocol/openid-connect/certs`, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send({ keys: [key.publicJwk] }),
  );

  // ---- keycloak-js adapter frames ------------------------------------------------------------------------------
  /** Origins that may embed the adapter frames: every client's web origins. */
  const frameAncestors = (request: FastifyRequest): string[] => {
    const base = baseUrlOf(request);
    const origins = new Set<string>(["'self'"]);
    for (const c of clients.values()) for (const o of webOriginsOf(c, base)) origins.add(o);
    return [...origins];
  };
  app.get(`${prefix}/protocol/openid-connect/3p-cookies/step1.html`, async (request, reply) =>
    sendPage(reply, THIRD_PARTY_COOKIES_STEP1, frameAncestors(request)),
  );
  app.get(`${prefix}/protocol/openid-connect/3p-cookies/step2.html`, async (request, reply) =>
    sendPage(reply, THIRD_PARTY_COOKIES_STEP2, frameAncestors(request)),
  );
  app.get(`${prefix}/protocol/openid-connect/login-status-iframe.html`, async (request, reply) =>
    sendPage(reply, LOGIN_STATUS_IFRAME, frameAncestors(request)),
  );
  // The status frame asks once whether the client may watch the session from the embedding origin.
  app.get(`${prefix}/protocol/openid-connect/login-status-iframe.html/init`, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = statusInitSchema.safeParse(request.query);
    const client = parsed.success ? clients.get(parsed.data.client_id) : undefined;
    const ok =
      parsed.success &&
      client !== undefined &&
      client.standardFlow &&
      isAllowedWebOrigin(client, parsed.data.origin, baseUrlOf(request));
    return reply.code(ok ? 204 : 403).send();
  });

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
    const redirectUri = q.redirect_uri;
    const mode = q.response_mode === 'fragment' ? 'fragment' : 'query';
    const fail = (error: string, description: string): FastifyReply =>
      redirectWith(reply, redirectUri, mode, {
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
    const prompts = new Set((q.prompt ?? '').split(' ').filter((p) => p !== ''));
    if (prompts.has('none') && prompts.size > 1) return fail('invalid_request', 'Invalid parameter: prompt');
    let maxAge: number | undefined;
    if (q.max_age !== undefined) {
      if (!/^\d{1,9}$/.test(q.max_age)) return fail('invalid_request', 'Invalid parameter: max_age');
      maxAge = Number(q.max_age);
    }

    // Single sign-on: a live session answers at once, unless the client wants the password typed again.
    const session = await browserSession(request);
    const fresh = session !== undefined && (maxAge === undefined || nowSeconds() - session.authTime < maxAge);
    if (session !== undefined && fresh && !prompts.has('login')) {
      const account = byId.get(session.accountId);
      if (account !== undefined) {
        touch(session);
        const code = randomToken(32);
        codes.set(code, {
          clientId: client.clientId,
          redirectUri,
          codeChallenge: q.code_challenge,
          scope: grantedScope(q.scope),
          accountId: account.id,
          sid: session.sid,
          authTime: session.authTime,
          expiresAt: now() + codeTtlMs,
          ...(q.nonce !== undefined && { nonce: q.nonce }),
        });
        session.clients.add(client.clientId);
        return redirectWith(reply, redirectUri, mode, {
          code,
          state: q.state,
          session_state: session.sid,
          iss: issuerOf(request),
        });
      }
    }
    if (prompts.has('none')) return fail('login_required', 'Login required');

    const tabId = randomToken(24);
    logins.set(tabId, {
      client,
      redirectUri,
      responseMode: mode,
      codeChallenge: q.code_challenge,
      scope: grantedScope(q.scope),
      expiresAt: now() + loginTabTtlMs,
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
    const delaySeconds =
      over < 0 ? 0 : Math.min(backoff.maxDelaySeconds, backoff.baseDelaySeconds * 2 ** over);
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
    // The browser's session goes on when the same user signs in again (prompt=login, max_age); another user
    // replaces it.
    let session = await browserSession(request);
    if (session !== undefined && session.accountId !== account.id) {
      endSession(session.sid);
      session = undefined;
    }
    if (session === undefined) session = startSession(account.id);
    session.authTime = nowSeconds();
    touch(session);
    session.clients.add(pending.client.clientId);
    const code = randomToken(32);
    codes.set(code, {
      clientId: pending.client.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      scope: pending.scope,
      accountId: account.id,
      sid: session.sid,
      authTime: session.authTime,
      expiresAt: now() + codeTtlMs,
      ...(pending.nonce !== undefined && { nonce: pending.nonce }),
    });
    await setSessionCookies(request, reply, session);
    return redirectWith(reply, pending.redirectUri, pending.responseMode, {
      code,
      state: pending.state,
      session_state: session.sid,
      iss: issuerOf(request),
    });
  });

  // ---- token endpoint ------------------------------------------------------------------------------------------
  const tokenGrant = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
    const parsed = tokenFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'Invalid request parameters');
    const body = parsed.data;
    const client = authenticateClient(request, body);
    if (client.bearerOnly === true) throw new OAuthError(400, 'invalid_client', 'Bearer-only not allowed');
    const baseUrl = baseUrlOf(request);

    switch (body.grant_type) {
      case 'authorization_code': {
        if (!client.standardFlow)
          throw new OAuthError(400, 'unauthorized_client', 'Client not allowed to exchange code');
        if (body.code === undefined) throw new OAuthError(400, 'invalid_request', 'Missing parameter: code');
        const code = codes.get(body.code, true);
        if (code === undefined) {
          const replay = usedCodes.get(body.code);
          if (replay !== undefined) endSession(replay.sid); // a replayed code ends its session (RFC 6749 4.1.2)
          throw new OAuthError(400, 'invalid_grant', 'Code not valid');
        }
        usedCodes.set(body.code, { sid: code.sid, expiresAt: now() + 10 * codeTtlMs });
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
        const session = liveSession(code.sid);
        if (session === undefined) throw new OAuthError(400, 'invalid_grant', 'Session not active');
        return issueTokens({
          baseUrl,
          client,
          account,
          session,
          scope: code.scope,
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
        const chainId = chainIdOf(payload.jti);
        if (
          account === undefined ||
          typeof authTime !== 'number' ||
          typeof sid !== 'string' ||
          typeof scope !== 'string' ||
          chainId === undefined
        ) {
          throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
        }
        const session = sessionOf(sid, account.id, authTime, authTime);
        if (session === undefined || nowSeconds() >= session.startedAt + sessionMax)
          throw new OAuthError(400, 'invalid_grant', 'Session not active');
        // Rotation: only the newest refresh token of the chain renews it. An older one presented again was
        // copied (or the client misbehaves): end the session, so the copy and the original both stop working.
        // A chain this process does not know (restarted with a persisted key) starts over with this token.
        const live = chains.get(chainId);
        if (live !== undefined && live.refreshJti !== payload.jti) {
          endSession(sid);
          throw new OAuthError(
            400,
            'invalid_grant',
            'Stale token: refresh token already used; session ended',
          );
        }
        // Consumed before anything is awaited: a concurrent second use of the same token counts as reuse.
        if (live !== undefined) live.refreshJti = '';
        return issueTokens({ baseUrl, client, account, session, scope, chainId });
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
          session: startSession(account.id),
          scope: grantedScope(body.scope),
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
      return sendOAuthError(reply, err, request);
    }
  });

  /** Our token's claims after checking signature and issuer only (revocation takes expired tokens too). */
  const decodeOwn = async (request: FastifyRequest, token: string): Promise<JWTPayload | undefined> => {
    try {
      const { payload } = await compactVerify(token, key.publicKey, { algorithms: ['RS256'] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      if (typeof claims !== 'object' || claims === null) return undefined;
      const p = claims as JWTPayload;
      return p.iss === issuerOf(request) ? p : undefined;
    } catch {
      return undefined;
    }
  };

  // ---- revocation (RFC 7009) -------------------------------------------------------------------------------------
  app.post(`${prefix}/protocol/openid-connect/revoke`, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const parsed = tokenOperationSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'Invalid request parameters');
      const client = authenticateClient(request, parsed.data);
      if (client.bearerOnly === true) throw new OAuthError(400, 'invalid_client', 'Bearer-only not allowed');
      if (parsed.data.token === undefined) throw new OAuthError(400, 'invalid_request', 'Token not provided');
      const payload = await decodeOwn(request, parsed.data.token);
      // An unknown or malformed token: nothing to revoke, and nothing to tell (RFC 7009 §2.2).
      if (payload === undefined || typeof payload['azp'] !== 'string') return reply.code(200).send();
      const typ = payload['typ'];
      if (typ !== 'Bearer' && typ !== 'Refresh')
        throw new OAuthError(400, 'unsupported_token_type', 'Unsupported token type');
      if (payload['azp'] !== client.clientId)
        throw new OAuthError(400, 'invalid_request', 'Unmatching clients');
      if (typ === 'Refresh') {
        // Like Keycloak: the client's login ends (its refresh and access tokens); the SSO session stays.
        const chainId = chainIdOf(payload.jti);
        if (chainId !== undefined) revokeChain(chainId);
      } else if (typeof payload.jti === 'string') {
        const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : now();
        revokedAccessTokens.set(payload.jti, { expiresAt: Math.max(exp, now()) + 60_000 });
      }
      return reply.code(200).send();
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return sendOAuthError(reply, err, request);
    }
  });

  // ---- introspection (RFC 7662) ----------------------------------------------------------------------------------
  app.post(`${prefix}/protocol/openid-connect/token/introspect`, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const parsed = tokenOperationSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'Invalid request parameters');
      const client = authenticateClient(request, parsed.data);
      // Keycloak: only confidential (and bearer-only) clients, which prove who they are, may introspect.
      if (client.publicClient !== false) throw new OAuthError(403, 'invalid_request', 'Client not allowed.');
      if (parsed.data.token === undefined) throw new OAuthError(400, 'invalid_request', 'Token not provided');
      const token = parsed.data.token;
      for (const typ of ['Bearer', 'Refresh']) {
        try {
          const payload = await verifyOwn(request, token, typ);
          return reply.send({
            ...payload,
            client_id: payload['azp'],
            username:
              typ === 'Bearer' ? payload['preferred_username'] : byId.get(payload.sub ?? '')?.username,
            token_type: typ === 'Bearer' ? 'Bearer' : 'Refresh',
            active: true,
          });
        } catch {
          // not this type, or not active
        }
      }
      return reply.send({ active: false });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      return sendOAuthError(reply, err, request);
    }
  });

  // ---- userinfo ------------------------------------------------------------------------------------------------
  const bearerAccount = async (
    request: FastifyRequest,
  ): Promise<{ account: DemoAccount; payload: JWTPayload }> => {
    const token =
      bearerFrom(request) ??
      (request.method === 'POST' ? userinfoBodySchema.parse(request.body).access_token : undefined);
    if (token === undefined) throw new Error('missing token');
    const payload = await verifyOwn(request, token, 'Bearer');
    const account = typeof payload.sub === 'string' ? byId.get(payload.sub) : undefined;
    if (account === undefined) throw new Error('user not found');
    return { account, payload };
  };
  const invalidToken = (reply: FastifyReply): FastifyReply =>
    reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="' + realm + '", error="invalid_token"')
      .send({ error: 'invalid_token', error_description: 'Token verification failed' });
  const userinfo = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('cache-control', 'no-store');
    try {
      const { account } = await bearerAccount(request);
      // Unlike recent Keycloak versions, a token without the `openid` scope is served too (dev scripts' password
      // grants ask for no scope); against Keycloak, ask for `scope=openid` (the web app and fetchTokenWithPassword do).
      return reply.send({ sub: account.id, ...userClaims(account) });
    } catch {
      return invalidToken(reply);
    }
  };
  app.get(`${prefix}/protocol/openid-connect/userinfo`, userinfo);
  app.post(`${prefix}/protocol/openid-connect/userinfo`, userinfo);

  // ---- account (keycloak-js loadUserProfile) ---------------------------------------------------------------------
  const attributesOf = (a: DemoAccount): Record<string, string[]> => {
    const values: Record<string, string | undefined> = {
      department: a.department,
      department_role: a.departmentRole,
      region: a.region,
      id_number: a.idNumber,
      uscc: a.uscc,
      phone_number: a.phone,
    };
    const out: Record<string, string[]> = {};
    for (const name of realmDef.userVisibleAttributes) {
      const v = values[name];
      if (v !== undefined) out[name] = [v];
    }
    return out;
  };
  const account = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('cache-control', 'no-store').header('vary', 'Accept, Origin');
    const accept = request.headers.accept ?? '';
    if (!accept.includes('application/json')) {
      return reply
        .headers(HTML_HEADERS)
        .send(
          renderMessagePage('账户管理', '开发环境身份服务不提供账户管理控制台；请在 Keycloak 中管理账户。'),
        );
    }
    try {
      const { account: a, payload } = await bearerAccount(request);
      const aud = payload.aud;
      if (!(Array.isArray(aud) ? aud.includes('account') : aud === 'account'))
        throw new Error('not for account');
      return reply.send({
        id: a.id,
        username: a.username,
        email: a.email,
        firstName: a.name,
        lastName: '',
        emailVerified: true,
        attributes: attributesOf(a),
      });
    } catch {
      return invalidToken(reply);
    }
  };
  app.get(`${prefix}/account`, account);
  app.get(`${prefix}/account/`, account);

  // ---- logout --------------------------------------------------------------------------------------------------
  const loggedOutPage = (reply: FastifyReply): FastifyReply =>
    reply.headers(HTML_HEADERS).send(renderMessagePage('已退出登录', '您已退出一网通办统一身份认证。'));
  /**
   * Ends the session (every token of it, the browser's cookies) and goes on to `redirect`, through the front-channel
   * logout URLs of the session's clients when they registered one.
   */
  const finishLogout = (
    request: FastifyRequest,
    reply: FastifyReply,
    session: SsoSession | undefined,
    redirect: { uri: string; state?: string | undefined } | undefined,
  ): FastifyReply => {
    const frontchannel: string[] = [];
    if (session !== undefined) {
      endSession(session.sid);
      for (const id of session.clients) {
        const url = clients.get(id)?.frontchannelLogoutUrl;
        if (url === undefined) continue;
        const target = new URL(resolveUriPattern(url, baseUrlOf(request)));
        target.searchParams.set('iss', issuerOf(request));
        target.searchParams.set('sid', session.sid);
        frontchannel.push(target.toString());
      }
    }
    clearSessionCookies(request, reply);
    let next: string | undefined;
    if (redirect !== undefined) {
      const url = new URL(redirect.uri);
      if (redirect.state !== undefined) url.searchParams.set('state', redirect.state);
      next = url.toString();
    }
    if (frontchannel.length > 0) {
      const page = frontchannelLogoutPage(frontchannel, next ?? oidc(request, 'logout/logged-out'));
      return reply.code(200).headers(page.headers([])).send(page.html);
    }
    if (next !== undefined) return reply.header('cache-control', 'no-store').redirect(next, 302);
    return loggedOutPage(reply);
  };

  const logout = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const parsed = logoutParamsSchema.safeParse(
      request.method === 'POST' ? (request.body ?? {}) : request.query,
    );
    if (!parsed.success) return htmlError(reply, 400, '请求参数无效（Invalid request parameters）。');
    const p = parsed.data;
    let hint: { clientId: string; sid: string; sub: string } | undefined;
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
            sub: z.string(),
          })
          .parse(JSON.parse(new TextDecoder().decode(payload)));
        hint = { clientId: claims.azp, sid: claims.sid, sub: claims.sub };
      } catch {
        return htmlError(reply, 400, '无效的 id_token_hint（Invalid id_token_hint）。');
      }
    }
    if (p.client_id !== undefined && hint !== undefined && p.client_id !== hint.clientId) {
      return htmlError(reply, 400, 'client_id 与 id_token_hint 不一致。');
    }
    const clientId = hint?.clientId ?? p.client_id;
    let redirect: { uri: string; state?: string | undefined } | undefined;
    if (p.post_logout_redirect_uri !== undefined) {
      const client = clientId !== undefined ? clients.get(clientId) : undefined;
      const allowed = client?.postLogoutRedirectUris ?? client?.redirectUris ?? [];
      if (
        client === undefined ||
        !isAllowedRedirectUri(p.post_logout_redirect_uri, allowed, baseUrlOf(request))
      ) {
        return htmlError(reply, 400, '无效的退出重定向地址（Invalid redirect uri）。');
      }
      redirect = { uri: p.post_logout_redirect_uri, state: p.state };
    }
    const session = await browserSession(request);
    if (hint !== undefined) {
      // The hint names the session to end; the browser's own session too when it is the same one.
      const hinted = liveSession(hint.sid);
      if (hinted === undefined) endSession(hint.sid);
      if (session !== undefined && session.sid !== hint.sid && session.accountId === hint.sub)
        endSession(session.sid);
      return finishLogout(request, reply, hinted, redirect);
    }
    // No id_token_hint: anyone could have sent the browser here (a link, an image), so the user confirms first.
    if (session === undefined) return finishLogout(request, reply, undefined, redirect);
    const code = randomToken(24);
    logoutConfirmations.set(code, {
      sid: session.sid,
      expiresAt: now() + loginTabTtlMs,
      ...(clientId !== undefined && { clientId }),
      ...(redirect !== undefined && { redirect: redirect.uri }),
      ...(redirect?.state !== undefined && { state: redirect.state }),
    });
    return reply.headers(HTML_HEADERS).send(
      renderLogoutConfirmPage({
        actionUrl: `${prefix}/protocol/openid-connect/logout/logout-confirm`,
        code,
        ...(clientId !== undefined && { clientId }),
      }),
    );
  };
  app.get(`${prefix}/protocol/openid-connect/logout`, logout);
  app.post(`${prefix}/protocol/openid-connect/logout`, logout);
  app.post(`${prefix}/protocol/openid-connect/logout/logout-confirm`, async (request, reply) => {
    const parsed = logoutConfirmSchema.safeParse(request.body ?? {});
    const pending = parsed.success ? logoutConfirmations.get(parsed.data.session_code, true) : undefined;
    const session = await browserSession(request);
    // The code must come with the browser whose session it is for (no logout of someone else by a forged form).
    if (pending === undefined || (session !== undefined && session.sid !== pending.sid)) {
      return htmlError(reply, 400, '退出登录请求已过期，请返回应用重新操作。');
    }
    if (session === undefined) endSession(pending.sid);
    return finishLogout(
      request,
      reply,
      session,
      pending.redirect !== undefined ? { uri: pending.redirect, state: pending.state } : undefined,
    );
  });
  app.get(`${prefix}/protocol/openid-connect/logout/logged-out`, async (_request, reply) =>
    loggedOutPage(reply),
  );

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
