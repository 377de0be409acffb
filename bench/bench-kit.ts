import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Small helpers shared by benchmarks: percentiles, a progress line, a results table, a results file. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}

let lastProgress = 0;
const loggedStep = new Map<string, number>();
/**
 * Progress of a long step. On a terminal: one line redrawn in place (at most ~10 times a second). Into a log file
 * or pipe: one plain line per tenth of the step and one at its end, never carriage returns.
 */
export function progress(label: string, done: number, total: number): void {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  if (!process.stdout.isTTY) {
    const step = Math.floor(pct / 10);
    if (done > 0 && step === loggedStep.get(label) && done < total) return;
    if (done >= total && loggedStep.get(label) === 10) return;
    loggedStep.set(label, done >= total ? 10 : step);
    process.stdout.write(`  ${label}: ${pct}% (${done.toLocaleString()}/${total.toLocaleString()})\n`);
    return;
  }
  const now = Date.now();
  if (done < total && now - lastProgress < 100) return;
  lastProgress = now;
  const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
  process.stdout.write(
    `\r  ${label.padEnd(28)} [${bar}] ${pct}% (${done.toLocaleString()}/${total.toLocaleString()})`,
  );
}

let results = '';
/** Prints a result line and keeps it for {@link saveResults} (progress lines are not kept). */
export function writeOut(text: string): void {
  results += text;
  process.stdout.write(text);
}

export function report(title: string, rows: Array<[string, string, string]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  writeOut(`\n== ${title}\n`);
  const lines = rows.map(([k, v, n]) => `  ${k.padEnd(w)}  ${v.padStart(14)}  ${n}`);
  for (const line of lines) writeOut(`${line}\n`);
  record.tables.push({ bench: currentBench, title, text: lines.join('\n') });
}

/** Writes the results kept so far to `bench/results/<name>.txt` (with the date and machine) and starts afresh. */
export function saveResults(dir: string, name: string, header: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.txt`);
  writeFileSync(file, `${header}\n${results}`);
  results = '';
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// The run record: every measurement (with its baseline, ratio and budget), query plans, tables and charts, written
// at the end as bench/results/<date>.json + <date>.md (+ one SVG per chart). Benchmarks never assert: a missed
// budget is a recorded fact, not a failure.

/** `--quick`: every bench with small sizes (the whole run in a few minutes). */
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** A size: the quick value under `--quick`, else the env override, else the full default. */
export function size(envName: string, full: number, quickValue: number): number {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv);
  return quick ? quickValue : full;
}

export interface Budget {
  /** What is promised, in words (e.g. "≥ 70 % of raw"). */
  text: string;
  met: boolean;
}

export interface Measurement {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** The raw baseline measured in the same run (same unit), when there is one. */
  baseline?: number;
  /** value / baseline (for throughput: higher is better; for latency the note says which way). */
  ratio?: number;
  budget?: Budget;
  note?: string;
}

export interface Bar {
  label: string;
  value: number;
  /** Baseline bars are drawn grey, service bars blue, budget-missed bars red. */
  kind?: 'baseline' | 'service' | 'missed';
}

export interface Chart {
  bench: string;
  title: string;
  unit: string;
  bars: Bar[];
}

export interface TextBlock {
  bench: string;
  title: string;
  text: string;
}

export interface BenchRecord {
  measurements: Measurement[];
  charts: Chart[];
  /** Query plans (EXPLAIN output) and other verbatim text. */
  plans: TextBlock[];
  /** Result tables printed by older benches (kept verbatim). */
  tables: TextBlock[];
  notes: TextBlock[];
  /** Harness errors per bench (a bench that threw). */
  errors: Array<{ bench: string; error: string }>;
  durations: Record<string, number>;
}

export const record: BenchRecord = {
  measurements: [],
  charts: [],
  plans: [],
  tables: [],
  notes: [],
  errors: [],
  durations: {},
};

let currentBench = 'bench';
/** Names the bench whose results are being recorded (set by the runner). */
export function setCurrentBench(name: string): void {
  currentBench = name;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);

/** Records a measurement and prints it as a result line. */
export function measure(m: Omit<Measurement, 'bench'> & { bench?: string }): Measurement {
  const full: Measurement = { ...m, bench: m.bench ?? currentBench };
  if (full.baseline !== undefined && full.ratio === undefined && full.baseline !== 0)
    full.ratio = full.value / full.baseline;
  record.measurements.push(full);
  const parts = [`  ${full.name}: ${fmt(full.value)} ${full.unit}`];
  if (full.baseline !== undefined) parts.push(`baseline ${fmt(full.baseline)} ${full.unit}`);
  if (full.ratio !== undefined) parts.push(`ratio ${full.ratio.toFixed(2)}`);
  if (full.budget) parts.push(`budget ${full.budget.text}: ${full.budget.met ? 'met' : 'MISSED'}`);
  if (full.note) parts.push(full.note);
  process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}${parts.join(' · ')}\n`);
  return full;
}

export function chart(title: string, unit: string, bars: Bar[]): void {
  record.charts.push({ bench: currentBench, title, unit, bars });
}

export function plan(title: string, text: string): void {
  record.plans.push({ bench: currentBench, title, text });
}

export function note(title: string, text: string): void {
  record.notes.push({ bench: currentBench, title, text });
  process.stdout.write(`  ${title}: ${text}\n`);
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const BAR_COLOURS = { baseline: '#9e9e9e', service: '#1677ff', missed: '#d4380d' } as const;

/** A horizontal bar chart as a standalone SVG document (no dependencies): one row per bar, value at its end. */
export function barChartSvg(c: Pick<Chart, 'title' | 'unit' | 'bars'>): string {
  const rowH = 26;
  const labelW = 260;
  const plotW = 360;
  const top = 34;
  const width = labelW + plotW + 90;
  const height = top + c.bars.length * rowH + 16;
  const max = Math.max(1e-9, ...c.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const rows = c.bars.map((b, i) => {
    const v = Number.isFinite(b.value) ? Math.max(0, b.value) : 0;
    const w = Math.max(1, Math.round((v / max) * plotW));
    const y = top + i * rowH;
    const colour = BAR_COLOURS[b.kind ?? 'service'];
    return (
      `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${escapeXml(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${colour}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 16}">${escapeXml(`${fmt(v)} ${c.unit}`)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="12">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(c.title)}</text>` +
    rows.join('') +
    `</svg>\n`
  );
}

export interface RunMeta {
  date: string;
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    node: string;
    loadAverage: number[];
    postgres?: string;
    /** CPU ms of a fixed single-threaded reference workload at the start of the run (lower: a faster core). */
    referenceMs?: number;
    /** % of the cores' time the hypervisor gave to other guests over the run. */
    stealPercent?: number;
  };
  selected: string[];
  /** `--merge`: the benches of an earlier run of the same day kept in this report, with that run's start. */
  kept?: { benches: string[]; startedAt: string; loadAverage: number[] } | undefined;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'chart';

/** The markdown report: budgets table first, then per bench its measurements, charts, plans and notes. */
export function renderMarkdown(
  meta: RunMeta,
  rec: BenchRecord,
  chartFiles: ReadonlyMap<Chart, string>,
): string {
  const out: string[] = [];
  const m = meta.machine;
  out.push(`# Benchmark report ${meta.date}${meta.quick ? ' (--quick)' : ''}`, '');
  out.push(
    `Run ${meta.startedAt} → ${meta.finishedAt}; ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}` +
      `${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}; load average at start ${m.loadAverage.map((l) => l.toFixed(1)).join(' / ')}.`,
    ...(m.referenceMs === undefined
      ? []
      : [
          `Host speed: the reference workload (bench/host-reference.ts) took ${m.referenceMs.toFixed(0)} ms of CPU on one core` +
            ` (lower is faster; absolute figures such as cases/s scale with it)` +
            `${m.stealPercent === undefined ? '' : `; hypervisor steal over the run ${m.stealPercent.toFixed(1)} %`}.`,
        ]),
    'Ratios are against a raw baseline measured in the same run; benchmarks never fail on a missed budget.',
    '',
  );
  if (meta.kept && meta.kept.benches.length > 0) {
    out.splice(
      out.length - 1,
      0,
      `This run measured ${meta.selected.join(', ')}; ${meta.kept.benches.join(', ')} are kept from the run started ${meta.kept.startedAt}` +
        ` (load average ${meta.kept.loadAverage.map((l) => l.toFixed(1)).join(' / ')}) — \`npm run bench -- <names> --merge\`.`,
    );
  }
  const budgeted = rec.measurements.filter((x) => x.budget);
  out.push(
    '## Budgets',
    '',
    '| bench | measurement | value | baseline | ratio | budget | verdict |',
    '|---|---|---|---|---|---|---|',
  );
  for (const x of budgeted) {
    out.push(
      `| ${x.bench} | ${x.name} | ${fmt(x.value)} ${x.unit} | ${x.baseline === undefined ? '' : `${fmt(x.baseline)} ${x.unit}`} | ` +
        `${x.ratio === undefined ? '' : x.ratio.toFixed(2)} | ${x.budget?.text ?? ''} | ${x.budget?.met ? 'met' : '**missed**'} |`,
    );
  }
  if (budgeted.length === 0) out.push('| | (no budgeted measurement) | | | | | |');
  out.push('');
  if (rec.errors.length > 0) {
    out.push('## Harness errors', '');
    for (const e of rec.errors) out.push(`- **${e.bench}**: ${e.error.split('\n')[0] ?? ''}`);
    out.push('');
  }
  const benches = [
    ...new Set(
      [...rec.measurements, ...rec.charts, ...rec.plans, ...rec.tables, ...rec.notes].map((x) => x.bench),
    ),
  ];
  for (const b of benches) {
    out.push(`## ${b}${rec.durations[b] !== undefined ? ` (${rec.durations[b].toFixed(1)} s)` : ''}`, '');
    const ms = rec.measurements.filter((x) => x.bench === b);
    if (ms.length > 0) {
      out.push('| measurement | value | baseline | ratio | budget | note |', '|---|---|---|---|---|---|');
      for (const x of ms) {
        const verdict = x.budget ? `${x.budget.text}: ${x.budget.met ? 'met' : '**missed**'}` : '';
        out.push(
          `| ${x.name} | ${fmt(x.value)} ${x.unit} | ${x.baseline === undefined ? '' : `${fmt(x.baseline)} ${x.unit}`} | ` +
            `${x.ratio === undefined ? '' : x.ratio.toFixed(2)} | ${verdict} | ${(x.note ?? '').replace(/\|/g, '/')} |`,
        );
      }
      out.push('');
    }
    for (const c of rec.charts.filter((x) => x.bench === b))
      out.push(`![${c.title}](${chartFiles.get(c) ?? ''})`, '');
    for (const n of rec.notes.filter((x) => x.bench === b)) out.push(`- ${n.title}: ${n.text}`);
    if (rec.notes.some((x) => x.bench === b)) out.push('');
    for (const t of rec.tables.filter((x) => x.bench === b))
      out.push(`### ${t.title}`, '', '```text', t.text.trimEnd(), '```', '');
    for (const p of rec.plans.filter((x) => x.bench === b))
      out.push(`### Plan: ${p.title}`, '', '```text', p.text.trimEnd(), '```', '');
  }
  return `${out.join('\n')}\n`;
}

/** Writes `<dir>/<date>.json`, `<dir>/<date>.md` and one `<dir>/<date>-<bench>-<chart>.svg` per chart. */
export function writeReport(
  dir: string,
  meta: RunMeta,
  rec: BenchRecord = record,
): { json: string; markdown: string; svgs: string[] } {
  mkdirSync(dir, { recursive: true });
  const chartFiles = new Map<Chart, string>();
  const svgs: string[] = [];
  const used = new Set<string>();
  for (const c of rec.charts) {
    let name = `${meta.date}-${slug(c.bench)}-${slug(c.title)}.svg`;
    for (let i = 2; used.has(name); i++) name = `${meta.date}-${slug(c.bench)}-${slug(c.title)}-${i}.svg`;
    used.add(name);
    writeFileSync(path.join(dir, name), barChartSvg(c));
    chartFiles.set(c, name);
    svgs.push(path.join(dir, name));
  }
  const json = path.join(dir, `${meta.date}.json`);
  writeFileSync(
    json,
    `${JSON.stringify({ meta, ...rec, charts: rec.charts.map((c) => ({ ...c, file: chartFiles.get(c) })) }, null, 2)}\n`,
  );
  const markdown = path.join(dir, `${meta.date}.md`);
  writeFileSync(markdown, renderMarkdown(meta, rec, chartFiles));
  return { json, markdown, svgs };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP load (autocannon) with a progress line.

export interface LoadResult {
  /** Mean completed 2xx requests per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  label: string;
  seconds: number;
  connections: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  overallRate?: number;
  /** Builds each request (autocannon `setupRequest`): e.g. a fresh idempotency key per request. */
  setupRequest?: (req: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }) => {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };
}

/** Runs autocannon for `seconds` and returns throughput and latency (ms). p95 is interpolated between p90 and p97.5. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const t0 = Date.now();
  const timer = setInterval(
    () => progress(o.label, Math.min(o.seconds, (Date.now() - t0) / 1000), o.seconds),
    250,
  );
  try {
    const r = await autocannon({
      url: o.url,
      connections: o.connections,
      duration: o.seconds,
      timeout: 30,
      ...(o.method && { method: o.method }),
      ...(o.headers && { headers: o.headers }),
      ...(o.body !== undefined && { body: o.body }),
      ...(o.overallRate && { overallRate: o.overallRate }),
      ...(o.setupRequest && { requests: [{ setupRequest: o.setupRequest }] }),
    });
    progress(o.label, o.seconds, o.seconds);
    process.stdout.write('\n');
    const ok = r['2xx'];
    return {
      rps: ok / Math.max(0.001, r.duration),
      p50: r.latency.p50,
      p95: r.latency.p90 + ((r.latency.p97_5 - r.latency.p90) * 5) / 7.5,
      p99: r.latency.p99,
      requests: r.requests.total,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  } finally {
    clearInterval(timer);
  }
}
