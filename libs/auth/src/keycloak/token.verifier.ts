/**
 * Offline validation of Keycloak access tokens with keycloak-connect's GrantManager (bearer-only).
 *
 * Order of checks:
 * 1. our own strict pre-checks: compact JWS of three base64url parts, header `alg` exactly `RS256` (so `none`,
 *    HS256 and every other algorithm are refused before anything else looks at the token), a `kid`, no `crit`, no
 *    key-location header (`jku`, `x5u`, `jwk`, `x5c`: never followed, and Keycloak does not emit them),
 *    numeric `exp`/`iat` (keycloak-connect would treat a token without `exp` as never expiring), `nbf` if present;
 * 2. keycloak-connect `GrantManager.validateToken(token, 'Bearer')`: expiry, `typ: Bearer`, not-before policy,
 *    issuer `<auth-server-url>/realms/<realm>`, audience (optional), RSA-SHA256 signature with the realm key for
 *    the token's `kid`, fetched from `<realm>/protocol/openid-connect/certs` and cached;
 * 3. the client the token was issued to (`azp`) is one of the hall's (`allowedClients`): a token the realm issued
 *    to another application is refused even when it carries the `hall-api` audience;
 * 4. the claims the services need (`sub`, `preferred_username`, ...), mapped to a {@link CurrentUser};
 * 5. for the roles whose identity the services need (`userinfoForRoles`, default applicants), the personal claims
 *    (ID number, phone number: never in the access token) from the realm's userinfo endpoint, called with the
 *    token itself once per token (remembered with it; concurrent requests share one call). Userinfo also refuses
 *    a token whose session has ended, so such a token is refused the first time a service sees it.
 *
 * Verified tokens: an exact token string that passed every check is remembered (bounded, until its `exp`, and
 * while the realm still publishes the key that signed it), so the next request with it skips the signature check;
 * a changed byte is a different string and is verified anew.
 *
 * Key cache: keys stay cached for the life of the verifier; an unknown `kid` triggers a JWKS refetch at most
 * once per `minTimeBetweenJwksRequestsSeconds` (successful or not), with a timeout, de-duplicated across
 * concurrent requests. Without the key a token is refused (fail closed).
 */
import { z } from 'zod';
import {
  currentUserFromClaims,
  personalClaimsSchema,
  type CurrentUser,
  type PersonalClaims,
} from '../current-user.js';
import { HALL_CLIENT_IDS } from '../identity/hall-clients.js';
import {
  KeycloakConfig,
  KeycloakGrantManager,
  KeycloakToken,
  type KcGrantManager,
  type KcJwk,
  type KcRotation,
} from './keycloak-connect.loader.js';

export type TokenRejectReason =
  | 'malformed'
  | 'unsupported-alg'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-type'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'bad-signature'
  | 'unknown-key'
  | 'keys-unavailable'
  | 'claims'
  | 'wrong-client'
  | 'session-ended'
  | 'userinfo-unavailable'
  | 'invalid';

export class TokenVerificationError extends Error {
  constructor(
    readonly reason: TokenRejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenVerificationError';
  }
}

/** Anything that turns a bearer token into a CurrentUser (the guard depends on this shape only). */
export interface AccessTokenVerifier {
  verify(token: string): Promise<CurrentUser>;
}

export const tokenVerifierOptionsSchema = z
  .object({
    /** `<auth-server-url>/realms/<realm>`, e.g. `http://localhost:3000/realms/hall`. Or give both below. */
    realmUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Keycloak base URL without `/realms/...`, e.g. `https://sso.example.gov.cn`. */
    authServerUrl: z.url({ protocol: /^https?$/ }).optional(),
    realm: z.string().min(1).optional(),
    /** The API's client id (bearer-only client), checked against `aud` when `verifyAudience`. */
    clientId: z.string().min(1).default('hall-api'),
    /** Require `aud` to contain `clientId` (the realm adds it with an audience mapper). Default true. */
    verifyAudience: z.boolean().default(true),
    /** Minimum seconds between two JWKS fetches caused by unknown `kid`s. Default 10. */
    minTimeBetweenJwksRequestsSeconds: z.number().int().min(0).default(10),
    /** Timeout of one JWKS fetch. Default 5000 ms. */
    jwksTimeoutMs: z.number().int().positive().default(5000),
    /** Longer tokens are refused without parsing. Default 16 KiB. */
    maxTokenLength: z.number().int().positive().default(16_384),
    /** Tolerance for `nbf`, seconds. Default 30. */
    clockToleranceSeconds: z.number().int().min(0).default(30),
    /**
     * How many fully verified tokens to remember (exact token string → user, until the token's `exp`), so a
     * client repeating its access token costs no signature check. 0 turns the cache off. Default 10,000.
     */
    verifiedTokenCacheSize: z.number().int().min(0).default(10_000),
    /**
     * Clients (`azp`) whose access tokens are accepted. Default: the hall's (`hall-web`, `hall-cli`; the realm's
     * other clients are not login clients). A token without `azp` is refused.
     */
    allowedClients: z
      .array(z.string().min(1))
      .min(1)
      .default([...HALL_CLIENT_IDS]),
    /**
     * Tokens holding one of these realm roles get the personal claims (`id_number`, `phone_number`, `uscc`) from
     * the realm's userinfo endpoint. Empty: never called. Default `['applicant']` (the only role whose own
     * identity the services read: submitting, the e-licence wallet, a holder's licences).
     */
    userinfoForRoles: z.array(z.string().min(1)).default(['applicant']),
    /** Timeout of one userinfo call. Default 5000 ms. */
    userinfoTimeoutMs: z.number().int().positive().default(5000),
  })
  .refine((o) => o.realmUrl !== undefined || (o.authServerUrl !== undefined && o.realm !== undefined), {
    message: 'give realmUrl, or authServerUrl and realm',
  });
export type TokenVerifierOptions = z.input<typeof tokenVerifierOptionsSchema>;

const B64URL = /^[A-Za-z0-9_-]+$/;

const headerSchema = z.object({
  alg: z.string(),
  kid: z.string().min(1).max(256),
  typ: z.string().optional(),
  crit: z.unknown().optional(),
  jku: z.unknown().optional(),
  x5u: z.unknown().optional(),
  jwk: z.unknown().optional(),
  x5c: z.unknown().optional(),
});

/** Headers that point at or carry a verification key: the realm's keys come from its JWKS only. */
const KEY_LOCATION_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;

const payloadSchema = z.object({
  exp: z.number().finite(),
  iat: z.number().finite(),
  nbf: z.number().finite().optional(),
  iss: z.string(),
  typ: z.string(),
  azp: z.string().optional(),
});

function decodeJsonPart(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isSigningKey(k: KcJwk): boolean {
  return (
    typeof k.kid === 'string' &&
    k.kty === 'RSA' &&
    (k.use === undefined || k.use === 'sig') &&
    (k.alg === undefined || k.alg === 'RS256')
  );
}

interface VerifiedToken {
  readonly user: CurrentUser;
  readonly exp: number;
  readonly nbf: number | undefined;
  /** The realm key that signed it: once the realm stops publishing that key, the token is checked anew. */
  readonly kid: string;
}

const UNKNOWN_KID = 'no signing key with this kid';
const JWKS_UNAVAILABLE = 'realm keys unavailable';

export class TokenVerifier implements AccessTokenVerifier {
  /** `<auth-server-url>/realms/<realm>`: the expected `iss`. */
  readonly realmUrl: string;
  readonly clientId: string;
  private readonly grantManager: KcGrantManager;
  private readonly maxTokenLength: number;
  private readonly clockTolerance: number;
  private lastFailedJwksFetch = 0;
  private readonly verifiedCacheSize: number;
  /** Exact token string → verified user and its time limits; Map order is insertion order (oldest first). */
  private readonly verified = new Map<string, VerifiedToken>();
  private jwksInFlight: Promise<{ keys?: KcJwk[] }> | undefined;
  private readonly allowedClients: ReadonlySet<string>;
  private readonly userinfoForRoles: readonly string[];
  private readonly userinfoTimeoutMs: number;
  /** Token → its userinfo call in flight (concurrent first requests with one new token share the call). */
  private readonly userinfoInFlight = new Map<string, Promise<PersonalClaims>>();

  constructor(options: TokenVerifierOptions) {
    const o = tokenVerifierOptionsSchema.parse(options);
    let authServerUrl: string;
    let realm: string;
    if (o.realmUrl !== undefined) {
      const m = /^(.+)\/realms\/([^/]+)\/?$/.exec(o.realmUrl);
      if (!m?.[1] || !m[2]) throw new Error(`realmUrl must look like <base>/realms/<realm>: ${o.realmUrl}`);
      authServerUrl = m[1];
      realm = m[2];
    } else {
      authServerUrl = o.authServerUrl ?? '';
      realm = o.realm ?? '';
    }
    const config = new KeycloakConfig({
      authServerUrl,
      realm,
      clientId: o.clientId,
      bearerOnly: true,
      verifyTokenAudience: o.verifyAudience,
      minTimeBetweenJwksRequests: o.minTimeBetweenJwksRequestsSeconds,
    });
    this.grantManager = new KeycloakGrantManager(config);
    // Config turns 0 into its default (10): set the value on the Rotation itself.
    this.grantManager.rotation.minTimeBetweenJwksRequests = o.minTimeBetweenJwksRequestsSeconds;
    this.realmUrl = this.grantManager.realmUrl;
    this.clientId = o.clientId;
    this.maxTokenLength = o.maxTokenLength;
    this.clockTolerance = o.clockToleranceSeconds;
    this.verifiedCacheSize = o.verifiedTokenCacheSize;
    this.allowedClients = new Set(o.allowedClients);
    this.userinfoForRoles = o.userinfoForRoles;
    this.userinfoTimeoutMs = o.userinfoTimeoutMs;
    this.hardenKeyRotation(this.grantManager.rotation, o.jwksTimeoutMs);
  }

  /** Validates a bearer access token; throws {@link TokenVerificationError}. */
  async verify(token: string): Promise<CurrentUser> {
    const hit = this.verified.get(token);
    if (hit !== undefined) {
      // The same bytes passed every check before; only the clock can have changed the verdict since.
      const now = Date.now() / 1000;
      if (hit.exp <= now) {
        this.verified.delete(token);
        throw new TokenVerificationError('expired', 'token expired');
      }
      const keyStillPublished = this.grantManager.rotation.jwks.some((k) => k.kid === hit.kid);
      if (keyStillPublished && (hit.nbf === undefined || hit.nbf <= now + this.clockTolerance))
        return hit.user;
      this.verified.delete(token);
    }
    const { payload, kid } = this.precheck(token);
    let validated;
    try {
      validated = await this.grantManager.validateToken(new KeycloakToken(token, this.clientId), 'Bearer');
    } catch (err) {
      throw TokenVerifier.fromKeycloakError(err);
    }
    let user: CurrentUser;
    try {
      user = currentUserFromClaims(validated.content);
    } catch {
      throw new TokenVerificationError('claims', 'token lacks required claims');
    }
    if (user.roles.some((r) => this.userinfoForRoles.includes(r))) {
      const personal = await this.personalClaims(token, user.id);
      user = currentUserFromClaims(validated.content, personal);
    }
    this.remember(token, { user, exp: payload.exp, nbf: payload.nbf, kid });
    return user;
  }

  /** The userinfo of a verified token (one call per token at a time); the subject must be the token's. */
  private personalClaims(token: string, sub: string): Promise<PersonalClaims> {
    let pending = this.userinfoInFlight.get(token);
    if (pending === undefined) {
      pending = this.fetchUserinfo(token).finally(() => this.userinfoInFlight.delete(token));
      this.userinfoInFlight.set(token, pending);
    }
    return pending.then((claims) => {
      if (claims.sub !== sub) throw new TokenVerificationError('claims', 'userinfo is about another subject');
      return claims;
    });
  }

  private async fetchUserinfo(token: string): Promise<PersonalClaims> {
    let res: Response;
    try {
      res = await fetch(`${this.realmUrl}/protocol/openid-connect/userinfo`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.userinfoTimeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new TokenVerificationError(
        'userinfo-unavailable',
        `userinfo: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (res.status === 401) {
      await res.body?.cancel();
      throw new TokenVerificationError('session-ended', 'userinfo refused the token (session ended)');
    }
    if (res.status === 403) {
      await res.body?.cancel();
      throw new TokenVerificationError('claims', 'userinfo refused the token (openid scope missing)');
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new TokenVerificationError('userinfo-unavailable', `userinfo answered ${res.status}`);
    }
    try {
      return personalClaimsSchema.parse(await res.json());
    } catch {
      throw new TokenVerificationError('userinfo-unavailable', 'userinfo answered no valid claims');
    }
  }

  /** Number of verified tokens currently remembered. */
  verifiedTokenCount(): number {
    return this.verified.size;
  }

  private remember(token: string, entry: VerifiedToken): void {
    if (this.verifiedCacheSize === 0) return;
    this.verified.delete(token);
    while (this.verified.size >= this.verifiedCacheSize) {
      const oldest = this.verified.keys().next();
      if (oldest.done === true) break;
      this.verified.delete(oldest.value);
    }
    this.verified.set(token, entry);
  }

  /** Forgets the cached realm keys (fetched again on the next token) and the remembered verified tokens. */
  clearKeyCache(): void {
    this.verified.clear();
    this.grantManager.rotation.jwks = [];
    this.grantManager.rotation.lastTimeRequesTime = 0;
    this.lastFailedJwksFetch = 0;
  }

  /** `kid`s currently cached. */
  cachedKeyIds(): string[] {
    return this.grantManager.rotation.jwks.flatMap((k) => (typeof k.kid === 'string' ? [k.kid] : []));
  }

  private precheck(token: string): { payload: z.infer<typeof payloadSchema>; kid: string } {
    if (typeof token !== 'string' || token.length === 0)
      throw new TokenVerificationError('malformed', 'empty token');
    if (token.length > this.maxTokenLength) throw new TokenVerificationError('malformed', 'token too long');
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) {
      throw new TokenVerificationError('malformed', 'not a signed JWT (compact JWS)');
    }
    const [h, p] = parts as [string, string, string];
    let header: z.infer<typeof headerSchema>;
    let payload: z.infer<typeof payloadSchema>;
    try {
      header = headerSchema.parse(decodeJsonPart(h));
    } catch {
      throw new TokenVerificationError('malformed', 'bad token header');
    }
    if (header.alg !== 'RS256')
      throw new TokenVerificationError('unsupported-alg', `alg ${header.alg} not accepted`);
    if (header.crit !== undefined) throw new TokenVerificationError('malformed', 'crit header not supported');
    const keyHeader = KEY_LOCATION_HEADERS.find((name) => header[name] !== undefined);
    if (keyHeader !== undefined) {
      throw new TokenVerificationError(
        'malformed',
        `${keyHeader} header not accepted (keys come from the realm JWKS)`,
      );
    }
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') {
      throw new TokenVerificationError('malformed', 'header typ is not JWT');
    }
    try {
      payload = payloadSchema.parse(decodeJsonPart(p));
    } catch {
      throw new TokenVerificationError('malformed', 'bad token claims (exp, iat, iss, typ required)');
    }
    if (payload.azp === undefined || !this.allowedClients.has(payload.azp)) {
      throw new TokenVerificationError(
        'wrong-client',
        `token issued to a client not accepted here (azp ${payload.azp ?? 'missing'})`,
      );
    }
    const now = Date.now() / 1000;
    if (payload.exp <= now) throw new TokenVerificationError('expired', 'token expired');
    if (payload.nbf !== undefined && payload.nbf > now + this.clockTolerance) {
      throw new TokenVerificationError('not-yet-valid', 'token not yet valid');
    }
    return { payload, kid: header.kid };
  }

  private static fromKeycloakError(err: unknown): TokenVerificationError {
    const msg = err instanceof Error ? err.message : String(err);
    const table: [string, TokenRejectReason][] = [
      ['(expired)', 'expired'],
      ['(wrong type)', 'wrong-type'],
      ['(wrong ISS)', 'wrong-issuer'],
      ['(wrong audience)', 'wrong-audience'],
      ['signature)', 'bad-signature'],
      [UNKNOWN_KID, 'unknown-key'],
      [JWKS_UNAVAILABLE, 'keys-unavailable'],
      ['failed to load public key', 'keys-unavailable'],
      ['(not signed)', 'malformed'],
    ];
    const reason = table.find(([needle]) => msg.includes(needle))?.[1] ?? 'invalid';
    return new TokenVerificationError(reason, msg);
  }

  /**
   * keycloak-connect's Rotation fetches without a timeout, retries a failing JWKS endpoint on every request,
   * logs to console.error and throws a TypeError when it is rate-limited or the kid is unknown. Wrap it:
   * timeout, only RSA signing keys, one fetch in flight, rate limit also after failures, clear errors.
   */
  private hardenKeyRotation(rotation: KcRotation, timeoutMs: number): void {
    const retrieve = rotation.retrieveJWKs.bind(rotation);
    const getJwk = rotation.getJWK.bind(rotation);
    rotation.retrieveJWKs = () => {
      this.jwksInFlight ??= withTimeout(retrieve(), timeoutMs, 'JWKS fetch')
        .then((jwks) => ({ keys: (jwks.keys ?? []).filter(isSigningKey) }))
        .catch((err: unknown) => {
          this.lastFailedJwksFetch = Date.now() / 1000;
          throw new Error(`${JWKS_UNAVAILABLE}: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          this.jwksInFlight = undefined;
        });
      return this.jwksInFlight;
    };
    rotation.getJWK = (kid) => {
      const cached = rotation.jwks.some((k) => k.kid === kid);
      if (!cached) {
        const last = Math.max(rotation.lastTimeRequesTime, this.lastFailedJwksFetch);
        if (Date.now() / 1000 <= last + rotation.minTimeBetweenJwksRequests) {
          return Promise.reject(new Error(`${UNKNOWN_KID} (JWKS refetch rate-limited)`));
        }
      }
      const pending = getJwk(kid);
      if (pending === undefined)
        return Promise.reject(new Error(`${UNKNOWN_KID} (JWKS refetch rate-limited)`));
      return pending.catch((err: unknown) => {
        if (err instanceof Error && err.message.startsWith(JWKS_UNAVAILABLE)) throw err;
        throw new Error(UNKNOWN_KID);
      });
    };
  }
}
