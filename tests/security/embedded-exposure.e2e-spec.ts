/**
 * The embedded hall is not exposed with public demo credentials (issue 18, finding 13). Its identity provider holds
 * the demo accounts, all with the published password `demo` (admin included), so:
 * - it binds to loopback only: `HOST=0.0.0.0 npm start` (or a trusted reverse proxy, `TRUST_PROXY_HOPS` > 0)
 *   without `HALL_EXPOSE=1` exits with a message saying what to do, before it listens;
 * - exposed (`HALL_EXPOSE=1`) it refuses to start with the public password: `HALL_DEMO_PASSWORD` (≥ 16 characters)
 *   must replace it; then `demo` no longer signs in, the secret does, `GET /realms/hall/demo-accounts` is 404,
 *   the login page lists no account and the start banner prints no password.
 * `npm start` itself (apps/hall/src/main.ts) is run as a child process for the refusals; the exposed hall that does
 * start is started in-process (startEmbeddedHall, the function main.ts calls).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '@hall/persistence';
import { DEFAULT_HTTP_SECURITY } from '@hall/platform';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../../apps/hall/src/embedded-hall.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'Xk3-correct-horse-battery-staple';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Whether something accepts connections on the port. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

interface Run {
  code: number | null;
  /** The hall printed its ready banner (it started: the refusal failed). */
  started: boolean;
  stdout: string;
  stderr: string;
}

/** `npm start` (without the Prisma generation step) with `env`: until it exits, or until it reports ready. */
function npmStart(env: Record<string, string>): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hall-exposure-'));
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'apps/hall/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        HALL_SKIP_WEB_BUILD: '1',
        HALL_DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'error',
        TRUST_PROXY_HOPS: '0',
        HALL_EXPOSE: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  return new Promise<Run>((resolve) => {
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (!started && stdout.includes('embedded hall ready')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, started, stdout, stderr });
    });
  });
}

describe('npm start refuses to expose the demo accounts', () => {
  it('HOST=0.0.0.0 without HALL_EXPOSE=1: exits 1 before listening, saying how to stay on loopback or expose on purpose', async () => {
    const run = await npmStart({ HOST: '0.0.0.0' });
    expect(run.started).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HOST=0.0.0.0');
    expect(run.stderr).toContain('HALL_EXPOSE=1');
    expect(run.stderr).toContain('HALL_DEMO_PASSWORD');
  }, 300_000);

  it('HALL_EXPOSE=1 with the public password (none, `demo` or a short one): exits 1 and asks for HALL_DEMO_PASSWORD', async () => {
    for (const password of [undefined, 'demo', 'short-secret']) {
      const run = await npmStart({
        HOST: '0.0.0.0',
        HALL_EXPOSE: '1',
        ...(password !== undefined && { HALL_DEMO_PASSWORD: password }),
      });
      expect(run.started).toBe(false);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('HALL_DEMO_PASSWORD');
      expect(run.stderr).toContain('admin');
    }
  }, 300_000);

  it('a trusted reverse proxy (TRUST_PROXY_HOPS=1) in front of a loopback hall counts as exposed', async () => {
    const run = await npmStart({ HOST: '127.0.0.1', TRUST_PROXY_HOPS: '1' });
    expect(run.started).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TRUST_PROXY_HOPS=1');
  }, 300_000);

  it('startEmbeddedHall on a non-loopback address without `expose`, or exposed without a secret: rejects and never listens', async () => {
    for (const opts of [
      { host: '0.0.0.0' },
      { host: '::' },
      { host: '0.0.0.0', expose: true },
      { host: '127.0.0.1', expose: true, security: { ...DEFAULT_HTTP_SECURITY, trustProxyHops: 1 } },
    ]) {
      const port = await freePort();
      const outcome = await startEmbeddedHall({ port, ...opts }).then(
        async (hall: EmbeddedHall) => {
          await hall.close();
          return 'started';
        },
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      expect(outcome).toMatch(/refusing to start/);
      expect(await listening(port)).toBe(false);
    }
  }, 300_000);
});

describe('an exposed embedded hall (HALL_EXPOSE=1, HALL_DEMO_PASSWORD)', () => {
  let hall: EmbeddedHall;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    const pg = await isPostgresAvailable();
    hall = await startEmbeddedHall({
      port: 0,
      host: '0.0.0.0',
      expose: true,
      demoPassword: SECRET,
      logLevel: 'error',
      ...(pg && {
        openServiceDatabase: async (service: string) => {
          const t = await createTestDatabase('pg', { label: `exposure_${service}` });
          databases.push(t);
          return { ...t.db, close: async () => undefined };
        },
      }),
    });
  }, 300_000);
  afterAll(async () => {
    await hall?.close();
    for (const d of databases) await d.dispose();
  });

  const passwordGrant = (username: string, password: string) =>
    request(hall.url)
      .post('/realms/hall/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'hall-cli', username, password });

  it('serves no demo-accounts list', async () => {
    const res = await request(hall.url).get('/realms/hall/demo-accounts');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('"password"');
  });

  it("the public password `demo` no longer signs anyone in; the operator's secret does", async () => {
    for (const username of ['admin', 'zhangsan', 'clerk.xihu']) {
      const publicPassword = await passwordGrant(username, 'demo');
      expect(publicPassword.status).toBe(401);
      expect(publicPassword.body).not.toHaveProperty('access_token');
    }
    const ok = await passwordGrant('admin', SECRET);
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveProperty('access_token');
    const audit = await request(hall.url)
      .get('/api/intake/audit-log')
      .set('authorization', `Bearer ${(ok.body as { access_token: string }).access_token}`);
    expect(audit.status).toBe(200);
  });

  it('the login page lists no demo account', async () => {
    const verifier = 'v'.repeat(64);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const res = await request(hall.url)
      .get('/realms/hall/protocol/openid-connect/auth')
      .query({
        client_id: 'hall-web',
        response_type: 'code',
        redirect_uri: `${hall.url}/auth/callback`,
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
      });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<form');
    for (const username of ['catalog.admin', 'approver.market', 'gov.head'])
      expect(res.text).not.toContain(username);
  });
});
