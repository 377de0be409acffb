/**
 * Conformance with oidc-client-ts (the hall SPA's library) in Chromium: signinRedirect, signinSilent by refresh
 * token and by hidden frame (prompt=none on the SSO session), querySessionStatus, session monitoring through the
 * realm's check_session_iframe (another tab logs out → userSignedOut), signoutRedirect. One browser, one identity
 * provider for the file; the test pages are served by the test (support/browser-pages.ts).
 */
import type { User, UserManager } from 'oidc-client-ts';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  packageFile,
  signInOnLoginPage,
  startTestSite,
  watchLoginForm,
  type TestSite,
} from './support/browser-pages.js';
import {
  CHROMIUM_ARGS,
  chromiumPath,
  haveChromium,
  startConformanceTarget,
  type ConformanceTarget,
} from './support/conformance-target.js';

if (!haveChromium)
  process.stderr.write(`oidc-client-ts conformance skipped: no Chromium at ${chromiumPath}\n`);
const describeBrowser = haveChromium ? describe : describe.skip;

interface OidcWindow {
  mgr: UserManager;
  events: string[];
  callback?: Promise<{ username?: unknown; error?: string }>;
}

/** The application: one UserManager as the hall SPA configures it, plus session monitoring. */
function appPage(target: ConformanceTarget, callback: boolean): string {
  const origin = target.webOrigin;
  const settings = {
    authority: target.issuer,
    client_id: 'hall-web',
    redirect_uri: `${origin}/auth/callback`,
    silent_redirect_uri: `${origin}/auth/callback`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile email',
    monitorSession: true,
    checkSessionIntervalInSeconds: 1,
    automaticSilentRenew: false,
    loadUserInfo: false,
  };
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>oidc-client-ts</title>
<script src="/oidc-client-ts.js"></script></head><body><script>
const mgr = new oidc.UserManager({ ...${JSON.stringify(settings)}, userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }) });
window.mgr = mgr;
window.events = [];
mgr.events.addUserSignedOut(() => window.events.push('signedOut'));
${
  callback
    ? `if (window.parent !== window) {
  mgr.signinCallback().catch(() => undefined);
} else {
  window.callback = mgr.signinCallback().then(
    (u) => ({ username: u && u.profile.preferred_username }),
    (e) => ({ error: String(e && e.message) }),
  );
}`
    : ''
}
</script></body></html>`;
}

describeBrowser('oidc-client-ts against the hall realm', () => {
  let target: ConformanceTarget;
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const user = (p: Page = page): Promise<User | null> =>
    p.evaluate(() => (window as unknown as OidcWindow).mgr.getUser());

  /** signinRedirect from the home page through the login form (when asked) back to the callback. */
  async function signInRedirect(p: Page): Promise<void> {
    await p.goto(`${target.webOrigin}/`);
    await Promise.all([
      p.waitForURL((u) => !u.href.startsWith(target.webOrigin)),
      p.evaluate(() => {
        void (window as unknown as OidcWindow).mgr.signinRedirect();
      }),
    ]);
    if (p.url().startsWith(target.issuer)) await signInOnLoginPage(p, target);
    await p.waitForURL((u) => u.href.startsWith(`${target.webOrigin}/auth/callback`));
    await p.waitForFunction(() => (window as unknown as OidcWindow).callback !== undefined);
    expect(await p.evaluate(() => (window as unknown as OidcWindow).callback)).toEqual({
      username: target.username,
    });
  }

  beforeAll(async () => {
    site = await startTestSite();
    target = await startConformanceTarget({ webOrigin: site.origin });
    site.serve({
      '/': appPage(target, false),
      '/auth/callback': appPage(target, true),
      '/oidc-client-ts.js': packageFile('oidc-client-ts', 'dist/browser/oidc-client-ts.min.js'),
    });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await target?.close();
    await site?.close();
  });

  it('signinRedirect: login form, code + PKCE, back with a user holding a refresh token and session_state', async () => {
    await signInRedirect(page);
    const u = await user();
    expect(u?.profile.preferred_username).toBe(target.username);
    expect(u?.refresh_token).toEqual(expect.any(String));
    expect(u?.session_state).toBe(u?.profile['sid']);
  });

  it('signinSilent with a refresh token renews without a frame', async () => {
    const before = await user();
    const grants: string[] = [];
    const onRequest = (r: { url(): string; postData(): string | null }) => {
      if (r.url().startsWith(target.issuer)) grants.push(`${r.url()} ${r.postData() ?? ''}`);
    };
    page.on('request', onRequest);
    const renewed = await page.evaluate(() => (window as unknown as OidcWindow).mgr.signinSilent());
    page.off('request', onRequest);
    expect(renewed?.access_token).not.toBe(before?.access_token);
    expect(grants.some((g) => g.includes('grant_type=refresh_token'))).toBe(true);
    expect(grants.some((g) => g.includes('/protocol/openid-connect/auth'))).toBe(false);
  });

  it('signinSilent without a refresh token uses a hidden frame with prompt=none on the SSO session (no login form)', async () => {
    const sid = (await user())?.profile['sid'];
    const form = watchLoginForm(page, target);
    const authRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${target.issuer}/protocol/openid-connect/auth`)) authRequests.push(r.url());
    });
    const renewed = await page.evaluate(async () => {
      const { mgr } = window as unknown as OidcWindow;
      await mgr.removeUser();
      const u = await mgr.signinSilent();
      return { sid: u?.profile['sid'], username: u?.profile.preferred_username };
    });
    expect(renewed).toEqual({ sid, username: target.username });
    expect(authRequests.some((u) => new URL(u).searchParams.get('prompt') === 'none')).toBe(true);
    expect(form.shown()).toBe(false);
  });

  it('querySessionStatus reports the SSO session', async () => {
    const status = await page.evaluate(() => (window as unknown as OidcWindow).mgr.querySessionStatus());
    const u = await user();
    expect(status).toEqual({ session_state: u?.session_state, sub: u?.profile.sub });
  });

  it('session monitoring: a logout in another tab raises userSignedOut through the check session frame', async () => {
    const idToken = (await user())?.id_token ?? '';
    expect(await page.evaluate(() => (window as unknown as OidcWindow).events)).toEqual([]);
    const signedOut = page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const w = window as unknown as OidcWindow;
          if (w.events.includes('signedOut')) resolve(true);
          w.mgr.events.addUserSignedOut(() => resolve(true));
        }),
    );
    const other = await context.newPage();
    const logout = new URL(`${target.issuer}/protocol/openid-connect/logout`);
    logout.searchParams.set('id_token_hint', idToken);
    logout.searchParams.set('post_logout_redirect_uri', `${target.webOrigin}/`);
    await other.goto(logout.href);
    await other.waitForURL(`${target.webOrigin}/`);
    await other.close();
    expect(await signedOut).toBe(true);
  });

  it('signoutRedirect ends the session: back on the app, and the next silent sign-in answers login_required', async () => {
    await signInRedirect(page); // asks for the password again: the previous session is over
    await Promise.all([
      page.waitForURL(`${target.webOrigin}/`),
      page.evaluate(() => {
        void (window as unknown as OidcWindow).mgr.signoutRedirect();
      }),
    ]);
    const status = await page.evaluate(() =>
      (window as unknown as OidcWindow).mgr.querySessionStatus().then(
        () => 'signed in',
        (e: unknown) => String((e as { error?: string }).error),
      ),
    );
    expect(status).toBe('login_required');
  });
});
