#!/usr/bin/env node
// Measures the production build without a Docker engine (none runs on the development machines):
//   node scripts/measure-production.mjs [--runs=3] [--no-ts]
// - dist/ size (scripts/build.mjs output, with and without source maps);
// - the runtime stage's node_modules: the lockfile's packages that `npm ci --omit=dev --omit=optional` installs,
//   minus what the Dockerfile deletes (unused font weights, Prisma's other engines, source maps), measured on the
//   installed copies in node_modules/;
// - cold start of every service's dist entrypoint: spawn → GET /api/<svc>/health/live 200, and → /health 200
//   (database, transport, storage ready), on PostgreSQL at 127.0.0.1:5432 when it answers (a fresh database per
//   service: the first start applies the migrations) else PGlite; the in-process transport (no Kafka here) and
//   the embedded S3 store. The median of --runs starts on the migrated
//   database is reported (wall time, and the CPU the process used until live: less sensitive to a busy machine),
//   and for comparison the same start through the TypeScript loader (`npm start`'s path).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const withTs = !args.includes('--no-ts');
const SERVICES = ['catalog', 'intake', 'approval', 'licence', 'supervision', 'disclosure'];
// S3 settings go to every service; the ones that keep documents (usesStorage) require them.

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function duBytes(target, { exclude } = {}) {
  const st = statSync(target);
  if (!st.isDirectory()) return exclude?.(target) ? 0 : st.size;
  let total = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules') continue; // nested packages are counted as packages of their own
    total += duBytes(path.join(target, entry), { exclude });
  }
  return total;
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function sizes() {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const dist = path.join(root, 'dist');
  const distAll = duBytes(dist);
  const distJs = duBytes(dist, { exclude: (f) => f.endsWith('.map') });

  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const font = 'node_modules/@expo-google-fonts/noto-sans-sc/';
  const prismaRuntime = 'node_modules/@prisma/client/runtime/';
  // What the Dockerfile's prod-deps stage deletes: the unused font weights, Prisma's other engines and source maps.
  const dropFont = (f) => {
    const rel = path.relative(root, f);
    if (rel.startsWith(prismaRuntime)) {
      const name = path.basename(rel);
      return (
        name.endsWith('.map') ||
        name.startsWith('query_engine_bg.') ||
        (name.startsWith('query_compiler_bg.') && !name.startsWith('query_compiler_bg.postgresql.'))
      );
    }
    return (
      rel.startsWith(font) &&
      !rel.startsWith(`${font}400Regular/`) &&
      (rel.endsWith('.png') || rel.slice(font.length).includes('/'))
    );
  };
  const rows = [];
  for (const [key, meta] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || meta.dev || meta.optional || meta.devOptional) continue;
    const dir = path.join(root, key);
    if (!existsSync(dir)) continue;
    rows.push([key.slice('node_modules/'.length), duBytes(dir, { exclude: dropFont })]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  const modules = rows.reduce((s, [, b]) => s + b, 0);
  return { distAll, distJs, modules, packages: rows.length, top: rows.slice(0, 8) };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function pgAvailable() {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CPU (user + system) a process has used so far, from /proc (Linux): less sensitive to neighbours than wall time. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** One start: wall ms (and CPU ms) to /health/live 200 and to /health 200, then SIGTERM. */
async function start(service, env, ts) {
  const port = await freePort();
  const argv = ts
    ? ['--import', '@swc-node/register/esm-register', path.join(root, `apps/${service}/src/main.ts`)]
    : [path.join(root, `dist/apps/${service}/src/main.js`)];
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, argv, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}/api/${service}`;
  const until = async (p) => {
    for (;;) {
      if (exited) throw new Error(`${service} exited:\n${stderr}`);
      const res = await fetch(`${base}${p}`).catch(() => undefined);
      if (res?.status === 200)
        return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: cpuMs(child.pid) };
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const { ms: live, cpuMs: liveCpu } = await until('/health/live');
  const { ms: ready } = await until('/health');
  child.kill('SIGTERM');
  await new Promise((r) => (exited ? r() : child.once('exit', r)));
  return { live, ready, liveCpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function coldStarts() {
  const usePg = await pgAvailable();
  const { startEmbeddedS3 } = await import(
    pathToFileURL(path.join(root, 'dist/libs/storage/src/index.js')).href
  );
  const s3 = await startEmbeddedS3();
  const results = [];
  try {
    for (const service of SERVICES) {
      const db = `hall_coldstart_${service}_${randomBytes(3).toString('hex')}`;
      const pgliteDir = usePg ? undefined : mkdtempSync(path.join(tmpdir(), 'hall-cold-'));
      if (usePg) await admin(`CREATE DATABASE "${db}"`);
      const env = {
        NODE_ENV: 'production',
        ...(usePg
          ? { DB: 'pg', DATABASE_URL: ADMIN_URL.replace(/\/[^/]*$/, `/${db}`) }
          : { DB: 'pglite', PGLITE_DIR: pgliteDir }),
        TRANSPORT: 'inprocess',
        AUTH_SERVER_URL: 'http://127.0.0.1:9',
        PII_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
        LICENCE_KEK: randomBytes(32).toString('base64'),
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
      };
      try {
        const first = await start(service, env, false);
        const warm = [];
        for (let i = 0; i < runs; i += 1) warm.push(await start(service, env, false));
        const ts = [];
        if (withTs) for (let i = 0; i < runs; i += 1) ts.push(await start(service, env, true));
        results.push({
          service,
          first,
          live: median(warm.map((w) => w.live)),
          liveCpu: median(warm.map((w) => w.liveCpu ?? 0)),
          ready: median(warm.map((w) => w.ready)),
          tsLive: withTs ? median(ts.map((w) => w.live)) : undefined,
          tsLiveCpu: withTs ? median(ts.map((w) => w.liveCpu ?? 0)) : undefined,
        });
        process.stderr.write(`${service}: done\n`);
      } finally {
        if (usePg) await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
      }
    }
  } finally {
    await s3.close();
  }
  return { usePg, results };
}

const s = sizes();
const { usePg, results } = await coldStarts();
const secs = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
const lines = [
  `Node ${process.version}, ${usePg ? 'PostgreSQL 127.0.0.1:5432' : 'PGlite'}, in-process transport, median of ${runs} starts`,
  '',
  `dist/: ${mb(s.distJs)} JavaScript (${mb(s.distAll)} with source maps)`,
  `production node_modules: ${mb(s.modules)} in ${s.packages} packages; largest: ${s.top.map(([n, b]) => `${n} ${mb(b)}`).join(', ')}`,
  '',
  '| service | first start (migrations) → /health/live | → /health/live | CPU used until live | → /health (ready) | TypeScript loader → /health/live | its CPU until live |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.service} | ${secs(r.first.live)} | ${secs(r.live)} | ${secs(r.liveCpu)} | ${secs(r.ready)} | ${secs(r.tsLive)} | ${secs(r.tsLiveCpu)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
