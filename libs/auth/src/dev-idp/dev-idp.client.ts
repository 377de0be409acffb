/**
 * Client helpers for scripts and tests: get tokens from the dev identity provider (or, for the password grant,
 * from a Keycloak realm with the dev-only `hall-cli` client).
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HALL_CLI_CLIENT_ID, HALL_WEB_CLIENT_ID } from './dev-idp.clients.js';

export const tokenSetSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  token_type: z.string(),
  refresh_token: z.string().optional(),
  refresh_expires_in: z.number().optional(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
  session_state: z.string().optional(),
});
export type TokenSet = z.infer<typeof tokenSetSchema>;

export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`token request failed: ${status} ${JSON.stringify(body)}`);
    this.name = 'TokenRequestError';
  }
}

/** A PKCE pair: random verifier (43 chars) and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function postForm(url: string, form: Record<string, string>): Promise<TokenSet> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new TokenRequestError(res.status, body);
  return tokenSetSchema.parse(body);
}

export interface PasswordGrantInput {
  /** `<base>/realms/<realm>` */
  readonly realmUrl: string;
  readonly username: string;
  readonly password: string;
  /** Default `hall-cli` (the only client allowed to use this grant). */
  readonly clientId?: string;
  readonly scope?: string;
}

/** Password grant (dev only). */
export function fetchTokenWithPassword(input: PasswordGrantInput): Promise<TokenSet> {
  return postForm(`${input.realmUrl}/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: input.clientId ?? HALL_CLI_CLIENT_ID,
    username: input.username,
    password: input.password,
    scope: input.scope ?? 'openid',
  });
}

export function refreshTokens(input: {
  realmUrl: string;
  refreshToken: string;
  clientId: string;
}): Promise<TokenSet> {
  return postForm(`${input.realmUrl}/protocol/openid-connect/token`, {
    grant_type: 'refresh_token',
    client_id: input.clientId,
    refresh_token: input.refreshToken,
  });
}

export interface BrowserLoginInput {
  readonly realmUrl: string;
  readonly username: string;
  readonly password: string;
  /** Must be allowed for `hall-web`, e.g. `<publicBaseUrl>/callback`. */
  readonly redirectUri: string;
  /** Default `hall-web`. */
  readonly clientId?: string;
  readonly scope?: string;
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&');
}

/**
 * Full authorization code + PKCE flow against the DEV identity provider's login page, as a browser would do it:
 * GET auth -> POST the login form -> follow the redirect carrying the code -> exchange it at the token endpoint.
 * (Keycloak's real login page is different; use a browser for that.)
 */
export async function loginWithAuthorizationCode(input: BrowserLoginInput): Promise<TokenSet> {
  const clientId = input.clientId ?? HALL_WEB_CLIENT_ID;
  const pkce = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const authUrl = new URL(`${input.realmUrl}/protocol/openid-connect/auth`);
  authUrl.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: input.scope ?? 'openid',
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  }).toString();

  const page = await fetch(authUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`login page: ${page.status}`);
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const tabId = /name="tab_id" value="([^"]+)"/.exec(html)?.[1];
  if (action === undefined || tabId === undefined) throw new Error('login form not found');

  const login = await fetch(new URL(unescapeHtml(action), authUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      tab_id: unescapeHtml(tabId),
      username: input.username,
      password: input.password,
    }),
  });
  const location = login.headers.get('location');
  if (login.status !== 302 || location === null) throw new Error(`login failed: ${login.status}`);
  const callback = new URL(location);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${callback.searchParams.get('error') ?? 'unknown error'}`);

  return postForm(`${input.realmUrl}/protocol/openid-connect/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: input.redirectUri,
    code_verifier: pkce.verifier,
  });
}
