// `npm run bench [-- <name> …] [-- --quick] [-- --merge]`: runs the benchmarks (all by default) and writes
// bench/results/<YYYY-MM-DD>.json and .md (with SVG charts and query plans). Results are ratios against a raw
// baseline measured in the same run, plus the issue budgets; never assertions. Exits non-zero only when a bench
// itself failed (a harness error), never because a budget was missed.
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { TEST_PG_ADMIN_URL } from '@hall/persistence';
import { existsSync, readFileSync } from 'node:fs';
import { hostReferenceMs } from './host-reference.js';
import { readMachineCpu } from './pg-server-cpu.js';
import { quick, record, setCurrentBench, writeReport, type BenchRecord, type RunMeta } from './bench-kit.js';

// Quick sizes for the benches that read their sizes from the environment themselves.
if (quick) {
  process.env.BENCH_ROWS ??= '20000';
  process.env.BENCH_ITERATIONS ??= '40';
  process.env.BENCH_IMPORT_ROWS ??= '300';
  process.env.BENCH_LICENCES ??= '10';
}

const here = path.dirname(fileURLToPath(import.meta.url));
type Bench = () => Promise<void>;
const lazy =
  (load: () => Promise<Bench>): Bench =>
  async () =>
    (await load())();
const benches: Record<string, Bench> = {
  http: lazy(async () => (await import('./http.bench.js')).runHttpBench),
  submit: lazy(async () => (await import('./submit.bench.js')).runSubmitBench),
  events: lazy(async () => (await import('./events.bench.js')).runEventsBench),
  storage: lazy(async () => (await import('./storage.bench.js')).runStorageBench),
  hall: lazy(async () => (await import('./hall.bench.js')).runHallBench),
  scale: lazy(async () => (await import('./scale.bench.js')).runScaleBench),
  catalog: lazy(async () => (await import('./catalog.bench.js')).runCatalogBench),
  licence: lazy(async () => (await import('./licence.bench.js')).runLicenceBench),
  footprint: lazy(async () => (await import('./footprint.bench.js')).runFootprintBench),
  statements: lazy(async () => (await import('./statements.bench.js')).runStatementsBench),
};

const selected = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = selected.filter((s) => !(s in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})\n`);
  process.exit(2);
}
const toRun = Object.entries(benches).filter(([name]) => selected.length === 0 || selected.includes(name));
// `--merge`: rerun some benches and keep the others' results from today's earlier report (same --quick mode).
let kept: RunMeta['kept'];
if (process.argv.includes('--merge'))
  kept = keepEarlierResults(
    new Date().toISOString().slice(0, 10),
    toRun.map(([n]) => n),
  );
const startedAt = new Date();
const startLoad = loadavg();
const referenceMs = hostReferenceMs();
const cpu0 = readMachineCpu();
const runStart = performance.now();
let postgres: string | undefined;
try {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  await c.connect();
  postgres = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  await c.end();
} catch {
  postgres = undefined;
}
process.stdout.write(
  `bench: ${toRun.length} benches${quick ? ' (--quick)' : ''}, PostgreSQL ${postgres ?? 'unreachable'}\n`,
);
for (const [i, [name, run]] of toRun.entries()) {
  setCurrentBench(name);
  const t0 = performance.now();
  process.stdout.write(
    `\n### [${i + 1}/${toRun.length}] ${name} (elapsed ${((t0 - runStart) / 1000).toFixed(0)} s)\n`,
  );
  try {
    await run();
  } catch (err) {
    const e = err as Error;
    record.errors.push({ bench: name, error: e.stack ?? e.message });
    process.stderr.write(`\n${name}: harness error: ${e.stack ?? e.message}\n`);
  }
  record.durations[name] = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${process.stdout.isTTY ? '\r' : ''}### ${name} done in ${record.durations[name].toFixed(1)} s\n`,
  );
  // The report is rewritten after each bench, so an interrupted run still leaves what it measured.
  writeReport(path.join(here, 'results'), metaNow(), inBenchOrder());
}
function stealPercent(): { stealPercent?: number } {
  // Hypervisor steal over the whole run: time the cores were given to other guests.
  const cpu1 = readMachineCpu();
  if (!cpu0 || !cpu1 || cpu1.totalMs <= cpu0.totalMs) return {};
  return { stealPercent: (100 * (cpu1.stealMs - cpu0.stealMs)) / (cpu1.totalMs - cpu0.totalMs) };
}
function metaNow(): RunMeta {
  const cpu = cpus();
  return {
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    machine: {
      cores: cpu.length,
      cpu: cpu[0]?.model.trim() ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: startLoad,
      ...(postgres && { postgres }),
      referenceMs,
      ...stealPercent(),
    },
    selected: toRun.map(([n]) => n),
    kept,
  };
}

/** The record with every list in the runner's bench order (kept results and new ones interleave by bench). */
function inBenchOrder(): BenchRecord {
  const order = Object.keys(benches);
  const by = <T extends { bench: string }>(xs: T[]): T[] =>
    [...xs].sort((a, b) => order.indexOf(a.bench) - order.indexOf(b.bench));
  return {
    ...record,
    measurements: by(record.measurements),
    charts: by(record.charts),
    plans: by(record.plans),
    tables: by(record.tables),
    notes: by(record.notes),
    errors: by(record.errors),
  };
}

function keepEarlierResults(date: string, rerun: readonly string[]): RunMeta['kept'] {
  const file = path.join(here, 'results', `${date}.json`);
  if (!existsSync(file)) return undefined;
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as BenchRecord & { meta: RunMeta };
  if (earlier.meta.quick !== quick) {
    // Refuse before anything runs: writing this run's report would drop the earlier benches' results.
    process.stderr.write(
      `--merge: ${date}.json is ${earlier.meta.quick ? '' : 'not '}a --quick run and this one is ${quick ? '' : 'not'}; ` +
        `rerun with the same mode, or without --merge to start the day's report afresh\n`,
    );
    process.exit(2);
  }
  const keep = <T extends { bench: string }>(xs: T[]): T[] => xs.filter((x) => !rerun.includes(x.bench));
  record.measurements.push(...keep(earlier.measurements));
  record.charts.push(...keep(earlier.charts));
  record.plans.push(...keep(earlier.plans));
  record.tables.push(...keep(earlier.tables));
  record.notes.push(...keep(earlier.notes));
  record.errors.push(...keep(earlier.errors));
  const benchesKept = Object.keys(earlier.durations).filter((b) => !rerun.includes(b));
  for (const b of benchesKept) record.durations[b] = earlier.durations[b] ?? 0;
  return {
    benches: benchesKept,
    startedAt: earlier.meta.kept ? earlier.meta.kept.startedAt : earlier.meta.startedAt,
    loadAverage: earlier.meta.machine.loadAverage,
  };
}
const files = writeReport(path.join(here, 'results'), metaNow(), inBenchOrder());
const met = record.measurements.filter((m) => m.budget?.met).length;
const budgeted = record.measurements.filter((m) => m.budget).length;
process.stdout.write(
  `\nbench: ${met}/${budgeted} budgets met, ${record.errors.length} harness errors, ${((performance.now() - runStart) / 1000).toFixed(0)} s\n` +
    `  ${path.relative(process.cwd(), files.markdown)}\n  ${path.relative(process.cwd(), files.json)}\n`,
);
process.exit(record.errors.length > 0 ? 1 : 0);
