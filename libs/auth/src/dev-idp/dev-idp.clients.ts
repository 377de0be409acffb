/** OAuth clients of the `hall` realm as the dev identity provider knows them (read from realm-hall.json). */
export {
  HALL_API_CLIENT_ID,
  HALL_CLI_CLIENT_ID,
  HALL_CLIENT_IDS,
  HALL_REALM,
  HALL_WEB_CLIENT_ID,
  WEB_CALLBACK_PATH,
} from '../identity/hall-clients.js';

export interface DevClientConfig {
  readonly clientId: string;
  readonly description?: string;
  /** Authorization code flow (PKCE S256 always required). */
  readonly standardFlow: boolean;
  /** Resource owner password credentials grant. */
  readonly directAccessGrants: boolean;
  /**
   * Allowed redirect URIs: absolute, or starting with `/` (relative to the public base URL), matched exactly. A
   * trailing `*` (Keycloak's wildcard) matches any suffix: avoid it, it lets any page of the origin receive the code.
   */
  readonly redirectUris: readonly string[];
  /** Allowed `post_logout_redirect_uri`s, same syntax. Default: the redirect URIs. */
  readonly postLogoutRedirectUris?: readonly string[];
  /**
   * CORS origins (Keycloak's web origins): `+` stands for the origins of the redirect URIs, `*` for any origin.
   * Default `['+']`.
   */
  readonly webOrigins?: readonly string[];
  /** Public client (no secret; the default). A confidential client authenticates with {@link secret}. */
  readonly publicClient?: boolean;
  /** Bearer-only: never gets tokens; may introspect with its secret. */
  readonly bearerOnly?: boolean;
  /** Client secret of a confidential client (`client_secret_basic` or `client_secret_post`). */
  readonly secret?: string;
  /** Front-channel logout URL: loaded in a hidden frame with `iss` and `sid` when the SSO session ends. */
  readonly frontchannelLogoutUrl?: string;
}

/** Resolves a root-relative pattern against the base URL. */
export function resolveUriPattern(pattern: string, baseUrl: string): string {
  return pattern.startsWith('/') ? `${baseUrl}${pattern}` : pattern;
}

/**
 * Keycloak-style redirect URI check: exact match, or prefix match for patterns ending in `*`. Only http(s), no
 * fragment, no credentials.
 */
export function isAllowedRedirectUri(uri: string, patterns: readonly string[], baseUrl: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.hash !== '' || uri.includes('#') || parsed.username !== '' || parsed.password !== '')
    return false;
  return patterns.some((p) => {
    const resolved = resolveUriPattern(p, baseUrl);
    return resolved.endsWith('*') ? uri.startsWith(resolved.slice(0, -1)) : uri === resolved;
  });
}

/** A client's CORS origins (Keycloak's web origins; `+`: the origins of the redirect URIs; `*`: any). */
export function webOriginsOf(client: DevClientConfig, baseUrl: string): string[] {
  const origins = new Set<string>();
  for (const entry of client.webOrigins ?? ['+']) {
    if (entry === '+') {
      for (const p of client.redirectUris) {
        try {
          origins.add(new URL(resolveUriPattern(p, baseUrl).replace(/\*$/, '')).origin);
        } catch {
          // not a URL: ignore
        }
      }
    } else if (entry === '*') {
      origins.add('*');
    } else {
      try {
        origins.add(new URL(entry).origin);
      } catch {
        // not a URL: ignore
      }
    }
  }
  return [...origins];
}

/** Whether a browser origin may call the realm's endpoints on behalf of the client (CORS, login status frame). */
export function isAllowedWebOrigin(client: DevClientConfig, origin: string, baseUrl: string): boolean {
  const origins = webOriginsOf(client, baseUrl);
  return origins.includes(origin) || origins.includes('*');
}
