/**
 * Conformance with `openid-client` (a certified relying party library; strict about issuer, `iss` in the
 * authorization response, PKCE, nonce, ID token signature and claims): code + PKCE, refresh, userinfo,
 * revocation, introspection, end session. Against the embedded provider, or a Keycloak with the realm imported
 * (`CONFORMANCE_ISSUER`, see support/conformance-target.ts).
 */
import * as client from 'openid-client';
import {
  FormUserAgent,
  startConformanceTarget,
  type ConformanceTarget,
} from './support/conformance-target.js';

describe('openid-client against the hall realm', () => {
  let target: ConformanceTarget;
  let web: client.Configuration;
  let introspector: client.Configuration;
  let redirectUri: string;

  beforeAll(async () => {
    target = await startConformanceTarget();
    redirectUri = `${target.webOrigin}/auth/callback`;
    const insecure = target.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {};
    web = await client.discovery(new URL(target.issuer), 'hall-web', undefined, client.None(), insecure);
    introspector = await client.discovery(
      new URL(target.issuer),
      target.introspection.clientId,
      target.introspection.secret,
      client.ClientSecretBasic(target.introspection.secret),
      insecure,
    );
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Signs in with code + PKCE (a user agent with cookies), then exchanges the code with every check on. */
  async function signIn(
    agent = new FormUserAgent(),
    extra: Record<string, string> = {},
    config = web,
  ): Promise<{
    tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    agent: FormUserAgent;
    callback: URL;
  }> {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    const step = await agent.follow(url, redirectUri);
    const callback =
      step.location ??
      (await agent.submitLogin(step.page ?? new Response(), target.username, target.password, redirectUri));
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return { tokens, agent, callback };
  }

  it('discovers the realm: issuer, endpoints, PKCE S256, revocation, introspection, session management', () => {
    const m = web.serverMetadata();
    expect(m.issuer).toBe(target.issuer);
    expect(m.code_challenge_methods_supported).toContain('S256');
    for (const endpoint of [
      m.authorization_endpoint,
      m.token_endpoint,
      m.userinfo_endpoint,
      m.end_session_endpoint,
      m.revocation_endpoint,
      m.introspection_endpoint,
      m['check_session_iframe'],
    ]) {
      expect(String(endpoint)).toMatch(new RegExp(`^${target.issuer}/protocol/openid-connect/`));
    }
  });

  it('code + PKCE: the ID token passes every check (iss, aud, nonce, signature, at_hash), with auth_time and sid', async () => {
    const { tokens, callback } = await signIn();
    expect(callback.searchParams.get('iss')).toBe(target.issuer);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: target.issuer,
      aud: 'hall-web',
      preferred_username: target.username,
    });
    expect(typeof claims?.['auth_time']).toBe('number');
    expect(typeof claims?.['sid']).toBe('string');
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('single sign-on: a second authorization in the same user agent needs no password (prompt=none too), prompt=login asks again', async () => {
    const first = await signIn();
    const sid = first.tokens.claims()?.['sid'];
    const second = await signIn(first.agent, { prompt: 'none' });
    expect(second.tokens.claims()?.['sid']).toBe(sid);
    const url = client.buildAuthorizationUrl(web, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'login',
    });
    const login = await first.agent.follow(url, redirectUri);
    expect(login.page?.status).toBe(200); // the login form
  });

  it('prompt=none without a session answers login_required to the client', async () => {
    const url = client.buildAuthorizationUrl(web, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 's',
      prompt: 'none',
    });
    const step = await new FormUserAgent().follow(url, redirectUri);
    expect(step.location?.searchParams.get('error')).toBe('login_required');
  });

  it('refreshes (rotated refresh token) and reads userinfo for the expected subject', async () => {
    const { tokens } = await signIn();
    const sub = tokens.claims()?.sub ?? '';
    const refreshed = await client.refreshTokenGrant(web, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const info = await client.fetchUserInfo(web, refreshed.access_token, sub);
    expect(info).toMatchObject({ sub, preferred_username: target.username });
  });

  it('a public client may authenticate with HTTP Basic and an empty secret', async () => {
    const basicWeb = await client.discovery(
      new URL(target.issuer),
      'hall-web',
      undefined,
      (_as, c, _body, headers) => {
        headers.set('authorization', `Basic ${Buffer.from(`${String(c.client_id)}:`).toString('base64')}`);
      },
      target.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {},
    );
    const { tokens } = await signIn(new FormUserAgent(), {}, basicWeb);
    const refreshed = await client.refreshTokenGrant(basicWeb, tokens.refresh_token ?? '');
    expect(refreshed.access_token).toEqual(expect.any(String));
  });

  it('introspects (confidential client), revokes the refresh token, and the client login is over', async () => {
    const { tokens } = await signIn();
    const active = await client.tokenIntrospection(introspector, tokens.access_token);
    expect(active).toMatchObject({ active: true, client_id: 'hall-web', username: target.username });
    await client.tokenRevocation(web, tokens.refresh_token ?? '', { token_type_hint: 'refresh_token' });
    await expect(client.refreshTokenGrant(web, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await client.tokenIntrospection(introspector, tokens.access_token)).toMatchObject({
      active: false,
    });
  });

  it('ends the session (RP-initiated logout with id_token_hint): back to the app, tokens dead, next sign-in asks again', async () => {
    const { tokens, agent } = await signIn();
    const postLogout = `${target.webOrigin}/`;
    const url = client.buildEndSessionUrl(web, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: postLogout,
      state: 'bye',
    });
    const step = await agent.follow(url, postLogout);
    expect(step.location?.searchParams.get('state')).toBe('bye');
    await expect(client.refreshTokenGrant(web, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await client.tokenIntrospection(introspector, tokens.access_token)).toMatchObject({
      active: false,
    });
    const again = client.buildAuthorizationUrl(web, {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    expect((await agent.follow(again, redirectUri)).location?.searchParams.get('error')).toBe(
      'login_required',
    );
  });
});
