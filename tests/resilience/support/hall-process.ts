// The embedded hall as a child process (tests/resilience/support/crash-hall.ts) and a small HTTP client for it:
// shared by the crash-window and soak tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePdf } from '@hall/storage';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Hall {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the hall child; resolves once it prints READY (or rejects with its output if it exits first). */
export function startHall(env: Record<string, string>): Promise<Hall> {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'tests/resilience/support/crash-hall.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /READY (\S+)/.exec(output);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(({ code, signal }) =>
      reject(new Error(`hall exited (${code ?? signal}) before it was ready:\n${output.slice(-4000)}`)),
    );
  });
}

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function api(url: string) {
  const tokens = new Map<string, string>();
  async function token(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
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
    tokens.set(username, t);
    return t;
  }
  async function call(
    method: string,
    p: string,
    user?: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${await token(user)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${p}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }
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
  return { call, upload, token };
}
