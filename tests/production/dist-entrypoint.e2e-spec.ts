/**
 * The compiled services (issue 19 item 2): `scripts/build.mjs` turns apps/<service>/src and libs/*\/src into plain
 * ESM JavaScript, and the production image runs `node dist/apps/<service>/src/main.js` with no TypeScript loader
 * and production dependencies only. Here the build runs into test-artifacts/, then
 * - every package the compiled code imports is a production dependency (the image has nothing else);
 * - each service's compiled module graph loads in plain node (no --import, no NODE_OPTIONS) and finds its
 *   migrations where its appDir says;
 * - the supervision entrypoint starts standalone (PGlite, in-process transport) and answers /health/live and
 *   /health with 200, then shuts down cleanly on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadCjkFont } from '@hall/pdf';
import { HALL_SERVICES } from '../../deploy/compose.contract.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the repository, so that node_modules resolves from the compiled files as it does from /app/dist.
const out = path.join(root, 'test-artifacts', `dist-e2e-${process.pid}`);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** An environment with no loader and nothing of the test runner's. */
function plainEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TZ: 'UTC', ...extra };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

function listJs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listJs(full) : e.name.endsWith('.js') ? [full] : [];
  });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative and node: ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  return builtinModules.includes(name) ? undefined : name;
}

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', `--out=${out}`, ...HALL_SERVICES], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the compiled embedded hall (`npm start`: scripts/build.mjs hall)', () => {
  it('is built once per state of the sources, also by two starts at once, with the files it reads by path', async () => {
    const hallOut = path.join(root, 'test-artifacts', `hall-build-${process.pid}`);
    const buildOnce = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['scripts/build.mjs', 'hall', `--out=${hallOut}`], {
          cwd: root,
          env: plainEnv({}),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${code}: ${err}`))));
      });
    try {
      const [a, b] = await Promise.all([buildOnce(), buildOnce()]);
      expect(a).toBe(b);
      // One build, no half-written one left behind.
      expect(readdirSync(hallOut)).toEqual([
        path.basename(path.dirname(path.dirname(path.dirname(path.dirname(a))))),
      ]);
      expect(a.startsWith(hallOut)).toBe(true);
      expect(existsSync(a)).toBe(true);
      const build = path.resolve(a, '../../../..');
      expect(existsSync(path.join(build, 'deploy/keycloak/realm-hall.json'))).toBe(true);
      expect(existsSync(path.join(build, 'apps/intake/prisma/migrations'))).toBe(true);
      expect(existsSync(path.join(build, 'libs/pdf/src/render-pool.worker.js'))).toBe(true);
      // Unchanged sources: the same build again.
      expect(await buildOnce()).toBe(a);
    } finally {
      rmSync(hallOut, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the compiled services (dist/)', () => {
  it('contain no TypeScript and import only production dependencies', () => {
    const files = listJs(out);
    expect(files.length).toBeGreaterThan(100);
    expect(readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.ts'))).toEqual([]);
    const imported = new Set<string>();
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\s]+)\1/g,
      )) {
        const spec = m[2] ?? '';
        if (spec.startsWith('.'))
          expect({ file, spec, ext: path.extname(spec) }).toEqual({ file, spec, ext: '.js' });
        const name = packageOf(spec);
        if (name !== undefined) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    const notProduction = [...imported].filter((name) => pkg.dependencies[name] === undefined).sort();
    expect(notProduction).toEqual([]);
    for (const loader of ['@swc-node/register', '@swc/core', 'typescript', 'prisma']) {
      expect({ loader, production: loader in pkg.dependencies }).toEqual({ loader, production: false });
    }
  });

  it('load in plain node, each service with its migrations next to its appDir', () => {
    const script = `
      import { existsSync } from 'node:fs';
      import path from 'node:path';
      const results = [];
      for (const s of ${JSON.stringify(HALL_SERVICES)}) {
        const mod = await import(${JSON.stringify(out)} + '/apps/' + s + '/src/index.js');
        const def = mod[s + 'Service'];
        results.push({ service: s, name: def?.name, module: typeof def?.module, migrations: existsSync(path.join(def?.appDir ?? '', 'prisma/migrations')) });
      }
      process.stdout.write(JSON.stringify(results));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: out,
      env: plainEnv({ NODE_ENV: 'production' }),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      HALL_SERVICES.map((s) => ({ service: s, name: s, module: 'function', migrations: true })),
    );
    // The PDF worker is loaded by path next to its pool, and imports the renderer by path: both compiled as well.
    expect(existsSync(path.join(out, 'libs/pdf/src/render-pool.worker.js'))).toBe(true);
    expect(existsSync(path.join(out, 'apps/catalog/src/guides/guide.pdf.js'))).toBe(true);
    expect(existsSync(path.join(out, 'apps/licence/src/render/licence-pdf.js'))).toBe(true);
  });

  it('render a 办事指南 PDF in the compiled guide worker (no loader) with an embedded CJK font', () => {
    // The worker thread is started by path next to its pool (libs/pdf render-pool.worker.js) and imports the guide
    // renderer by path: from TypeScript sources it needs the loader, compiled it must not. The PDF embeds the font the resolver picks with nothing configured: a system
    // CJK font if the machine has one, else the packaged Noto Sans SC (CI and the image have no system font).
    const script = `
      const dir = ${JSON.stringify(out)} + '/apps/catalog/src/guides/';
      const { GuideRenderPool } = await import(dir + 'guide-render.pool.js');
      const { buildGuide } = await import(dir + 'guide.model.js');
      const { foodLicenceSnapshot } = await import(dir + 'testing/snapshot.fixture.js');
      const pool = new GuideRenderPool({ workers: 1, maxQueue: 1, timeoutMs: 60000 });
      try {
        const pdf = await pool.renderGuide(buildGuide(foodLicenceSnapshot()));
        process.stdout.write(pdf.toString('base64'));
      } finally {
        await pool.close();
      }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: out,
      env: plainEnv({ NODE_ENV: 'production' }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pdf = Buffer.from(run.stdout, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile[23] \d+ 0 R/);
    const expected = loadCjkFont({ env: {} }).postscriptName;
    expect(raw).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${expected}`));
  });

  it('start: supervision on PGlite and the in-process transport answers /health/live and /health, and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hall-dist-'));
    const child = spawn(process.execPath, [path.join(out, 'apps/supervision/src/main.js')], {
      cwd: tmpdir(), // nothing of the repository's working directory is needed
      env: plainEnv({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DB: 'pglite',
        PGLITE_DIR: dataDir,
        TRANSPORT: 'inprocess',
        AUTH_SERVER_URL: 'http://127.0.0.1:9',
        PII_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => void (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => void (output += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    try {
      const base = `http://127.0.0.1:${port}/api/supervision`;
      let live: Response | undefined;
      while (exitCode === undefined) {
        live = await fetch(`${base}/health/live`).catch(() => undefined);
        if (live?.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect({ exitCode, output: exitCode === undefined ? '' : output }).toEqual({
        exitCode: undefined,
        output: '',
      });
      expect(live?.status).toBe(200);
      expect(await live?.json()).toMatchObject({ status: 'up', service: 'supervision' });
      const ready = await fetch(`${base}/health`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'up', checks: { database: 'up', transport: 'up' } });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
