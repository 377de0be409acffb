/**
 * The identity provider the conformance suite talks to: the embedded dev identity provider (one per test file,
 * started here), or a real Keycloak with deploy/keycloak/realm-hall.json imported when `CONFORMANCE_ISSUER` is
 * set (e.g. `CONFORMANCE_ISSUER=http://hall.localhost:8000/realms/hall` after `docker compose up`): the same
 * tests then prove the realm behaves the same on both servers.
 *
 *   CONFORMANCE_ISSUER              issuer of the realm; unset: embedded provider
 *   CONFORMANCE_USERNAME / _PASSWORD   a user of the realm (default zhangsan / demo)
 *   CONFORMANCE_WEB_ORIGIN          origin of the test application (redirect URI `<origin>/auth/callback`); must
 *                                   be one of hall-web's in the realm for an external Keycloak, e.g.
 *                                   http://localhost:5173 (the browser suites then serve their pages on that
 *                                   port). Unset: http://localhost:5173 for the Node suite, a free port for the
 *                                   browser suites (the embedded provider is told about it, as a deployment adds
 *                                   its origin to the realm)
 *   CONFORMANCE_INTROSPECT_CLIENT / _SECRET   confidential client for introspection (default hall-api and its
 *                                   dev secret from the realm export)
 */
import { existsSync } from 'node:fs';
import { startDevIdentityProvider } from '@hall/auth/dev';

export interface ConformanceTarget {
  readonly issuer: string;
  /** True when this process runs the embedded provider (false: an external Keycloak). */
  readonly embedded: boolean;
  readonly username: string;
  readonly password: string;
  readonly webOrigin: string;
  readonly introspection: { readonly clientId: string; readonly secret: string };
  close(): Promise<void>;
}

export async function startConformanceTarget(opts: { webOrigin?: string } = {}): Promise<ConformanceTarget> {
  const webOrigin = (opts.webOrigin ?? process.env.CONFORMANCE_WEB_ORIGIN ?? 'http://localhost:5173').replace(
    /\/+$/,
    '',
  );
  const common = {
    username: process.env.CONFORMANCE_USERNAME ?? 'zhangsan',
    password: process.env.CONFORMANCE_PASSWORD ?? 'demo',
    webOrigin,
    introspection: {
      clientId: process.env.CONFORMANCE_INTROSPECT_CLIENT ?? 'hall-api',
      secret: process.env.CONFORMANCE_INTROSPECT_SECRET ?? 'hall-api-dev-secret',
    },
  };
  const external = process.env.CONFORMANCE_ISSUER?.replace(/\/+$/, '');
  if (external !== undefined && external !== '') {
    return { ...common, issuer: external, embedded: false, close: async () => undefined };
  }
  // On `localhost` like the web origin: the realm's cookies are same-site for the test pages (as for the hall's
  // own origins), so the session frames can read them.
  const idp = await startDevIdentityProvider({
    host: 'localhost',
    loginRateLimit: false,
    extraWebRedirectUris: [`${webOrigin}/auth/callback`],
  });
  return { ...common, issuer: idp.realmUrl, embedded: true, close: () => idp.close() };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) {
  throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A user agent without a browser, for the Node client (openid-client): follows redirects keeping cookies, and
 * submits the realm's login form (the embedded provider's or Keycloak's: the form with a password field, its
 * hidden inputs included).
 */
export class FormUserAgent {
  private readonly jar = new Map<string, string>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** GETs `url` and follows redirects until one leaves for `until` (returned), or a page answers (returned). */
  async follow(url: string | URL, until: string): Promise<{ location?: URL; page?: Response }> {
    let next = new URL(url);
    for (let i = 0; i < 10; i++) {
      if (next.href.startsWith(until)) return { location: next };
      const res = await this.fetch(next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || location === null) return { page: res };
      next = new URL(location, next);
    }
    throw new Error('too many redirects');
  }

  /** Signs in on the login page `page` (HTML) and follows on to `until`. */
  async submitLogin(page: Response, username: string, password: string, until: string): Promise<URL> {
    const html = await page.text();
    const form = /<form\b[^>]*>[\s\S]*?<\/form>/gi;
    const loginForm = [...html.matchAll(form)].map((m) => m[0]).find((f) => /name="password"/.test(f));
    const action = loginForm !== undefined ? /action="([^"]+)"/.exec(loginForm)?.[1] : undefined;
    if (loginForm === undefined || action === undefined)
      throw new Error(`no login form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const m of loginForm.matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(m[0])?.[1];
      const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
      if (name !== undefined) fields.set(name, unescapeHtml(value));
    }
    fields.set('username', username);
    fields.set('password', password);
    const res = await this.fetch(new URL(unescapeHtml(action), page.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    const location = res.headers.get('location');
    if (location === null) throw new Error(`login failed: ${res.status}`);
    const result = await this.follow(new URL(location, page.url), until);
    if (result.location === undefined) throw new Error(`login did not return to ${until}`);
    return result.location;
  }
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
}
