#!/usr/bin/env node
// `npm test`: generate Prisma clients when their schema changed (Nx cache), then run Jest (ESM mode).
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const gen = spawnSync(
  process.execPath,
  [path.join(root, 'scripts/nx.mjs'), 'run-many', '-t', 'db:generate'],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
if (gen.status !== 0) process.exit(gen.status ?? 1);

const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const jestArgs = (args) => ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, ...args];
const jestEnv = (env) => ({ ...process.env, TZ: process.env.TZ ?? 'UTC', ...env });
const runJest = (args, env = {}) =>
  spawnSync(process.execPath, jestArgs(args), { stdio: 'inherit', cwd: root, env: jestEnv(env) }).status ?? 1;
/** Jest in the background (the shared hall starts meanwhile): its exit status. */
const runJestAsync = (args, env = {}) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, jestArgs(args), { stdio: 'inherit', cwd: root, env: jestEnv(env) });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });

const args = process.argv.slice(2);
// `--shared-hall`: only the specs that share one hall (the second phase below).
const sharedOnly = args[0] === '--shared-hall';
if (args.length > 0 && !sharedOnly) process.exit(runJest(args));

// The full run has three phases. First every suite that starts its own services in-process, in parallel (the
// resilience suites that do so among them: duplicates and order, poison messages, dependency outages, parallel
// relays). Then the specs (browser specs and case-integrity) that only talk to a hall over HTTP and assert nothing
// about the rest of its data (SHARED_HALL_SPECS) share one embedded hall, started here as `npm start` starts it
// (their own HALL_URL mode): one start instead of one per spec. Last, one at a time, the embedded-hall suites that need a hall of their own (fresh
// counts, their own clock or faults, the production bundle) and the resilience suites that run the hall as a child
// process and SIGKILL it (HALL_PROCESS_SPECS), so their start-up does not compete with the other suites.
const HALL_PROCESS_SPECS = [
  'tests/resilience/crash-windows.e2e-spec.ts',
  'tests/resilience/soak.e2e-spec.ts',
];
const exactly = (f) => `/${f.replace(/\./g, '\\.')}$`;
const SHARED_HALL_SPECS = [
  'apps/hall/test/case-integrity.e2e-spec.ts',
  'apps/hall/test/web-appointments.e2e-spec.ts',
  'apps/hall/test/web-disclosure.e2e-spec.ts',
  'apps/hall/test/web-disclosure-requests.e2e-spec.ts',
  'apps/hall/test/web-enquiries.e2e-spec.ts',
  'apps/hall/test/web-journey.e2e-spec.ts',
  'apps/hall/test/web-journey2.e2e-spec.ts',
  'apps/hall/test/web-journey3.e2e-spec.ts',
  'apps/hall/test/web-licences.e2e-spec.ts',
  'apps/hall/test/web-returns.e2e-spec.ts',
  'apps/hall/test/web-service-network.e2e-spec.ts',
];
// The shared hall starts (web build, migrations, demo seed: a few minutes on a busy machine) while the first phase
// runs, so the second phase does not wait for it.
const sharedHall = startSharedHall();
const first = sharedOnly
  ? 0
  : await runJestAsync([
      '--testPathIgnorePatterns',
      '/node_modules/',
      '/apps/web/',
      '/apps/hall/',
      ...HALL_PROCESS_SPECS.map(exactly),
    ]);
const hall = await sharedHall;
let shared;
try {
  shared = hall.failed
    ? 1
    : runJest(['--runInBand', ...SHARED_HALL_SPECS], hall.url === undefined ? {} : { HALL_URL: hall.url });
} finally {
  await hall.stop();
}
const third = sharedOnly
  ? 0
  : runJest([
      '--runInBand',
      'apps/hall/',
      ...HALL_PROCESS_SPECS,
      '--testPathIgnorePatterns',
      '/node_modules/',
      ...SHARED_HALL_SPECS.map(exactly),
    ]);
process.exit([first, shared, third].find((status) => status !== 0) ?? 0);

/**
 * Starts the embedded hall (web build included) on a free port with a data directory of its own: its URL once
 * ready, and `stop`. Without Chromium there is nothing to share: no URL (the browser specs skip, case-integrity
 * starts a hall of its own). `failed` when it did not start.
 */
async function startSharedHall() {
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'))
    return { url: undefined, failed: false, stop: async () => {} };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hall-shared-'));
  const hall = spawn(process.execPath, [path.join(root, 'scripts/start-hall.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      TZ: process.env.TZ ?? 'UTC',
      PORT: String(port),
      HALL_DATA_DIR: dataDir,
      HALL_PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  hall.on('exit', () => (exited = true));
  // Its start-up output is held back (the first phase prints meanwhile) and shown when it did not start.
  const log = [];
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 15 * 60_000);
    let starting = true;
    // Read to the end (a full pipe would block the hall).
    const read = (chunk) => {
      if (!starting) return;
      log.push(chunk);
      if (String(chunk).includes('embedded hall ready')) {
        starting = false;
        clearTimeout(timer);
        resolve(true);
      }
    };
    hall.stdout.on('data', read);
    hall.stderr.on('data', (chunk) => (starting ? log.push(chunk) : process.stderr.write(chunk)));
    hall.on('exit', () => resolve(false));
  });
  const stop = async () => {
    if (!exited) {
      hall.kill('SIGTERM');
      await new Promise((resolve) => {
        const force = setTimeout(() => hall.kill('SIGKILL'), 30_000);
        hall.on('exit', () => {
          clearTimeout(force);
          resolve();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (!ready) {
    process.stderr.write(Buffer.concat(log.map((c) => Buffer.from(c))));
    process.stderr.write('shared hall: it did not start; the shared-hall specs fail\n');
    return { url, failed: true, stop };
  }
  process.stdout.write(`shared hall ready at ${url}\n`);
  return { url, failed: false, stop };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
