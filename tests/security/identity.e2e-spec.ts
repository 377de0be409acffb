/**
 * The identity provider and the token lifecycle (issue 18, findings 11, 12 and 15), against the dev identity
 * provider (Keycloak-shaped) and a real service verifying its tokens:
 * - refresh tokens rotate; a reused refresh token ends the whole session (its refresh tokens and userinfo);
 * - services accept access tokens only from the hall's own clients (`azp`);
 * - access tokens carry no ID or phone number; the ID token and userinfo do, and a service still knows who the
 *   applicant is (the verifier reads userinfo once per token);
 * - redirect URIs match the registered ones exactly;
 * - failed passwords are limited per account with back-off (another account behind the same address is not
 *   locked out), and concurrent connections are capped per address.
 */
import { connect, type Socket } from 'node:net';
import {
  fetchTokenWithPassword,
  loginWithAuthorizationCode,
  refreshTokens,
  startDevIdentityProvider,
  TokenRequestError,
  type RunningDevIdentityProvider,
} from '@hall/auth/dev';
import type { ServiceHarness } from '@hall/platform/testing';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { serviceNamed, startService } from './support/services.js';

const ZHANGSAN_ID = '330102199003071230';
const ZHANGSAN_PHONE = '13800000001';

async function tokenError(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TokenRequestError) return { status: err.status, body: err.body };
    throw err;
  }
  throw new Error('expected the token request to fail');
}

describe('refresh token rotation with reuse detection', () => {
  let idp: RunningDevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider();
  });
  afterAll(async () => {
    await idp?.close();
  });

  const userinfo = (token: string) =>
    request(idp.realmUrl).get('/protocol/openid-connect/userinfo').set('authorization', `Bearer ${token}`);

  it('a refresh token works once; using it again ends the session: every token of it is refused', async () => {
    const first = await fetchTokenWithPassword({
      realmUrl: idp.realmUrl,
      username: 'zhangsan',
      password: 'demo',
    });
    const second = await refreshTokens({
      realmUrl: idp.realmUrl,
      clientId: 'hall-cli',
      refreshToken: first.refresh_token ?? '',
    });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await userinfo(second.access_token)).status).toBe(200);

    // The stolen copy of the first refresh token is replayed.
    const replay = await tokenError(
      refreshTokens({
        realmUrl: idp.realmUrl,
        clientId: 'hall-cli',
        refreshToken: first.refresh_token ?? '',
      }),
    );
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The whole session is gone: the rotated refresh token and the session's access tokens at userinfo.
    const rotated = await tokenError(
      refreshTokens({
        realmUrl: idp.realmUrl,
        clientId: 'hall-cli',
        refreshToken: second.refresh_token ?? '',
      }),
    );
    expect(rotated).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await userinfo(second.access_token)).status).toBe(401);

    // Another session of the same user is untouched.
    const other = await fetchTokenWithPassword({
      realmUrl: idp.realmUrl,
      username: 'zhangsan',
      password: 'demo',
    });
    expect(
      (
        await refreshTokens({
          realmUrl: idp.realmUrl,
          clientId: 'hall-cli',
          refreshToken: other.refresh_token ?? '',
        })
      ).access_token,
    ).toBeTruthy();
  });

  it('the browser flow (hall-web) rotates too', async () => {
    const login = await loginWithAuthorizationCode({
      realmUrl: idp.realmUrl,
      username: 'clerk.xihu',
      password: 'demo',
      redirectUri: `${idp.baseUrl}/auth/callback`,
    });
    await refreshTokens({
      realmUrl: idp.realmUrl,
      clientId: 'hall-web',
      refreshToken: login.refresh_token ?? '',
    });
    const replay = await tokenError(
      refreshTokens({
        realmUrl: idp.realmUrl,
        clientId: 'hall-web',
        refreshToken: login.refresh_token ?? '',
      }),
    );
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('tokens at a service: only the hall clients, no personal data in access tokens', () => {
  let h: ServiceHarness;
  let baseUrl: string;
  beforeAll(async () => {
    // A second client of the same realm (say, another department's portal) gets tokens with the hall-api audience.
    const partner = {
      clientId: 'partner-portal',
      standardFlow: false,
      directAccessGrants: true,
      redirectUris: [],
    };
    h = await startService(serviceNamed('intake'), { idp: { extraClients: [partner] } });
    baseUrl = h.realmUrl.replace(/\/realms\/hall$/, '');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const notifications = (token: string) =>
    request(h.url).get('/api/intake/notifications').set('authorization', `Bearer ${token}`);

  it('an access token issued to another client (azp) is refused; hall-cli and hall-web tokens are accepted', async () => {
    const foreign = await fetchTokenWithPassword({
      realmUrl: h.realmUrl,
      clientId: 'partner-portal',
      username: 'zhangsan',
      password: 'demo',
    });
    expect(decodeJwt(foreign.access_token)).toMatchObject({
      azp: 'partner-portal',
      aud: expect.arrayContaining(['hall-api']),
    });
    const refused = await notifications(foreign.access_token);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);

    expect((await notifications(await h.tokenFor('zhangsan'))).status).toBe(200);
    const web = await loginWithAuthorizationCode({
      realmUrl: h.realmUrl,
      username: 'zhangsan',
      password: 'demo',
      redirectUri: `${baseUrl}/auth/callback`,
    });
    expect((await notifications(web.access_token)).status).toBe(200);
  });

  it('the access token holds no ID or phone number; the ID token and userinfo do', async () => {
    const set = await fetchTokenWithPassword({
      realmUrl: h.realmUrl,
      username: 'zhangsan',
      password: 'demo',
    });
    const access = decodeJwt(set.access_token);
    expect(access).not.toHaveProperty('id_number');
    expect(access).not.toHaveProperty('phone_number');
    expect(JSON.stringify(access)).not.toContain(ZHANGSAN_ID);
    expect(JSON.stringify(access)).not.toContain(ZHANGSAN_PHONE);
    expect(decodeJwt(set.id_token ?? '')).toMatchObject({
      id_number: ZHANGSAN_ID,
      phone_number: ZHANGSAN_PHONE,
    });
    const info = await request(h.realmUrl)
      .get('/protocol/openid-connect/userinfo')
      .set('authorization', `Bearer ${set.access_token}`);
    expect(info.body).toMatchObject({ id_number: ZHANGSAN_ID, phone_number: ZHANGSAN_PHONE });
  });

  it('the service still knows the applicant: the e-licence wallet (by ID number) answers', async () => {
    const wallet = await request(h.url)
      .get('/api/intake/licences')
      .set('authorization', `Bearer ${await h.tokenFor('zhangsan')}`);
    expect(wallet.status).toBe(200);
  });

  it('an applicant token whose session ended is refused when the service first sees it', async () => {
    const set = await fetchTokenWithPassword({ realmUrl: h.realmUrl, username: 'lisi', password: 'demo' });
    const bye = await fetch(
      `${h.realmUrl}/protocol/openid-connect/logout?id_token_hint=${set.id_token ?? ''}`,
      { redirect: 'manual' },
    );
    expect(bye.status).toBe(200);
    const refused = await request(h.url)
      .get('/api/intake/licences')
      .set('authorization', `Bearer ${set.access_token}`);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);
  });
});

describe('redirect URIs are matched exactly', () => {
  let idp: RunningDevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider();
  });
  afterAll(async () => {
    await idp?.close();
  });

  const authorize = (redirectUri: string) =>
    request(idp.realmUrl).get('/protocol/openid-connect/auth').query({
      client_id: 'hall-web',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });

  it('only the web app callback gets the login page', async () => {
    const ok = await authorize(`${idp.baseUrl}/auth/callback`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('name="tab_id"');
    for (const uri of [
      `${idp.baseUrl}//evil.example/`,
      `${idp.baseUrl}/`,
      `${idp.baseUrl}/anything`,
      `${idp.baseUrl}/auth/callback/../../evil`,
      `${idp.baseUrl}/auth/callback?next=//evil.example`,
      `${idp.baseUrl}/auth/callbackx`,
    ]) {
      const res = await authorize(uri);
      expect([uri, res.status]).toEqual([uri, 400]);
      expect(res.text).not.toContain('name="tab_id"');
      expect(res.headers['location']).toBeUndefined();
    }
  });

  it('logout returns only to the registered page', async () => {
    const logout = (uri: string) =>
      request(idp.realmUrl)
        .get('/protocol/openid-connect/logout')
        .query({ client_id: 'hall-web', post_logout_redirect_uri: uri });
    const ok = await logout(`${idp.baseUrl}/`);
    expect([ok.status, ok.headers['location']]).toEqual([302, `${idp.baseUrl}/`]);
    for (const uri of [`${idp.baseUrl}//evil.example/`, `${idp.baseUrl}/anything`]) {
      const res = await logout(uri);
      expect([uri, res.status, res.headers['location']]).toEqual([uri, 400, undefined]);
    }
  });
});

describe('failed passwords are limited per account, with back-off', () => {
  let idp: RunningDevIdentityProvider;
  let clock = Date.UTC(2026, 2, 2, 9, 0, 0);
  beforeAll(async () => {
    // A loose per-IP limit (a government office behind one NAT address); the per-account rule does the work.
    idp = await startDevIdentityProvider({
      loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
      now: () => clock,
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  const passwordGrant = (username: string, password: string) =>
    request(idp.realmUrl)
      .post('/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'hall-cli', username, password });

  it('after 5 failures the account waits (even with the right password); others behind the address log in; the wait doubles', async () => {
    for (let i = 0; i < 5; i++)
      expect((await passwordGrant(i % 2 === 0 ? 'zhangsan' : 'ZhangSan', `guess-${i}`)).status).toBe(401);
    const locked = await passwordGrant('zhangsan', 'demo');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      details: { limit: 'account' },
    });
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);

    // The login form says so in Chinese, and checks no password meanwhile.
    const page = await request(idp.realmUrl)
      .get('/protocol/openid-connect/auth')
      .query({
        client_id: 'hall-web',
        redirect_uri: `${idp.baseUrl}/auth/callback`,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      });
    const tabId = /name="tab_id" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const form = await request(idp.realmUrl)
      .post('/login-actions/authenticate')
      .type('form')
      .send({ tab_id: tabId, username: 'zhangsan', password: 'demo' });
    expect(form.status).toBe(429);
    expect(form.text).toContain('登录失败次数过多');
    expect(form.headers['location']).toBeUndefined();

    // Everyone else behind the same address is not affected.
    expect((await passwordGrant('lisi', 'demo')).status).toBe(200);

    // After the wait the right password works and clears the count.
    clock += wait * 1000;
    expect((await passwordGrant('zhangsan', 'demo')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await passwordGrant('zhangsan', `again-${i}`)).status).toBe(401);
    const lockedAgain = await passwordGrant('zhangsan', 'demo');
    expect(Number(lockedAgain.headers['retry-after'])).toBe(wait);

    // Failing again after the wait doubles it.
    clock += wait * 1000;
    expect((await passwordGrant('zhangsan', 'wrong')).status).toBe(401);
    const longer = await passwordGrant('zhangsan', 'demo');
    expect(longer.status).toBe(429);
    expect(Number(longer.headers['retry-after'])).toBe(2 * wait);
  });

  it('unknown user names count too (no hint whether an account exists)', async () => {
    for (let i = 0; i < 5; i++) expect((await passwordGrant('nobody.here', `guess-${i}`)).status).toBe(401);
    expect((await passwordGrant('nobody.here', 'demo')).status).toBe(429);
  });
});

describe('concurrent connections per client address', () => {
  let idp: RunningDevIdentityProvider;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ maxConnectionsPerIp: 2 });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await idp?.close();
  });

  const port = (): number => Number(new URL(idp.baseUrl).port);
  const open = (localAddress: string): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: port(), localAddress }, () => resolve(s));
      s.once('error', reject);
      sockets.push(s);
    });
  /** Sends a request on the socket; resolves with what came back before the server closed it (or a full response). */
  const ask = (s: Socket): Promise<string> =>
    new Promise((resolve) => {
      let text = '';
      s.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (/\r\n\r\n[\s\S]*\}$/.test(text)) resolve(text);
      });
      s.once('close', () => resolve(text));
      s.once('error', () => resolve(text));
      s.write(`GET /realms/hall/.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    });

  it('a third open connection from the same address is closed unanswered; another address is served', async () => {
    const a = await open('127.0.0.1');
    const b = await open('127.0.0.1');
    expect(await ask(a)).toMatch(/^HTTP\/1\.1 200/);
    const c = await open('127.0.0.1');
    expect(await ask(c)).toBe('');
    const other = await open('127.0.0.2');
    expect(await ask(other)).toMatch(/^HTTP\/1\.1 200/);
    expect(await ask(b)).toMatch(/^HTTP\/1\.1 200/);
  });
});
