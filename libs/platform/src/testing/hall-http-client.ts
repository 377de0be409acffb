// A plain HTTP client of a running hall (embedded or a child process) with the demo accounts' tokens: what the
// resilience suites and the hall bench drive the hall with, as its users would (fetch, password grant, JSON).
import { samplePdf } from '@hall/storage';

export interface Json {
  [k: string]: unknown;
}

/** A hall client: `token` (cached, renewed before it expires), `call` (any status), `ok` (2xx or throw), `upload`. */
export function hallHttpClient(url: string) {
  // Access tokens live 300 s (as Keycloak's default): a cached one is reused until 60 s before it expires.
  const tokens = new Map<string, { token: string; exp: number }>();
  async function token(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached && cached.exp - 60 > Date.now() / 1000) return cached.token;
    const res = await fetch(`${url}/realms/hall/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'hall-cli',
        username,
        password: 'demo',
      }),
    });
    if (res.status !== 200) throw new Error(`token for ${username}: ${res.status}`);
    const t = ((await res.json()) as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp: number;
    };
    tokens.set(username, { token: t, exp: claims.exp });
    return t;
  }
  async function call(
    method: string,
    path: string,
    user?: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await token(user)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  }
  async function ok(method: string, path: string, user?: string, body?: unknown): Promise<Json> {
    const r = await call(method, path, user, body);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${method} ${path} as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  /** Uploads a small sample PDF named `name` as `user`'s material; its file id. */
  async function upload(user: string, name: string): Promise<string> {
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(samplePdf(name))], { type: 'application/pdf' }),
      `${name}.pdf`,
    );
    const res = await fetch(`${url}/api/intake/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(user)}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }
  return { token, call, ok, upload };
}

export type HallHttpClient = ReturnType<typeof hallHttpClient>;

/**
 * `fn` again every `everyMs` until it gives a value (a throw counts as no value yet when `tolerate` is set), or an
 * error naming `what` after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  {
    timeoutMs = 120_000,
    everyMs = 250,
    tolerate = true,
  }: { timeoutMs?: number; everyMs?: number; tolerate?: boolean } = {},
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = tolerate ? await fn().catch(() => undefined) : await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The demo item 开办餐饮店 of 上城区 (330102), as the resilience suites apply for it: its implementation code and
 * intake's snapshot of it (materials, application form), once intake has it.
 */
export async function demoRestaurantItem<M, F>(
  client: HallHttpClient,
): Promise<{ code: string; snapshot: { materials: M[]; applicationForm: F } }> {
  const search = await client.call(
    'GET',
    `/api/catalog/implementations?q=${encodeURIComponent('开办餐饮店')}&region=330102`,
  );
  const item = (search.body.items as Array<{ implementationCode: string; regionCode: string }>).find(
    (i) => i.regionCode === '330102',
  );
  if (!item) throw new Error('demo item 开办餐饮店 in 330102 not found');
  const code = item.implementationCode;
  const snapshot = await eventually('intake knows the implementation', async () => {
    const r = await client.call('GET', `/api/intake/implementations/${code}`);
    return r.status === 200 ? (r.body.snapshot as { materials: M[]; applicationForm: F }) : undefined;
  });
  return { code, snapshot };
}
