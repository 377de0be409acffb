// A plain HTTP client of a running hall (embedded or a child process) with the demo accounts' tokens: what the
// resilience suites and the hall bench drive the hall with, as its users would (password grant, JSON, multipart).
// It speaks HTTP/1.1 through node:http with kept-alive connections rather than fetch: the hall bench runs this client
// on the same two cores as the hall, and fetch's web streams cost it ~2 ms of CPU per request there, the hall's
// cores' time that a browser would spend on its own machine.
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { samplePdf } from '@hall/storage';

export interface Json {
  [k: string]: unknown;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A hall client: `token` (cached, renewed before it expires), `call` (any status), `ok` (2xx or throw), `upload`. */
export function hallHttpClient(url: string) {
  const base = new URL(url);
  const secure = base.protocol === 'https:';
  // A kept-alive connection idle for 4 s is closed by this side (and sooner when the server's Keep-Alive header
  // announces less): a server closing an idle connection as a request goes out on it resets that request, and
  // Node's own servers close after 5 s unless told otherwise.
  const options = { keepAlive: true, maxSockets: 64, timeout: 4_000 };
  const agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
  const prefix = base.pathname.replace(/\/$/, '');
  /**
   * One request. A GET whose reused connection was reset before any answer is sent once more on a new one (what
   * Node's documentation advises: the server closed the connection as the request went out, so it did nothing);
   * anything else that fails throws with the request named.
   */
  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<Answer> {
    try {
      return await sendOnce(method, path, headers, body);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
      if (method === 'GET' && e.reusedSocket && e.code === 'ECONNRESET')
        return sendOnce(method, path, headers, body);
      throw err;
    }
  }
  function sendOnce(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          method,
          path: `${prefix}${path}`,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          Object.assign(new Error(`${method} ${path}: ${err.message}`, { cause: err }), {
            code: err.code,
            reusedSocket: req.reusedSocket,
          }),
        ),
      );
      req.end(body);
    });
  }
  // Access tokens live 300 s (as Keycloak's default): a cached one is reused until 60 s before it expires.
  const tokens = new Map<string, { token: string; exp: number }>();
  async function token(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached && cached.exp - 60 > Date.now() / 1000) return cached.token;
    const res = await send(
      'POST',
      '/realms/hall/protocol/openid-connect/token',
      { 'content-type': 'application/x-www-form-urlencoded' },
      Buffer.from(
        new URLSearchParams({
          grant_type: 'password',
          client_id: 'hall-cli',
          username,
          password: 'demo',
        }).toString(),
      ),
    );
    if (res.status !== 200) throw new Error(`token for ${username}: ${res.status}`);
    const t = (JSON.parse(res.text) as { access_token: string }).access_token;
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
    const res = await send(
      method,
      path,
      headers,
      body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    );
    return { status: res.status, body: (res.text ? JSON.parse(res.text) : {}) as Json };
  }
  async function ok(method: string, path: string, user?: string, body?: unknown): Promise<Json> {
    const r = await call(method, path, user, body);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${method} ${path} as ${user}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  /** Uploads a small sample PDF named `name` as `user`'s material (multipart/form-data, field `file`); its file id. */
  async function upload(user: string, name: string): Promise<string> {
    const boundary = `----hall${randomBytes(12).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '_')}.pdf"\r\n` +
          'content-type: application/pdf\r\n\r\n',
      ),
      samplePdf(name),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await send(
      'POST',
      '/api/intake/files',
      {
        authorization: `Bearer ${await token(user)}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    );
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as { id: string }).id;
  }
  /** Closes the kept-alive connections (a process that ends after its last call need not). */
  function close(): void {
    agent.destroy();
  }
  return { token, call, ok, upload, close };
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
