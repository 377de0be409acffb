/**
 * Embedded footprint (issue #9 §8): the `npm start` hall (scripts/start-hall.mjs: apps/hall/src/main.ts compiled,
 * every service on PGlite, s3rver, the dev identity provider, one process) started as a child process on a fresh data directory — time until it
 * prints "ready" and answers a health check, then its resident memory (VmRSS/VmHWM from /proc), idle and after a
 * few requests. The web build is skipped (HALL_SKIP_WEB_BUILD=1; `npm start` builds it only when stale).
 * With the full run the hall is started a second time on the same data (a restart: no seeding).
 * Baseline: `node -e ''` start-up of the same Node binary. Budget: RSS ≤ 1 GB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chart, measure, note, quick } from './bench-kit.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function startHall(
  dataDir: string,
): Promise<{ ms: number; url: string; pid: number; stop: () => Promise<void> }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start-hall.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      HALL_DATA_DIR: dataDir,
      PORT: '0',
      HALL_SKIP_WEB_BUILD: '1',
      LOG_LEVEL: 'warn',
      OTEL_SDK_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hall not ready in 300 s: ${err.slice(-500)}`)), 300_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready in [\d.]+ s at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hall exited with ${code}: ${err.slice(-500)}`));
    });
  });
  const health = await fetch(`${url}/api/catalog/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  const ms = performance.now() - t0;
  const pid = child.pid ?? 0;
  return {
    ms,
    url,
    pid,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function runFootprintBench(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hall-footprint-'));
  try {
    const b0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['-e', ''], { cwd: root, stdio: 'ignore' });
      c.once('exit', () => resolve());
      c.once('error', reject);
    });
    const nodeMs = performance.now() - b0;
    const first = await startHall(dataDir);
    const idle = rssOf(first.pid);
    for (let i = 0; i < 20; i++) {
      await fetch(`${first.url}/api/catalog/implementations?q=${encodeURIComponent('食品')}`);
      await fetch(`${first.url}/api/licence/types`);
    }
    const used = rssOf(first.pid);
    await first.stop();
    const gib = 2 ** 30;
    measure({
      name: 'first start to ready (fresh data: migrations + demo seed)',
      value: first.ms / 1000,
      unit: 's',
      baseline: nodeMs / 1000,
      note: 'baseline: bare node start; the hall compiles (under a second) only when its sources changed',
    });
    measure({
      name: 'hall RSS idle after start',
      value: idle.rss / 2 ** 20,
      unit: 'MiB',
      budget: { text: '≤ 1 GB', met: idle.rss <= gib },
    });
    measure({
      name: 'hall RSS after 40 requests (peak VmHWM)',
      value: used.hwm / 2 ** 20,
      unit: 'MiB',
      budget: { text: '≤ 1 GB', met: used.hwm <= gib },
      note: `current ${(used.rss / 2 ** 20).toFixed(0)} MiB`,
    });
    const bars = [
      { label: 'bare node', value: nodeMs / 1000, kind: 'baseline' as const },
      { label: 'first start (seed)', value: first.ms / 1000 },
    ];
    if (!quick) {
      const second = await startHall(dataDir);
      const rss = rssOf(second.pid);
      await second.stop();
      measure({
        name: 'restart to ready (existing data)',
        value: second.ms / 1000,
        unit: 's',
        baseline: nodeMs / 1000,
        note: `RSS ${(rss.rss / 2 ** 20).toFixed(0)} MiB`,
      });
      bars.push({ label: 'restart', value: second.ms / 1000 });
    }
    note(
      'setup',
      'scripts/start-hall.mjs as `npm start` runs it: the compiled hall (web build skipped, PGlite in a temp data dir)',
    );
    chart('Embedded hall start-up', 's', bars);
    chart('Embedded hall memory', 'MiB', [
      { label: 'RSS idle', value: idle.rss / 2 ** 20, kind: idle.rss <= gib ? 'service' : 'missed' },
      { label: 'peak RSS (VmHWM)', value: used.hwm / 2 ** 20, kind: used.hwm <= gib ? 'service' : 'missed' },
      { label: 'budget 1 GB', value: 1024, kind: 'baseline' },
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
