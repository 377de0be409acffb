// Keycloak parity of the dev identity provider over HTTP: SSO sessions (cookies, prompt=none, prompt=login,
// max_age, idle and max lifetimes, logout everywhere, logout confirmation, front-channel logout), client
// authentication as Keycloak accepts it, revocation (RFC 7009), introspection (RFC 7662), the account endpoint and
// the keycloak-js adapter frames. A small cookie jar plays the browser.
import { request as httpRequest } from 'node:http';
import { decodeJwt } from 'jose';
import { createPkcePair } from './dev-idp.client.js';
import {
  buildDevIdentityProvider,
  startDevIdentityProvider,
  type RunningDevIdentityProvider,
} from './dev-idp.server.js';

/** The cookies one browser holds for the realm (name → value), fed from Set-Cookie. */
class Browser {
  readonly jar = new Map<string, string>();
  readonly setCookies: string[] = [];
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }
}

const form = (body: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});
const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('dev identity provider: SSO sessions and Keycloak endpoints', () => {
  let idp: RunningDevIdentityProvider;
  let clock = Date.now();
  const callback = (): string => `${idp.baseUrl}/auth/callback`;
  const portalCallback = 'http://portal.localhost:9000/cb';
  const oidc = (path: string): string => `${idp.realmUrl}/protocol/openid-connect/${path}`;

  beforeAll(async () => {
    idp = await startDevIdentityProvider({
      now: () => clock,
      loginRateLimit: false,
      // Another application of the same realm (a disclosure portal), with a front-channel logout URL.
      extraClients: [
        {
          clientId: 'portal',
          standardFlow: true,
          directAccessGrants: false,
          redirectUris: [portalCallback],
          postLogoutRedirectUris: ['http://portal.localhost:9000/'],
          frontchannelLogoutUrl: 'http://portal.localhost:9000/logout-frame',
        },
      ],
    });
  });
  afterAll(async () => {
    await idp.close();
  });
  beforeEach(() => {
    clock = Date.now();
  });

  function authUrl(params: Record<string, string> = {}): { url: URL; verifier: string } {
    const pkce = createPkcePair();
    const url = new URL(oidc('auth'));
    url.search = new URLSearchParams({
      client_id: 'hall-web',
      redirect_uri: callback(),
      response_type: 'code',
      scope: 'openid',
      state: 'st',
      nonce: 'n-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...params,
    }).toString();
    return { url, verifier: pkce.verifier };
  }

  /** Logs the browser in through the form; returns the code redirect's parameters and the verifier. */
  async function login(
    b: Browser,
    params: Record<string, string> = {},
    username = 'zhangsan',
  ): Promise<{ callback: URL; verifier: string }> {
    const { url, verifier } = authUrl(params);
    const page = await b.fetch(url);
    expect(page.status).toBe(200);
    const tabId = /name="tab_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const res = await b.fetch(
      `${idp.realmUrl}/login-actions/authenticate`,
      form({ tab_id: tabId, username, password: 'demo' }),
    );
    expect(res.status).toBe(302);
    return { callback: new URL(res.headers.get('location') ?? ''), verifier };
  }

  async function exchange(
    cb: URL,
    verifier: string,
    redirectUri = callback(),
    clientId = 'hall-web',
  ): Promise<Record<string, string>> {
    const res = await fetch(
      oidc('token'),
      form({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: cb.searchParams.get('code') ?? '',
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>;
  }

  const refresh = (refreshToken: string, clientId = 'hall-web'): Promise<Response> =>
    fetch(
      oidc('token'),
      form({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }),
    );
  const userinfo = (accessToken: string): Promise<Response> =>
    fetch(oidc('userinfo'), { headers: { authorization: `Bearer ${accessToken}` } });

  describe('SSO session', () => {
    it('login sets the HttpOnly session cookie and the status cookie: SameSite=Lax, path /realms/hall/, not Secure over http', async () => {
      const b = new Browser();
      await login(b);
      const identity = b.setCookies.find((c) => c.startsWith('KEYCLOAK_IDENTITY='));
      const status = b.setCookies.find((c) => c.startsWith('KEYCLOAK_SESSION='));
      expect(identity).toMatch(/; HttpOnly/);
      expect(identity).toMatch(/Path=\/realms\/hall\//);
      expect(identity).toMatch(/SameSite=Lax/);
      expect(identity).not.toMatch(/Secure/);
      expect(status).toMatch(/SameSite=Lax/);
      expect(status).not.toMatch(/HttpOnly/); // read by the login status frame
    });

    it('marks the cookies Secure when the public URL is https', async () => {
      // Same provider code, reached through a TLS-terminating proxy: the public URL is https.
      const app = await buildDevIdentityProvider({
        publicBaseUrl: 'https://ywtb.example.gov.cn',
        loginRateLimit: false,
      });
      try {
        const { url } = authUrl({ redirect_uri: 'https://ywtb.example.gov.cn/auth/callback' });
        const local = await app.listen({ host: '127.0.0.1', port: 0 });
        const page = await fetch(`${local}${url.pathname}${url.search}`);
        const tabId = /name="tab_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
        const res = await fetch(`${local}/realms/hall/login-actions/authenticate`, {
          ...form({ tab_id: tabId, username: 'lisi', password: 'demo' }),
          redirect: 'manual',
        });
        expect(res.status).toBe(302);
        const cookies = res.headers.getSetCookie();
        expect(cookies).toHaveLength(2);
        for (const c of cookies) expect(c).toMatch(/; Secure/);
      } finally {
        await app.close();
      }
    });

    it('prompt=none answers login_required without a session, a code (same session) with one, for another client too', async () => {
      const b = new Browser();
      const none = await b.fetch(authUrl({ prompt: 'none' }).url);
      expect(new URL(none.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');

      const first = await login(b);
      const sid = first.callback.searchParams.get('session_state');
      const silent = authUrl({ prompt: 'none' });
      const again = await b.fetch(silent.url);
      expect(again.status).toBe(302);
      const cb = new URL(again.headers.get('location') ?? '');
      expect(cb.searchParams.get('session_state')).toBe(sid);
      const tokens = await exchange(cb, silent.verifier);
      expect(decodeJwt(tokens['id_token'] ?? '')).toMatchObject({ sid, nonce: 'n-1' });

      // No prompt at all: another application of the realm signs the user in without the form (single sign-on).
      const portal = authUrl({ client_id: 'portal', redirect_uri: portalCallback });
      const sso = await b.fetch(portal.url);
      expect(sso.status).toBe(302);
      const portalCb = new URL(sso.headers.get('location') ?? '');
      const portalTokens = await exchange(portalCb, portal.verifier, portalCallback, 'portal');
      expect(decodeJwt(portalTokens['access_token'] ?? '')).toMatchObject({
        sid,
        azp: 'portal',
        preferred_username: 'zhangsan',
      });
    });

    it('prompt=login and an exceeded max_age ask for the password again; auth_time moves, the session stays', async () => {
      const b = new Browser();
      const first = await login(b);
      const sid = first.callback.searchParams.get('session_state');
      const t0 = decodeJwt((await exchange(first.callback, first.verifier))['id_token'] ?? '')['auth_time'];
      expect((await b.fetch(authUrl({ prompt: 'login' }).url)).status).toBe(200); // the form

      clock += 120_000;
      expect((await b.fetch(authUrl({ max_age: '600' }).url)).status).toBe(302); // recent enough
      const stale = await b.fetch(authUrl({ max_age: '60', prompt: 'none' }).url);
      expect(new URL(stale.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');
      const again = await login(b, { max_age: '60' });
      expect(again.callback.searchParams.get('session_state')).toBe(sid);
      const t1 = decodeJwt((await exchange(again.callback, again.verifier))['id_token'] ?? '')['auth_time'];
      expect(Number(t1) - Number(t0)).toBeGreaterThanOrEqual(120);
    });

    it('another user signing in on the same browser replaces the session', async () => {
      const b = new Browser();
      const first = await login(b);
      const tokens = await exchange(first.callback, first.verifier);
      const second = await login(b, { prompt: 'login' }, 'lisi');
      expect(second.callback.searchParams.get('session_state')).not.toBe(
        first.callback.searchParams.get('session_state'),
      );
      expect((await refresh(tokens['refresh_token'] ?? '')).status).toBe(400);
    });

    it('ends after the idle timeout without use, and after the max lifespan even when used', async () => {
      const b = new Browser();
      const first = await login(b);
      const tokens = await exchange(first.callback, first.verifier);
      clock += 1799_000; // realm ssoSessionIdleTimeout 1800 s
      const used = await refresh(tokens['refresh_token'] ?? '');
      expect(used.status).toBe(200);
      const renewed = (await used.json()) as Record<string, string>;
      clock += 1801_000;
      expect((await refresh(renewed['refresh_token'] ?? '')).status).toBe(400);
      const none = await b.fetch(authUrl({ prompt: 'none' }).url);
      expect(new URL(none.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');

      // Max lifespan (36000 s): refreshing every 20 minutes does not keep the session beyond it.
      const c = new Browser();
      const l = await login(c);
      let refreshToken = (await exchange(l.callback, l.verifier))['refresh_token'] ?? '';
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++) {
        clock += 1200_000;
        const r = await refresh(refreshToken);
        status = r.status;
        if (status === 200) {
          const body = (await r.json()) as Record<string, unknown>;
          refreshToken = String(body['refresh_token']);
          expect(Number(body['refresh_expires_in'])).toBeLessThanOrEqual(1800);
        }
      }
      expect(status).toBe(400);
      expect((await c.fetch(authUrl({ prompt: 'none' }).url)).headers.get('location')).toMatch(
        /error=login_required/,
      );
    });

    it('two logins of one client (two tabs) rotate their refresh tokens independently', async () => {
      const b = new Browser();
      const tab1 = await login(b);
      const t1 = await exchange(tab1.callback, tab1.verifier);
      const silent = authUrl({ prompt: 'none' });
      const t2 = await exchange(
        new URL((await b.fetch(silent.url)).headers.get('location') ?? ''),
        silent.verifier,
      );
      expect((await refresh(t2['refresh_token'] ?? '')).status).toBe(200);
      expect((await refresh(t1['refresh_token'] ?? '')).status).toBe(200);
      // Reuse is still detected within a chain, and ends the whole session.
      expect((await refresh(t1['refresh_token'] ?? '')).status).toBe(400);
      expect((await userinfo(t2['access_token'] ?? '')).status).toBe(401);
    });
  });

  describe('logout', () => {
    it('with id_token_hint ends the session everywhere: cookies cleared, every client token refused, front-channel logout of the portal', async () => {
      const b = new Browser();
      const web = await login(b);
      const webTokens = await exchange(web.callback, web.verifier);
      const portal = authUrl({ client_id: 'portal', redirect_uri: portalCallback });
      const portalCb = new URL((await b.fetch(portal.url)).headers.get('location') ?? '');
      const portalTokens = await exchange(portalCb, portal.verifier, portalCallback, 'portal');
      const sid = web.callback.searchParams.get('session_state') ?? '';

      const url = new URL(oidc('logout'));
      url.searchParams.set('id_token_hint', webTokens['id_token'] ?? '');
      url.searchParams.set('post_logout_redirect_uri', `${idp.baseUrl}/`);
      url.searchParams.set('state', 'bye');
      const res = await b.fetch(url);
      // The portal registered a front-channel logout URL: a page loads it (with iss and sid), then goes on.
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(
        `http://portal.localhost:9000/logout-frame?iss=${encodeURIComponent(idp.realmUrl)}&#38;sid=${sid}`,
      );
      expect(html).toContain(JSON.stringify(`${idp.baseUrl}/?state=bye`));
      expect(res.headers.get('content-security-policy')).toContain('frame-src http://portal.localhost:9000');
      expect(b.jar.has('KEYCLOAK_IDENTITY')).toBe(false);

      for (const t of [webTokens, portalTokens]) {
        expect((await userinfo(t['access_token'] ?? '')).status).toBe(401);
      }
      expect((await refresh(webTokens['refresh_token'] ?? '')).status).toBe(400);
      expect((await refresh(portalTokens['refresh_token'] ?? '', 'portal')).status).toBe(400);
    });

    it('without id_token_hint asks the user first (zh-CN), and only the same browser can confirm', async () => {
      const b = new Browser();
      const web = await login(b);
      const tokens = await exchange(web.callback, web.verifier);
      const url = new URL(oidc('logout'));
      url.search = new URLSearchParams({
        client_id: 'hall-web',
        post_logout_redirect_uri: `${idp.baseUrl}/`,
        state: 's1',
      }).toString();
      const page = await b.fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('是否退出一网通办统一身份认证');
      expect((await userinfo(tokens['access_token'] ?? '')).status).toBe(200); // nothing ended yet
      const code = /name="session_code" value="([^"]+)"/.exec(html)?.[1] ?? '';

      // Another browser (a forged form elsewhere) cannot use the code.
      const other = new Browser();
      await login(other, {}, 'lisi');
      const forged = await other.fetch(oidc('logout/logout-confirm'), form({ session_code: code }));
      expect(forged.status).toBe(400);

      const page2 = await b.fetch(url);
      const code2 = /name="session_code" value="([^"]+)"/.exec(await page2.text())?.[1] ?? '';
      const confirmed = await b.fetch(oidc('logout/logout-confirm'), form({ session_code: code2 }));
      expect(confirmed.status).toBe(302);
      expect(confirmed.headers.get('location')).toBe(`${idp.baseUrl}/?state=s1`);
      expect((await userinfo(tokens['access_token'] ?? '')).status).toBe(401);
      expect(b.jar.has('KEYCLOAK_IDENTITY')).toBe(false);
      // A code works once.
      expect((await b.fetch(oidc('logout/logout-confirm'), form({ session_code: code2 }))).status).toBe(400);
    });

    it('without a session there is nothing to confirm: straight back to the registered page', async () => {
      const res = await fetch(
        `${oidc('logout')}?client_id=hall-web&post_logout_redirect_uri=${encodeURIComponent(`${idp.baseUrl}/`)}`,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${idp.baseUrl}/`);
    });
  });

  describe('client authentication', () => {
    it('a public client may send its client_id as HTTP Basic user with an empty secret', async () => {
      const b = new Browser();
      const l = await login(b);
      const res = await fetch(
        oidc('token'),
        form(
          {
            grant_type: 'authorization_code',
            code: l.callback.searchParams.get('code') ?? '',
            code_verifier: l.verifier,
            redirect_uri: callback(),
          },
          { authorization: basic('hall-web', '') },
        ),
      );
      expect(res.status).toBe(200);
      const tokens = (await res.json()) as Record<string, string>;
      const renewed = await fetch(
        oidc('token'),
        form(
          { grant_type: 'refresh_token', refresh_token: tokens['refresh_token'] ?? '' },
          { authorization: basic('hall-web', '') },
        ),
      );
      expect(renewed.status).toBe(200);
    });

    it('refuses unknown clients, a client_id differing from the Basic user, and a confidential client without its secret', async () => {
      const unknown = await fetch(
        oidc('token'),
        form(
          { grant_type: 'password', username: 'zhangsan', password: 'demo' },
          { authorization: basic('nobody', '') },
        ),
      );
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
      const mixed = await fetch(
        oidc('token'),
        form({ grant_type: 'password', client_id: 'hall-web' }, { authorization: basic('hall-cli', '') }),
      );
      expect(mixed.status).toBe(400);
      const wrongSecret = await fetch(
        oidc('token/introspect'),
        form({ token: 'x' }, { authorization: basic('hall-api', 'guess') }),
      );
      expect(wrongSecret.status).toBe(401);
      expect(await wrongSecret.json()).toMatchObject({ error: 'unauthorized_client' });
    });
  });

  describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
    const introspect = async (token: string): Promise<Record<string, unknown>> => {
      const res = await fetch(
        oidc('token/introspect'),
        form({ token }, { authorization: basic('hall-api', 'hall-api-dev-secret') }),
      );
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };

    it('introspects for the confidential hall-api (Basic or post), not for public clients', async () => {
      const b = new Browser();
      const l = await login(b);
      const tokens = await exchange(l.callback, l.verifier);
      expect(await introspect(tokens['access_token'] ?? '')).toMatchObject({
        active: true,
        sub: 'e4518845-247b-4299-b285-ab6179239c04',
        client_id: 'hall-web',
        username: 'zhangsan',
        token_type: 'Bearer',
      });
      expect(await introspect(tokens['access_token'] ?? '')).not.toHaveProperty('id_number');
      const post = await fetch(
        oidc('token/introspect'),
        form({
          token: tokens['refresh_token'] ?? '',
          client_id: 'hall-api',
          client_secret: 'hall-api-dev-secret',
        }),
      );
      expect(await post.json()).toMatchObject({ active: true, typ: 'Refresh' });
      expect(await introspect('not-a-token')).toEqual({ active: false });
      const publicClient = await fetch(
        oidc('token/introspect'),
        form({ token: tokens['access_token'] ?? '', client_id: 'hall-web' }),
      );
      expect(publicClient.status).toBe(403);
    });

    it('revoking a refresh token ends that client login (its access tokens too) and keeps the SSO session', async () => {
      const b = new Browser();
      const l = await login(b);
      const tokens = await exchange(l.callback, l.verifier);
      const res = await fetch(
        oidc('revoke'),
        form({
          token: tokens['refresh_token'] ?? '',
          token_type_hint: 'refresh_token',
          client_id: 'hall-web',
        }),
      );
      expect(res.status).toBe(200);
      expect((await refresh(tokens['refresh_token'] ?? '')).status).toBe(400);
      expect((await userinfo(tokens['access_token'] ?? '')).status).toBe(401);
      expect(await introspect(tokens['access_token'] ?? '')).toEqual({ active: false });
      expect((await b.fetch(authUrl({ prompt: 'none' }).url)).headers.get('location')).toMatch(/code=/);
    });

    it("revokes an access token alone; refuses another client's token; answers 200 for garbage", async () => {
      const b = new Browser();
      const l = await login(b);
      const tokens = await exchange(l.callback, l.verifier);
      const notMine = await fetch(
        oidc('revoke'),
        form({ token: tokens['access_token'] ?? '', client_id: 'hall-cli' }),
      );
      expect(notMine.status).toBe(400);
      expect(await notMine.json()).toMatchObject({
        error: 'invalid_request',
        error_description: 'Unmatching clients',
      });
      expect((await userinfo(tokens['access_token'] ?? '')).status).toBe(200);
      const revoked = await fetch(
        oidc('revoke'),
        form({ token: tokens['access_token'] ?? '' }, { authorization: basic('hall-web', '') }),
      );
      expect(revoked.status).toBe(200);
      expect((await userinfo(tokens['access_token'] ?? '')).status).toBe(401);
      expect((await refresh(tokens['refresh_token'] ?? '')).status).toBe(200);
      expect((await fetch(oidc('revoke'), form({ token: 'garbage', client_id: 'hall-web' }))).status).toBe(
        200,
      );
      const idToken = await fetch(
        oidc('revoke'),
        form({ token: tokens['id_token'] ?? '', client_id: 'hall-web' }),
      );
      expect(await idToken.json()).toMatchObject({ error: 'unsupported_token_type' });
    });
  });

  describe('account endpoint, adapter frames, discovery, CORS', () => {
    it('serves the profile for keycloak-js loadUserProfile (JSON with a bearer token)', async () => {
      const b = new Browser();
      const l = await login(b, {}, 'clerk.shangcheng');
      const tokens = await exchange(l.callback, l.verifier);
      const res = await fetch(`${idp.realmUrl}/account`, {
        headers: {
          authorization: `Bearer ${tokens['access_token'] ?? ''}`,
          accept: 'application/json',
          origin: 'http://localhost:5173',
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(await res.json()).toEqual({
        id: '41df075b-b77d-4470-b5ce-a903edbb2af2',
        username: 'clerk.shangcheng',
        email: 'clerk.shangcheng@hall.example',
        firstName: '王芳',
        lastName: '',
        emailVerified: true,
        attributes: { department: ['service-center'], department_role: ['officer'], region: ['330102'] },
      });
      expect(
        (await fetch(`${idp.realmUrl}/account`, { headers: { accept: 'application/json' } })).status,
      ).toBe(401);
      const page = await fetch(`${idp.realmUrl}/account`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    });

    it('the login status frame answers init with 204 for an allowed client and origin, 403 otherwise', async () => {
      const init = (clientId: string, origin: string) =>
        fetch(
          `${oidc('login-status-iframe.html/init')}?${new URLSearchParams({ client_id: clientId, origin })}`,
        );
      expect((await init('hall-web', 'http://localhost:5173')).status).toBe(204);
      expect((await init('hall-web', 'http://hall.localhost:8000')).status).toBe(204);
      expect((await init('hall-web', idp.baseUrl)).status).toBe(204);
      expect((await init('hall-web', 'https://evil.example')).status).toBe(403);
      expect((await init('hall-cli', 'http://localhost:5173')).status).toBe(403);
      expect((await init('nobody', 'http://localhost:5173')).status).toBe(403);
      expect((await fetch(oidc('login-status-iframe.html/init'))).status).toBe(403);
    });

    it('serves the frames with a script-only-by-hash CSP, embeddable by the web origins only', async () => {
      for (const path of ['login-status-iframe.html', '3p-cookies/step1.html', '3p-cookies/step2.html']) {
        const res = await fetch(oidc(path));
        expect(res.status).toBe(200);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
        expect(csp).toContain('frame-ancestors');
        expect(csp).toContain('http://localhost:5173');
        expect(csp).not.toContain('evil');
        expect(res.headers.get('x-frame-options')).toBeNull();
      }
      expect(await (await fetch(oidc('3p-cookies/step2.html'))).text()).toContain("'supported'");
    });

    it('names the configured public URL as issuer whatever the Host (Keycloak hostname), else follows the Host', async () => {
      const fixed = await buildDevIdentityProvider({
        publicBaseUrl: 'http://hall.localhost:8000',
        loginRateLimit: false,
      });
      try {
        const local = await fixed.listen({ host: '127.0.0.1', port: 0 });
        const d = (await (
          await fetch(`${local}/realms/hall/.well-known/openid-configuration`)
        ).json()) as Record<string, string>;
        expect(d['issuer']).toBe('http://hall.localhost:8000/realms/hall');
        expect(d['token_endpoint']).toBe(
          'http://hall.localhost:8000/realms/hall/protocol/openid-connect/token',
        );
      } finally {
        await fixed.close();
      }
      const dynamic = await buildDevIdentityProvider({ loginRateLimit: false });
      try {
        const local = await dynamic.listen({ host: '127.0.0.1', port: 0 });
        // What a dev server's proxy forwards (fetch cannot set Host).
        const body = await new Promise<string>((resolve, reject) => {
          const req = httpRequest(`${local}/realms/hall/.well-known/openid-configuration`, {
            headers: { host: 'localhost:5173' },
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          });
          req.on('error', reject);
          req.end();
        });
        const d = JSON.parse(body) as Record<string, string>;
        expect(d['issuer']).toBe('http://localhost:5173/realms/hall');
      } finally {
        await dynamic.close();
      }
    });

    it('advertises the endpoints in discovery', async () => {
      const d = (await (await fetch(`${idp.realmUrl}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      expect(d).toMatchObject({
        revocation_endpoint: oidc('revoke'),
        introspection_endpoint: oidc('token/introspect'),
        check_session_iframe: oidc('login-status-iframe.html'),
        end_session_endpoint: oidc('logout'),
        frontchannel_logout_supported: true,
        frontchannel_logout_session_supported: true,
      });
      expect(d['token_endpoint_auth_methods_supported']).toEqual(
        expect.arrayContaining(['none', 'client_secret_basic']),
      );
    });

    it.each(['token', 'revoke', 'userinfo', 'token/introspect'])(
      'answers a CORS preflight for %s from the web origins of the realm',
      async (path) => {
        for (const origin of ['http://localhost:5173', 'http://hall.localhost:8000']) {
          const res = await fetch(oidc(path), {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'authorization',
            },
          });
          expect(res.status).toBe(204);
          expect(res.headers.get('access-control-allow-origin')).toBe(origin);
          expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
        }
      },
    );
  });
});
