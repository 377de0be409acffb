/**
 * Conformance with keycloak-js (Keycloak's own adapter) in Chromium with its DEFAULT options: `init({ onLoad:
 * 'login-required' })` (third-party cookie check, login status frame, PKCE S256, fragment response mode), a second
 * tab with `check-sso` signed in without the login form, `updateToken`, `loadUserProfile`, logout, and the other tab
 * noticing it through the login status frame. One browser, one identity provider for the file; the test page is
 * served by the test under the web origin (support/browser-pages.ts).
 */
import type Keycloak from 'keycloak-js';
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

if (!haveChromium) process.stderr.write(`keycloak-js conformance skipped: no Chromium at ${chromiumPath}\n`);
const describeBrowser = haveChromium ? describe : describe.skip;

interface KcWindow {
  kc: Keycloak;
  kcInit: Promise<{ authenticated?: boolean; error?: string }>;
  kcEvents: string[];
  kcOnLoad?: 'login-required' | 'check-sso';
}

/** The application page: keycloak-js with default options; `window.kcOnLoad` may pick check-sso. */
function appPage(target: ConformanceTarget): string {
  const m = /^(.*)\/realms\/([^/]+)$/.exec(target.issuer);
  const config = { url: m?.[1] ?? '', realm: m?.[2] ?? 'hall', clientId: 'hall-web' };
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>keycloak-js</title></head><body>
<script type="module">
import Keycloak from '/keycloak.js';
const kc = new Keycloak(${JSON.stringify(config)});
window.kc = kc;
window.kcEvents = [];
kc.onAuthLogout = () => window.kcEvents.push('logout');
window.kcInit = kc.init({ onLoad: window.kcOnLoad ?? 'login-required' }).then(
  (authenticated) => ({ authenticated }),
  (e) => ({ error: e instanceof Error ? e.message : JSON.stringify(e) }),
);
</script></body></html>`;
}

describeBrowser('keycloak-js (default options) against the hall realm', () => {
  let target: ConformanceTarget;
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let first: Page;
  let second: Page;

  const initResult = (page: Page) =>
    page
      .waitForFunction(() => (window as unknown as Partial<KcWindow>).kcInit !== undefined)
      .then(() => page.evaluate(() => (window as unknown as KcWindow).kcInit));

  beforeAll(async () => {
    site = await startTestSite();
    target = await startConformanceTarget({ webOrigin: site.origin });
    site.serve({
      '/auth/callback': appPage(target),
      '/': '<!doctype html><html><head><meta charset="utf-8"><title>signed out</title></head><body>已退出</body></html>',
      '/keycloak.js': packageFile('keycloak-js'),
    });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'zh-CN' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await target?.close();
    await site?.close();
  });

  it('login-required: redirects to the login form, comes back signed in (third-party cookie check and status frame on)', async () => {
    first = await context.newPage();
    await first.goto(`${target.webOrigin}/auth/callback`);
    await first.waitForURL((u) => u.href.startsWith(target.issuer));
    await signInOnLoginPage(first, target);
    expect(await initResult(first)).toEqual({ authenticated: true });
    const state = await first.evaluate(() => {
      const { kc } = window as unknown as KcWindow;
      return {
        username: kc.tokenParsed?.['preferred_username'] as unknown,
        sid: kc.sessionId,
        statusFrame: document.querySelector('iframe[title="keycloak-session-iframe"]') !== null,
        nonce: kc.idTokenParsed?.nonce,
      };
    });
    expect(state.username).toBe(target.username);
    expect(state.sid).toEqual(expect.any(String));
    expect(state.nonce).toEqual(expect.any(String));
    // The third-party cookie check said "supported": keycloak-js keeps its login status frame.
    expect(state.statusFrame).toBe(true);
  });

  it('updateToken refreshes (after asking the status frame) and loadUserProfile reads the account', async () => {
    const result = await first.evaluate(async () => {
      const { kc } = window as unknown as KcWindow;
      const before = kc.token;
      const refreshed = await kc.updateToken(-1);
      const profile = await kc.loadUserProfile();
      return { refreshed, changed: kc.token !== before, profile };
    });
    expect(result.refreshed).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.profile).toMatchObject({ username: target.username, emailVerified: true });
    expect(result.profile.id).toEqual(expect.any(String));
    // Not refreshed when still valid (status frame answered "unchanged").
    expect(await first.evaluate(() => (window as unknown as KcWindow).kc.updateToken(5))).toBe(false);
  });

  it('check-sso in a second tab signs in without showing the login form (same SSO session)', async () => {
    second = await context.newPage();
    await second.addInitScript(() => {
      (window as unknown as KcWindow).kcOnLoad = 'check-sso';
    });
    const form = watchLoginForm(second, target);
    await second.goto(`${target.webOrigin}/auth/callback`);
    await second.waitForURL(
      (u) => u.href.startsWith(`${target.webOrigin}/auth/callback`) && !u.href.includes('prompt'),
    );
    // check-sso redirects once with prompt=none; wait until keycloak-js is back from it and settled.
    await second.waitForFunction(() => {
      const w = window as unknown as Partial<KcWindow>;
      return w.kc?.authenticated === true;
    });
    expect(await initResult(second)).toEqual({ authenticated: true });
    expect(form.shown()).toBe(false);
    const [sidA, sidB] = await Promise.all([
      first.evaluate(() => (window as unknown as KcWindow).kc.sessionId),
      second.evaluate(() => (window as unknown as KcWindow).kc.sessionId),
    ]);
    expect(sidB).toBe(sidA);
  });

  it('logout ends the SSO session; the other tab learns it from the status frame and its tokens are dead', async () => {
    const token = await second.evaluate(() => (window as unknown as KcWindow).kc.token ?? '');
    await Promise.all([
      first.waitForURL(`${target.webOrigin}/`),
      first.evaluate(() => (window as unknown as KcWindow).kc.logout({ redirectUri: `${location.origin}/` })),
    ]);
    const userinfo = await fetch(`${target.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(userinfo.status).toBe(401);
    const after = await second.evaluate(async () => {
      const w = window as unknown as KcWindow;
      const outcome = await w.kc.updateToken(5).then(
        () => 'refreshed',
        () => 'rejected',
      );
      return { outcome, authenticated: w.kc.authenticated ?? false, events: w.kcEvents };
    });
    expect(after).toEqual({ outcome: 'rejected', authenticated: false, events: ['logout'] });
    // A new page asks for the password again.
    const third = await context.newPage();
    await third.goto(`${target.webOrigin}/auth/callback`);
    await third.waitForURL((u) => u.href.startsWith(target.issuer));
    expect(await third.locator('input[name=password]').count()).toBe(1);
    await third.close();
  });
});
