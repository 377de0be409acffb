/**
 * The small pages Keycloak serves for its JavaScript adapter (keycloak-js) and for OpenID Connect session
 * management (oidc-client-ts `monitorSession`), written for the dev identity provider after Keycloak's protocol:
 *
 * - `3p-cookies/step1.html` → `step2.html`: can this frame, embedded by the application, set and read cookies of
 *   the realm's origin? Step 2 tells the embedding page `"supported"` or `"unsupported"` by `postMessage`.
 * - `login-status-iframe.html` (the discovery's `check_session_iframe`): the application posts
 *   `"<client_id> <session_state>"`; the frame checks once with the server (`…/init?client_id&origin`: 204 when
 *   the client may use it from that origin, 403 otherwise) and then compares the SHA-256 (base64url) of the
 *   session state with the `KEYCLOAK_SESSION` cookie, answering `"unchanged"`, `"changed"` or `"error"`.
 *
 * Each page carries its script inline; the Content-Security-Policy allows exactly that script (by hash).
 */
import { createHash } from 'node:crypto';

/** Readable by the login status frame (holds only a hash of the session id: not a credential). */
export const SESSION_STATE_COOKIE = 'KEYCLOAK_SESSION';
/** The session credential (HttpOnly). */
export const IDENTITY_COOKIE = 'KEYCLOAK_IDENTITY';

const STEP1_SCRIPT = `
(async function () {
  async function hasAccess() {
    if (!('hasStorageAccess' in document)) return true;
    if (await document.hasStorageAccess()) return true;
    try { await document.requestStorageAccess(); return true; } catch (e) { return false; }
  }
  if (!(await hasAccess())) { window.parent.postMessage('unsupported', '*'); return; }
  var secure = location.protocol === 'https:' || location.hostname === 'localhost' || location.hostname === '127.0.0.1';
  document.cookie = 'KEYCLOAK_3P_COOKIE_SAMESITE=supported; Max-Age=60; SameSite=None' + (secure ? '; Secure' : '');
  document.cookie = 'KEYCLOAK_3P_COOKIE=supported; Max-Age=60';
  location.replace('step2.html');
})();
`;

const STEP2_SCRIPT = `
(function () {
  var supported = document.cookie.indexOf('KEYCLOAK_3P_COOKIE') !== -1;
  var secure = location.protocol === 'https:' || location.hostname === 'localhost' || location.hostname === '127.0.0.1';
  document.cookie = 'KEYCLOAK_3P_COOKIE_SAMESITE=; Max-Age=0; SameSite=None' + (secure ? '; Secure' : '');
  document.cookie = 'KEYCLOAK_3P_COOKIE=; Max-Age=0';
  window.parent.postMessage(supported ? 'supported' : 'unsupported', '*');
})();
`;

const STATUS_SCRIPT = `
(function () {
  var verified = null;
  var asked = false;
  function cookie(name) {
    var parts = document.cookie.split(';');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].trim();
      var eq = kv.indexOf('=');
      if (eq > 0 && kv.slice(0, eq) === name) {
        var v = kv.slice(eq + 1);
        return v.charAt(0) === '"' ? v.slice(1, -1) : v;
      }
    }
    return null;
  }
  async function sha256(text) {
    var bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  async function status(clientId, origin, sessionState) {
    if (verified === null) {
      if (asked) return 'error';
      asked = true;
      var url = new URL(location.origin + location.pathname + '/init');
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('origin', origin);
      var res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) return 'error';
      verified = { clientId: clientId, origin: origin };
    }
    if (clientId !== verified.clientId || origin !== verified.origin) return 'error';
    var current = cookie('${SESSION_STATE_COOKIE}');
    if (current === null) return sessionState === '' ? 'unchanged' : 'changed';
    if (sessionState === '') return 'changed';
    return (await sha256(sessionState)) === current ? 'unchanged' : 'changed';
  }
  window.addEventListener('message', async function (event) {
    if (typeof event.data !== 'string') return;
    var parts = event.data.split(' ');
    if (parts.length !== 2) return;
    var answer;
    try { answer = await status(parts[0], event.origin, parts[1]); } catch (e) { answer = 'error'; }
    event.source.postMessage(answer, event.origin);
  }, false);
})();
`;

function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

function scriptPage(script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>一网通办统一身份认证</title></head><body><script>${script}</script></body></html>`;
}

export interface AdapterPage {
  readonly html: string;
  /** Response headers; `frameAncestors` are the origins allowed to embed the page. */
  headers(frameAncestors: readonly string[]): Record<string, string>;
}

function adapterPage(script: string, connect: boolean): AdapterPage {
  const html = scriptPage(script);
  const hash = scriptHash(script);
  return {
    html,
    headers: (frameAncestors) => ({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        `default-src 'none'; script-src ${hash}; ${connect ? "connect-src 'self'; " : ''}base-uri 'none'; ` +
        `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'self'"}`,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    }),
  };
}

export const THIRD_PARTY_COOKIES_STEP1 = adapterPage(STEP1_SCRIPT, false);
export const THIRD_PARTY_COOKIES_STEP2 = adapterPage(STEP2_SCRIPT, false);
export const LOGIN_STATUS_IFRAME = adapterPage(STATUS_SCRIPT, true);

/** The `KEYCLOAK_SESSION` value for a session id: SHA-256, base64url (what the status frame compares). */
export function sessionStateHash(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}

/**
 * The page shown after logout when clients registered a front-channel logout URL: each URL in a hidden frame,
 * then on to `next` once they have loaded (or at once when there are none).
 */
export function frontchannelLogoutPage(urls: readonly string[], next: string): AdapterPage {
  const script = `
(function () {
  var frames = document.querySelectorAll('iframe');
  var left = frames.length;
  function go() { location.replace(${JSON.stringify(next)}); }
  if (left === 0) go();
  frames.forEach(function (f) { f.addEventListener('load', function () { if (--left === 0) go(); }); });
})();
`;
  const escape = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const frames = urls
    .map((u) => `<iframe src="${escape(u)}" style="display:none" title="logout"></iframe>`)
    .join('');
  const hash = scriptHash(script);
  const frameSources = [...new Set(urls.map((u) => new URL(u).origin))].join(' ');
  return {
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>正在退出登录</title></head><body><p>正在退出登录…</p>${frames}<noscript><a href="${escape(next)}">继续</a></noscript><script>${script}</script></body></html>`,
    headers: () => ({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src ${hash}; frame-src ${frameSources || "'none'"}; base-uri 'none'; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    }),
  };
}
