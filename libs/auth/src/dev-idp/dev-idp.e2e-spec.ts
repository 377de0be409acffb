import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { demoAccounts } from '../demo-accounts.data.js';
import {
  createPkcePair,
  fetchTokenWithPassword,
  loginWithAuthorizationCode,
  refreshTokens,
  TokenRequestError,
} from './dev-idp.client.js';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from './dev-idp.server.js';

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

async function tokenError(promise: Promise<unknown>): Promise<{ status: number; body: OAuthErrorBody }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TokenRequestError) return { status: err.status, body: err.body as OAuthErrorBody };
    throw err;
  }
  throw new Error('expected the token request to fail');
}

describe('dev identity provider over HTTP', () => {
  let dir: string;
  let keyFile: string;
  let idp: RunningDevIdentityProvider;
  let clock: number | undefined;
  const callback = (): string => `${idp.baseUrl}/auth/callback`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hall-dev-idp-'));
    keyFile = path.join(dir, 'keys', 'dev-idp.jwk.json');
    idp = await startDevIdentityProvider({
      keyFile,
      exposeDemoAccounts: true,
      extraWebRedirectUris: ['http://localhost:5173/auth/callback'],
      now: () => clock ?? Date.now(),
    });
  });
  afterAll(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    clock = undefined;
  });

  /** GET auth with the given overrides; returns the response (redirects not followed). */
  async function authorize(params: Record<string, string | undefined>): Promise<Response> {
    const url = new URL(`${idp.realmUrl}/protocol/openid-connect/auth`);
    const defaults: Record<string, string> = {
      client_id: 'hall-web',
      redirect_uri: callback(),
      response_type: 'code',
      scope: 'openid',
      state: 'st-1',
      code_challenge: createPkcePair().challenge,
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries({ ...defaults, ...params }))
      if (v !== undefined) url.searchParams.set(k, v);
    return fetch(url, { redirect: 'manual' });
  }

  /** Browser steps up to the code: returns the code and the verifier. */
  async function obtainCode(username = 'zhangsan'): Promise<{ code: string; verifier: string }> {
    const pkce = createPkcePair();
    const page = await authorize({ code_challenge: pkce.challenge });
    const html = await page.text();
    const tabId = /name="tab_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await fetch(
      `${idp.realmUrl}/login-actions/authenticate`,
      form({ tab_id: tabId, username, password: 'demo' }),
    );
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    return { code, verifier: pkce.verifier };
  }

  function exchange(code: string, verifier: string, redirectUri = callback()): Promise<Response> {
    return fetch(
      `${idp.realmUrl}/protocol/openid-connect/token`,
      form({
        grant_type: 'authorization_code',
        client_id: 'hall-web',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }),
    );
  }

  describe('discovery and keys', () => {
    it('serves an OpenID configuration shaped like Keycloak realm hall', async () => {
      const res = await fetch(`${idp.realmUrl}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        issuer: idp.realmUrl,
        authorization_endpoint: `${idp.realmUrl}/protocol/openid-connect/auth`,
        token_endpoint: `${idp.realmUrl}/protocol/openid-connect/token`,
        jwks_uri: `${idp.realmUrl}/protocol/openid-connect/certs`,
        userinfo_endpoint: `${idp.realmUrl}/protocol/openid-connect/userinfo`,
        end_session_endpoint: `${idp.realmUrl}/protocol/openid-connect/logout`,
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    });

    it('publishes only the public RS256 key, with a kid', async () => {
      const jwks = (await (
        await fetch(`${idp.realmUrl}/protocol/openid-connect/certs`)
      ).json()) as JSONWebKeySet;
      expect(jwks.keys).toHaveLength(1);
      const [jwk] = jwks.keys;
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      expect(typeof jwk?.kid).toBe('string');
      expect(Object.keys(jwk ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      const realm = (await (await fetch(idp.realmUrl)).json()) as Record<string, unknown>;
      expect(realm).toMatchObject({ realm: 'hall', 'tokens-not-before': 0 });
      expect(String(realm['public_key'])).toMatch(/^MIIBIjAN/);
    });

    it('persists the signing key (0600) and reuses it after a restart', async () => {
      const stored = JSON.parse(await readFile(keyFile, 'utf8')) as Record<string, string>;
      expect(stored['d']).toBeDefined();
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      const before = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        username: 'lisi',
        password: 'demo',
      });

      const again = await startDevIdentityProvider({ keyFile });
      try {
        const jwks = (await (
          await fetch(`${again.realmUrl}/protocol/openid-connect/certs`)
        ).json()) as JSONWebKeySet;
        expect(jwks.keys[0]?.kid).toBe(stored['kid']);
        const { payload } = await jwtVerify(before.access_token, createLocalJWKSet(jwks));
        expect(payload['preferred_username']).toBe('lisi');
      } finally {
        await again.close();
      }
    });
  });

  describe('password grant (hall-cli only)', () => {
    it.each(demoAccounts.map((a) => [a.username, a] as const))(
      'issues Keycloak-shaped tokens for %s',
      async (_u, account) => {
        const tokens = await fetchTokenWithPassword({
          realmUrl: idp.realmUrl,
          username: account.username,
          password: 'demo',
        });
        expect(tokens.token_type).toBe('Bearer');
        expect(tokens.expires_in).toBe(300);
        const header = decodeProtectedHeader(tokens.access_token);
        expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
        expect(typeof header.kid).toBe('string');
        const jwks = (await (
          await fetch(`${idp.realmUrl}/protocol/openid-connect/certs`)
        ).json()) as JSONWebKeySet;
        const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(jwks), {
          issuer: idp.realmUrl,
          audience: 'hall-api',
        });
        expect(payload).toMatchObject({
          sub: account.id,
          typ: 'Bearer',
          azp: 'hall-cli',
          aud: ['hall-api', 'account'],
          preferred_username: account.username,
          name: account.name,
          region: account.region,
        });
        expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
        expect(typeof payload.jti).toBe('string');
        expect(typeof payload['sid']).toBe('string');
        expect(String(payload['scope']).split(' ')).toContain('openid');
        const roles = (payload['realm_access'] as { roles: string[] }).roles;
        for (const role of account.roles) expect(roles).toContain(role);
        expect(payload['department']).toBe(account.department);
        expect(payload['department_role']).toBe(account.departmentRole);
        // No personal data in the access token (the ID token and userinfo carry it); the public USCC stays.
        expect(payload['id_number']).toBeUndefined();
        expect(payload['phone_number']).toBeUndefined();
        expect(payload['uscc']).toBe(account.uscc);
        const refresh = decodeJwt(tokens.refresh_token ?? '');
        expect(refresh).toMatchObject({ typ: 'Refresh', azp: 'hall-cli', sub: account.id });
        expect((refresh.exp ?? 0) - (refresh.iat ?? 0)).toBe(1800);
        expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({
          typ: 'ID',
          aud: 'hall-cli',
          sub: account.id,
        });
        const idToken = decodeJwt(tokens.id_token ?? '');
        expect([idToken['id_number'], idToken['phone_number']]).toEqual([account.idNumber, account.phone]);
      },
    );

    it('refuses the password grant to hall-web', async () => {
      const { status, body } = await tokenError(
        fetchTokenWithPassword({
          realmUrl: idp.realmUrl,
          username: 'zhangsan',
          password: 'demo',
          clientId: 'hall-web',
        }),
      );
      expect(status).toBe(400);
      expect(body.error).toBe('unauthorized_client');
    });

    it('refuses wrong passwords, unknown users, unknown clients and other grant types', async () => {
      const wrong = await tokenError(
        fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'zhangsan', password: 'nope' }),
      );
      expect(wrong).toEqual({
        status: 401,
        body: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
      });
      const nobody = await tokenError(
        fetchTokenWithPassword({ realmUrl: idp.realmUrl, username: 'nobody', password: 'demo' }),
      );
      expect(nobody.status).toBe(401);
      const client = await tokenError(
        fetchTokenWithPassword({
          realmUrl: idp.realmUrl,
          username: 'zhangsan',
          password: 'demo',
          clientId: 'evil',
        }),
      );
      expect(client).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      const cc = await fetch(
        `${idp.realmUrl}/protocol/openid-connect/token`,
        form({ grant_type: 'client_credentials', client_id: 'hall-cli' }),
      );
      expect(cc.status).toBe(400);
      expect(((await cc.json()) as OAuthErrorBody).error).toBe('unsupported_grant_type');
    });
  });

  describe('authorization code + PKCE (hall-web)', () => {
    it('logs in through the login page like a browser', async () => {
      const tokens = await loginWithAuthorizationCode({
        realmUrl: idp.realmUrl,
        username: 'clerk.shangcheng',
        password: 'demo',
        redirectUri: callback(),
      });
      expect(decodeJwt(tokens.access_token)).toMatchObject({
        azp: 'hall-web',
        preferred_username: 'clerk.shangcheng',
        region: '330102',
        realm_access: { roles: expect.arrayContaining(['clerk']) as unknown },
      });
      const id = decodeJwt(tokens.id_token ?? '');
      expect(id).toMatchObject({ typ: 'ID', aud: 'hall-web', azp: 'hall-web' });
      expect(typeof id['nonce']).toBe('string');
    });

    it('renders a zh-CN login page listing the demo accounts, with strict headers', async () => {
      const res = await authorize({ login_hint: '<script>alert(1)</script>' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('演示账号');
      for (const a of demoAccounts) expect(html).toContain(a.username);
      expect(html).not.toContain('<script>');
      expect(html).toContain('&#60;script&#62;');
    });

    it('redirects with the code, state, session_state and iss (query or fragment)', async () => {
      const page = await authorize({ response_mode: 'fragment', state: 'abc' });
      const tabId = /name="tab_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const res = await fetch(
        `${idp.realmUrl}/login-actions/authenticate`,
        form({ tab_id: tabId, username: 'lisi', password: 'demo' }),
      );
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(callback());
      const params = new URLSearchParams(location.hash.slice(1));
      expect(params.get('state')).toBe('abc');
      expect(params.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('iss')).toBe(idp.realmUrl);
      expect(params.get('session_state')).toBeTruthy();
    });

    it('requires PKCE with S256', async () => {
      for (const params of [
        { code_challenge: undefined },
        { code_challenge_method: 'plain' },
        { code_challenge_method: undefined },
      ]) {
        const res = await authorize(params);
        expect(res.status).toBe(302);
        const location = new URL(res.headers.get('location') ?? '');
        expect(location.searchParams.get('error')).toBe('invalid_request');
        expect(location.searchParams.get('state')).toBe('st-1');
      }
      const implicit = await authorize({ response_type: 'token' });
      expect(new URL(implicit.headers.get('location') ?? '').searchParams.get('error')).toBe(
        'unsupported_response_type',
      );
    });

    it('never redirects to an unregistered redirect_uri, and refuses clients without the standard flow', async () => {
      for (const redirect_uri of [
        'https://evil.example/cb',
        `${idp.baseUrl}.evil.example/cb`,
        'javascript:alert(1)',
        `${callback()}#x`,
        `${idp.baseUrl}//evil.example/`,
        `${idp.baseUrl}/`,
        `${callback()}/x`,
        'http://localhost:5173/other',
      ]) {
        const res = await authorize({ redirect_uri });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      }
      const extra = await authorize({ redirect_uri: 'http://localhost:5173/auth/callback' });
      expect(extra.status).toBe(200);
      const cli = await authorize({ client_id: 'hall-cli' });
      expect(cli.status).toBe(400);
      const unknown = await authorize({ client_id: 'nope' });
      expect(unknown.status).toBe(400);
    });

    it('answers prompt=none with login_required', async () => {
      const res = await authorize({ prompt: 'none' });
      expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');
    });

    it('shows the form again on a wrong password, without redirecting', async () => {
      const page = await authorize({});
      const tabId = /name="tab_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      const res = await fetch(
        `${idp.realmUrl}/login-actions/authenticate`,
        form({ tab_id: tabId, username: 'zhangsan', password: 'x' }),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('用户名或密码错误');
      const stale = await fetch(
        `${idp.realmUrl}/login-actions/authenticate`,
        form({ tab_id: 'unknown', username: 'zhangsan', password: 'demo' }),
      );
      expect(stale.status).toBe(400);
    });

    it('checks the code verifier', async () => {
      const { code } = await obtainCode();
      const res = await exchange(code, createPkcePair().verifier);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
      const missing = await obtainCode();
      const none = await fetch(
        `${idp.realmUrl}/protocol/openid-connect/token`,
        form({
          grant_type: 'authorization_code',
          client_id: 'hall-web',
          code: missing.code,
          redirect_uri: callback(),
        }),
      );
      expect(none.status).toBe(400);
    });

    it('checks the redirect_uri at the token endpoint', async () => {
      const { code, verifier } = await obtainCode();
      const res = await exchange(code, verifier, `${idp.baseUrl}/other`);
      expect(await res.json()).toMatchObject({
        error: 'invalid_grant',
        error_description: 'Incorrect redirect_uri',
      });
    });

    it('makes codes single-use; a replay ends the session', async () => {
      const { code, verifier } = await obtainCode();
      const first = await exchange(code, verifier);
      expect(first.status).toBe(200);
      const tokens = (await first.json()) as { refresh_token: string };
      const second = await exchange(code, verifier);
      expect(second.status).toBe(400);
      expect(await second.json()).toMatchObject({ error: 'invalid_grant' });
      const refresh = await tokenError(
        refreshTokens({ realmUrl: idp.realmUrl, refreshToken: tokens.refresh_token, clientId: 'hall-web' }),
      );
      expect(refresh.body.error).toBe('invalid_grant');
    });

    it('lets codes expire after 60 s', async () => {
      const { code, verifier } = await obtainCode();
      clock = Date.now() + 61_000;
      const res = await exchange(code, verifier);
      expect(res.status).toBe(400);
    });
  });

  describe('refresh, userinfo, logout', () => {
    it('refreshes with the refresh token of the same client only', async () => {
      const tokens = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        username: 'supervisor',
        password: 'demo',
      });
      const refreshed = await refreshTokens({
        realmUrl: idp.realmUrl,
        refreshToken: tokens.refresh_token ?? '',
        clientId: 'hall-cli',
      });
      expect(decodeJwt(refreshed.access_token)).toMatchObject({
        preferred_username: 'supervisor',
        typ: 'Bearer',
      });
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      const withAccess = await tokenError(
        refreshTokens({ realmUrl: idp.realmUrl, refreshToken: tokens.access_token, clientId: 'hall-cli' }),
      );
      expect(withAccess.body.error).toBe('invalid_grant');
      const otherClient = await tokenError(
        refreshTokens({
          realmUrl: idp.realmUrl,
          refreshToken: tokens.refresh_token ?? '',
          clientId: 'hall-web',
        }),
      );
      expect(otherClient.body.error).toBe('invalid_grant');
      clock = Date.now() + 1801_000;
      const expired = await tokenError(
        refreshTokens({
          realmUrl: idp.realmUrl,
          refreshToken: tokens.refresh_token ?? '',
          clientId: 'hall-cli',
        }),
      );
      expect(expired.body.error).toBe('invalid_grant');
    });

    it('serves userinfo by GET and POST', async () => {
      const tokens = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        username: 'xihu-tech',
        password: 'demo',
      });
      const get = await fetch(`${idp.realmUrl}/protocol/openid-connect/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(get.status).toBe(200);
      expect(await get.json()).toMatchObject({
        preferred_username: 'xihu-tech',
        uscc: '91330106MA27U8Q168',
        region: '330106',
      });
      const post = await fetch(
        `${idp.realmUrl}/protocol/openid-connect/userinfo`,
        form({ access_token: tokens.access_token }),
      );
      expect(post.status).toBe(200);
      const none = await fetch(`${idp.realmUrl}/protocol/openid-connect/userinfo`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('invalid_token');
      const refresh = await fetch(`${idp.realmUrl}/protocol/openid-connect/userinfo`, {
        headers: { authorization: `Bearer ${tokens.refresh_token ?? ''}` },
      });
      expect(refresh.status).toBe(401);
    });

    it('logs out: redirects to a registered post_logout_redirect_uri and ends the session', async () => {
      const tokens = await loginWithAuthorizationCode({
        realmUrl: idp.realmUrl,
        username: 'admin',
        password: 'demo',
        redirectUri: callback(),
      });
      const url = new URL(`${idp.realmUrl}/protocol/openid-connect/logout`);
      url.searchParams.set('id_token_hint', tokens.id_token ?? '');
      url.searchParams.set('post_logout_redirect_uri', `${idp.baseUrl}/`);
      url.searchParams.set('state', 's9');
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${idp.baseUrl}/?state=s9`);
      const refresh = await tokenError(
        refreshTokens({
          realmUrl: idp.realmUrl,
          refreshToken: tokens.refresh_token ?? '',
          clientId: 'hall-web',
        }),
      );
      expect(refresh.body.error).toBe('invalid_grant');
      const userinfo = await fetch(`${idp.realmUrl}/protocol/openid-connect/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(userinfo.status).toBe(401);
    });

    it('refuses an unregistered post_logout_redirect_uri and shows a page without one', async () => {
      const evil = await fetch(
        `${idp.realmUrl}/protocol/openid-connect/logout?client_id=hall-web&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
        { redirect: 'manual' },
      );
      expect(evil.status).toBe(400);
      expect(evil.headers.get('location')).toBeNull();
      const noClient = await fetch(
        `${idp.realmUrl}/protocol/openid-connect/logout?post_logout_redirect_uri=${encodeURIComponent(`${idp.baseUrl}/`)}`,
        { redirect: 'manual' },
      );
      expect(noClient.status).toBe(400);
      const plain = await fetch(`${idp.realmUrl}/protocol/openid-connect/logout`);
      expect(plain.status).toBe(200);
      expect(await plain.text()).toContain('已退出登录');
    });

    it('answers CORS for the web origins of hall-web only', async () => {
      const ok = await fetch(`${idp.realmUrl}/protocol/openid-connect/token`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      const evil = await fetch(`${idp.realmUrl}/protocol/openid-connect/certs`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('demo accounts endpoint', () => {
    it('lists the demo accounts when exposed', async () => {
      const res = await fetch(`${idp.realmUrl}/demo-accounts`);
      expect(res.status).toBe(200);
      const list = (await res.json()) as {
        username: string;
        password: string;
        roles: string[];
        department: string | null;
        region: string;
        name: string;
      }[];
      expect(list.map((a) => a.username)).toEqual(demoAccounts.map((a) => a.username));
      expect(list[0]).toMatchObject({
        username: 'zhangsan',
        password: 'demo',
        roles: ['applicant'],
        department: null,
        region: '330102',
        name: '张三',
      });
    });

    it('is 404 (and the login page lists no accounts) when not exposed', async () => {
      const hidden = await startDevIdentityProvider();
      try {
        expect((await fetch(`${hidden.realmUrl}/demo-accounts`)).status).toBe(404);
        const url = new URL(`${hidden.realmUrl}/protocol/openid-connect/auth`);
        url.search = new URLSearchParams({
          client_id: 'hall-web',
          redirect_uri: `${hidden.baseUrl}/auth/callback`,
          response_type: 'code',
          code_challenge: createPkcePair().challenge,
          code_challenge_method: 'S256',
        }).toString();
        const html = await (await fetch(url)).text();
        expect(html).toContain('name="password"');
        expect(html).not.toContain('演示账号');
        expect(html).not.toContain('approver.market');
      } finally {
        await hidden.close();
      }
    });
  });
});
