/** HTML pages of the dev identity provider (zh-CN, no scripts). */
import type { DemoAccount } from '../demo-accounts.data.js';
import { DEPARTMENT_NAMES, REGION_NAMES } from '../identity/org-units.js';
import { ROLE_LABELS } from '../roles.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Security headers for every HTML page: no scripts at all, no framing (click-jacking), no caching. */
export const HTML_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

const STYLE = `
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f8;margin:0;color:#1f2d3d}
main{max-width:960px;margin:32px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.08);padding:24px;margin-bottom:16px}
h1{font-size:22px;margin:0 0 4px;color:#c0392b}
.sub{color:#666;margin:0 0 16px}
.warn{background:#fff6e5;border:1px solid #f0c36d;padding:8px 12px;border-radius:4px;font-size:14px}
.err{background:#fdecea;border:1px solid #e57373;padding:8px 12px;border-radius:4px;margin:12px 0}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;max-width:360px;padding:8px;border:1px solid #ccd;border-radius:4px;font-size:15px}
button{background:#c0392b;color:#fff;border:0;border-radius:4px;padding:8px 20px;font-size:15px;cursor:pointer;margin-top:16px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #eee;padding:6px 8px;text-align:left}
td form{margin:0} td button{margin:0;padding:4px 10px;font-size:13px}
code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

export interface LoginPageModel {
  readonly actionUrl: string;
  readonly tabId: string;
  readonly clientId: string;
  readonly username?: string;
  readonly error?: string;
  /** Listed with one-click sign-in buttons (embedded mode only). */
  readonly demoAccounts?: readonly DemoAccount[];
}

export function renderLoginPage(m: LoginPageModel): string {
  const tab = `<input type="hidden" name="tab_id" value="${escapeHtml(m.tabId)}">`;
  const accounts = m.demoAccounts ?? [];
  const table =
    accounts.length === 0
      ? ''
      : `<div class="card"><h2>演示账号</h2>
<p class="warn">以下账号仅用于本地开发与演示，密码公开（均为 <code>${escapeHtml(accounts[0]?.password ?? '')}</code>），切勿用于生产环境。</p>
<table><thead><tr><th>账号</th><th>姓名</th><th>角色</th><th>部门</th><th>地区</th><th>说明</th><th></th></tr></thead><tbody>
${accounts
  .map(
    (a) => `<tr><td><code>${escapeHtml(a.username)}</code></td><td>${escapeHtml(a.name)}</td>
<td>${escapeHtml(a.roles.map((r) => ROLE_LABELS[r]).join('、'))}</td>
<td>${escapeHtml(a.department ? DEPARTMENT_NAMES[a.department] : '—')}</td>
<td>${escapeHtml(REGION_NAMES[a.region])}</td><td>${escapeHtml(a.description)}</td>
<td><form method="post" action="${escapeHtml(m.actionUrl)}">${tab}
<input type="hidden" name="username" value="${escapeHtml(a.username)}">
<input type="hidden" name="password" value="${escapeHtml(a.password)}">
<button type="submit">以此身份登录</button></form></td></tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
  return page(
    '登录 · 一网通办统一身份认证',
    `<div class="card"><h1>一网通办 · 统一身份认证</h1>
<p class="sub">开发环境身份服务（代替 Keycloak 领域 hall），正在为应用 <code>${escapeHtml(m.clientId)}</code> 登录</p>
<p class="warn">这是开发用身份服务，只用于本地开发与测试。</p>
${m.error ? `<p class="err" role="alert">${escapeHtml(m.error)}</p>` : ''}
<form method="post" action="${escapeHtml(m.actionUrl)}">${tab}
<label for="username">用户名</label>
<input id="username" name="username" type="text" autocomplete="username" autofocus value="${escapeHtml(m.username ?? '')}">
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<div><button type="submit">登录</button></div>
</form></div>
${table}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return page(title, `<div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`);
}

export interface LogoutConfirmModel {
  readonly actionUrl: string;
  /** One-time code tying the confirmation to this browser's session. */
  readonly code: string;
  readonly clientId?: string;
}

/** Keycloak's "Do you want to log out?" page (logout request without `id_token_hint`). */
export function renderLogoutConfirmPage(m: LogoutConfirmModel): string {
  return page(
    '退出登录 · 一网通办统一身份认证',
    `<div class="card"><h1>退出登录</h1>
<p>${m.clientId ? `应用 <code>${escapeHtml(m.clientId)}</code> 请求退出登录。` : ''}是否退出一网通办统一身份认证？退出后，使用同一登录的所有应用都需要重新登录。</p>
<form method="post" action="${escapeHtml(m.actionUrl)}">
<input type="hidden" name="session_code" value="${escapeHtml(m.code)}">
<button type="submit" name="confirmLogout" value="true">退出登录</button>
</form></div>`,
  );
}
