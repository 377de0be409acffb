// `npm start`: the whole hall on one machine, no external services. `npm start -- --reset` starts clean.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelemetry, telemetryOptionsFromEnv } from '@hall/telemetry';

// Loopback only unless HALL_EXPOSE=1 (with HALL_DEMO_PASSWORD): checked before anything is built or loaded.
const { checkHallExposure, HallEnvSchema, HallExposureError } = await import('./hall-exposure.js');
const env = HallEnvSchema.safeParse(process.env);
if (!env.success) {
  process.stderr.write(
    `embedded hall: bad environment: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
  );
  process.exit(1);
}
const exposure = {
  host: env.data.HOST,
  expose: env.data.HALL_EXPOSE === '1',
  demoPassword: env.data.HALL_DEMO_PASSWORD,
};
let exposed: boolean;
try {
  exposed = checkHallExposure({ ...exposure, security: { trustProxyHops: env.data.TRUST_PROXY_HOPS } });
} catch (err) {
  if (!(err instanceof HallExposureError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'hall' }));

const { startEmbeddedHall, SERVICES, demoAccounts } = await import('./embedded-hall.js');
const { httpSecurityFromEnv, HttpSecurityEnvSchema, parseConfig } = await import('@hall/platform');

const args = process.argv.slice(2);

// The repository this runs from: its sources, or their compiled copy under dist/hall/<build>/ (`npm start`).
let repoRoot = path.dirname(fileURLToPath(import.meta.url));
while (!existsSync(path.join(repoRoot, 'nx.json')) && path.dirname(repoRoot) !== repoRoot)
  repoRoot = path.dirname(repoRoot);

// The web app is served from apps/web/dist: build it first when missing or stale (HALL_SKIP_WEB_BUILD=1 skips).
if (process.env.HALL_SKIP_WEB_BUILD !== '1') {
  const web = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/nx.mjs'), 'run', 'web:build'], {
    stdio: 'inherit',
    cwd: repoRoot,
  });
  if (web.status !== 0)
    process.stderr.write('web: build failed; the hall starts without the web app (APIs only)\n');
}
const dataDir = path.resolve(process.env.HALL_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
if (args.includes('--reset')) {
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`reset: removed ${dataDir}\n`);
}

const started = Date.now();
const hall = await startEmbeddedHall({
  port,
  dataDir,
  webRoot: path.join(repoRoot, 'apps/web/dist'),
  logLevel: (process.env.LOG_LEVEL as 'info') ?? 'warn',
  ...exposure,
  publicUrl: env.data.HALL_PUBLIC_URL,
  security: httpSecurityFromEnv(parseConfig(HttpSecurityEnvSchema)),
});

const lines = [
  '',
  `一网通办 网上办事大厅 — embedded hall ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${hall.url}`,
  `  web            ${hall.url}/`,
  ...SERVICES.map(
    (s) =>
      `  ${s.name.padEnd(14)} ${hall.url}/api/${s.name}  (docs: /api/${s.name}/docs, health: /api/${s.name}/health)`,
  ),
  `  identity       ${hall.url}/realms/hall/.well-known/openid-configuration`,
  `  data           ${dataDir}`,
  '',
  exposed
    ? `Demo accounts (演示账号), exposed on ${exposure.host}: every account signs in with the password in HALL_DEMO_PASSWORD:`
    : 'Demo accounts (演示账号; embedded mode only):',
  ...demoAccounts.map(
    (a) =>
      `  ${a.username.padEnd(14)} ${exposed ? '' : `password ${a.password.padEnd(8)} `}${a.roles.join(',').padEnd(24)} ${a.department ?? ''} ${a.region ?? ''}`,
  ),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: draining outbox relays and closing databases…\n`);
  await hall.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
