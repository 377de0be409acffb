// Where a case's CPU and statements go (issue 22 item 1). Everything runs in the bench's one Node.js process, so
// the split comes from a sampling CPU profile (node:inspector) and from counting the statements the `pg` driver
// sends (Prisma's driver adapter, the outbox relays and raw SQL all go through pg.Client#query).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';

// ---- statements -------------------------------------------------------------------------------------------------

/** Prefix of the bench harness's own statements: counted apart, not as the hall's. */
export const BENCH_MARK = '/* bench */';

export interface StatementCounts {
  /** The harness's own statements per database (each one an autocommit transaction). */
  harness: Map<string, number>;
  /** Statements per database (BEGIN/COMMIT/ROLLBACK counted apart in `control`). */
  byDatabase: Map<string, number>;
  control: Map<string, number>;
  /** Normalised statement text → count, all databases. */
  byText: Map<string, number>;
  /** `database<TAB>normalised text` → count. */
  byDatabaseText: Map<string, number>;
  /** The part of `byDatabaseText` sent outside BEGIN … COMMIT (each its own commit). */
  autocommitByDatabaseText: Map<string, number>;
}

/** Normalises a statement for counting: literals and parameter numbers out, whitespace folded. */
export function normaliseSql(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\$\d+/g, '$n')
    .replace(/\b\d+\b/g, 'N')
    .replace(/(\$n, ?)+\$n/g, '$n, …')
    .trim()
    .slice(0, 220);
}

/** Counts every statement sent through `pg` until `stop()`; the patch is removed on stop. */
export function countStatements(): { stop(): StatementCounts } {
  const counts: StatementCounts = {
    harness: new Map(),
    byDatabase: new Map(),
    control: new Map(),
    byText: new Map(),
    byDatabaseText: new Map(),
    autocommitByDatabaseText: new Map(),
  };
  // Whether a client is between BEGIN and COMMIT/ROLLBACK (statements are sent in the order query() is called).
  const inTransaction = new WeakMap<object, boolean>();
  const proto = pg.Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
    connectionParameters?: { database?: string };
  };
  const original = proto.query;
  const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
  // What a statement text is, worked out once per text, and its counters per database: the hall sends the same few
  // hundred texts again and again, and the counter's own work (regexes, key strings, map look-ups) would otherwise be
  // counted in the hall's CPU per case. The maps of `StatementCounts` are filled from these on stop().
  interface Tally {
    kind: 'harness' | 'control' | 'statement';
    /** BEGIN / COMMIT / ROLLBACK / START (control). */
    verb: string;
    normalised: string;
    /** Per database: [statements, of which outside a transaction]. */
    byDb: Map<string, [number, number]>;
  }
  const tallies = new Map<string, Tally>();
  const tallyOf = (text: string): Tally => {
    let t = tallies.get(text);
    if (t === undefined) {
      const control = /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i.test(text);
      t = {
        kind: text.startsWith(BENCH_MARK) ? 'harness' : control ? 'control' : 'statement',
        verb: control ? (text.trim().split(/\s+/)[0]?.toUpperCase() ?? '') : '',
        normalised: control || text.startsWith(BENCH_MARK) ? '' : normaliseSql(text),
        byDb: new Map(),
      };
      // Texts with literals in them could be many: past the bound they are tallied but not kept.
      if (tallies.size < 50_000) tallies.set(text, t);
      else overflow.push(t);
    }
    return t;
  };
  const overflow: Tally[] = [];
  proto.query = function (this: { connectionParameters?: { database?: string } }, ...args: unknown[]) {
    const first = args[0];
    const text =
      typeof first === 'string'
        ? first
        : first && typeof first === 'object' && 'text' in first
          ? String(first.text)
          : '';
    const db = this.connectionParameters?.database ?? '?';
    // A transaction's first statement carrying its BEGIN (libs/persistence `BeginWithStatement`): the BEGIN counted
    // as if sent alone, the statement inside the transaction.
    if (
      first &&
      typeof first === 'object' &&
      (first as { beginsTransaction?: unknown }).beginsTransaction === true
    ) {
      const begin = tallyOf('BEGIN');
      inTransaction.set(this, true);
      const b = begin.byDb.get(db);
      if (b === undefined) begin.byDb.set(db, [1, 0]);
      else b[0] += 1;
    }
    const t = tallyOf(text);
    if (t.kind === 'control') inTransaction.set(this, t.verb === 'BEGIN' || t.verb === 'START');
    let n = t.byDb.get(db);
    if (n === undefined) {
      n = [0, 0];
      t.byDb.set(db, n);
    }
    n[0] += 1;
    if (t.kind === 'statement' && inTransaction.get(this) !== true) n[1] += 1;
    return original.apply(this, args);
  };
  return {
    stop() {
      proto.query = original;
      for (const t of [...tallies.values(), ...overflow])
        for (const [db, [n, autocommit]] of t.byDb) {
          if (t.kind === 'harness') bump(counts.harness, db, n);
          else if (t.kind === 'control') bump(counts.control, `${db} ${t.verb}`, n);
          else {
            bump(counts.byDatabase, db, n);
            bump(counts.byText, t.normalised, n);
            bump(counts.byDatabaseText, `${db}\t${t.normalised}`, n);
            if (autocommit > 0) bump(counts.autocommitByDatabaseText, `${db}\t${t.normalised}`, autocommit);
          }
        }
      tallies.clear();
      overflow.length = 0;
      return counts;
    },
  };
}

// ---- CPU --------------------------------------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * The profiler's sampling interval (µs). Its event processor is a thread of this process on the same cores: at 1 ms
 * it cost the hall bench ~12 ms of CPU per case (≈ a tenth of the main thread's), at 5 ms a fraction of that, and a
 * 60-case run still gives thousands of samples for the phase split. `BENCH_PROFILE_INTERVAL_US` overrides it.
 */
export const PROFILE_INTERVAL_US = Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 5000);

/**
 * Samples this process's CPU until `stop()` (every {@link PROFILE_INTERVAL_US}). With `heapProfile` (a file name) the allocations are
 * sampled too, those collected since included (what the garbage collector has to do, by allocating function), and
 * written there for Chrome DevTools or speedscope.
 */
export async function profileCpu(heapProfile?: string): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
  await session.post('Profiler.start');
  if (heapProfile !== undefined) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      await session.post('Profiler.disable');
      if (heapProfile !== undefined) {
        const heap = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
        writeFileSync(heapProfile, JSON.stringify(heap.profile));
        await session.post('HeapProfiler.disable');
      }
      session.disconnect();
      return profile;
    },
  };
}

/** The phase a frame belongs to, by its source (innermost match on the stack wins). */
const PHASES: Array<[string, RegExp]> = [
  [
    'PDF',
    /node_modules\/(pdfkit|fontkit|@foliojs|pdf-lib|brotli|linebreak|unicode-|restructure)|libs\/pdf\/|\.pdf\.ts|render\//,
  ],
  ['signing', /node_modules\/(gm-crypto|sm-crypto|jsrsasign|@noble)|\/signing\//],
  ['audit', /audit/],
  ['outbox relays', /libs\/messaging\/src\/outbox/],
  ['consumers', /libs\/messaging\/src\/(event-consumer|in-process|inbox)|\.consumer\.ts/],
  ['ORM (Prisma)', /@prisma\/|\/generated\/prisma\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-types|pgpass|pg-pool)\//],
  ['schemas (zod)', /node_modules\/zod\//],
  ['token verification', /libs\/auth\/src\/keycloak|node_modules\/(jose)\//],
  [
    'HTTP (Fastify, Nest)',
    /node_modules\/(fastify|@fastify|@nestjs|light-my-request|find-my-way|avvio|pino|undici|rxjs|reflect-metadata)\//,
  ],
  ['telemetry', /@opentelemetry|libs\/telemetry/],
];
const SERVICE = /\/apps\/(catalog|intake|approval|licence|supervision|disclosure)\/src\//;

export interface CpuSplit {
  totalMs: number;
  byService: Map<string, number>;
  byPhase: Map<string, number>;
}

const DB_CLIENT_PHASES = new Set(['ORM (Prisma)', 'pg driver']);

/**
 * The service and phase of each sampled node (see {@link splitProfile}); `null` for idle samples. Memoised per node.
 */
export function profileClassifier(
  profile: CpuProfile,
): (id: number) => { service: string; phase: string } | null {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, { service: string; phase: string } | null>();
  const classify = (id: number): { service: string; phase: string } | null => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    let service: string | undefined;
    let phase: string | undefined;
    const leafName = byId.get(id)?.callFrame.functionName ?? '';
    if (leafName === '(idle)') {
      memo.set(id, null);
      return null;
    }
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)?.callFrame.url ?? '';
      if (!url) continue;
      if (service === undefined) {
        const m = SERVICE.exec(url);
        if (m) service = m[1];
        // The statement counter (this file) wraps the hall's own queries: not the harness's work.
        else if (url.includes('/bench/') && !url.includes('/bench/case-cost.')) service = 'bench client';
      }
      if (phase === undefined) phase = PHASES.find(([, re]) => re.test(url))?.[0];
      if (service !== undefined && phase !== undefined) break;
    }
    const result = {
      service: service ?? 'shared',
      phase:
        phase ??
        (leafName === '(garbage collector)' ? 'GC' : leafName.startsWith('(') ? 'runtime' : 'other JS'),
    };
    memo.set(id, result);
    return result;
  };
  return classify;
}

/**
 * Splits the profile's time: by phase (innermost frame matching {@link PHASES}; `other JS`, `GC` and `runtime`
 * otherwise) and by service (innermost frame in `apps/<service>/src`; `bench client` for the harness; `shared`
 * when no service frame is on the stack, e.g. a relay woken by a timer). Idle samples are not CPU. Database client
 * work (Prisma, pg) mostly runs in continuations with no service frame: with `statementsByService` it is shared
 * out by each service's statement count. With `cpuMs` the shares are scaled to that CPU time.
 */
export function splitProfile(
  profile: CpuProfile,
  opts: { cpuMs?: number; statementsByService?: Map<string, number> } = {},
): CpuSplit {
  const classify = profileClassifier(profile);
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const split: CpuSplit = { totalMs: 0, byService: new Map(), byPhase: new Map() };
  let unownedDbMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's weight is the time until the next sample.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const c = classify(samples[i] ?? -1);
    if (!c) continue;
    split.totalMs += ms;
    add(split.byPhase, c.phase, ms);
    if (c.service === 'shared' && DB_CLIENT_PHASES.has(c.phase) && opts.statementsByService)
      unownedDbMs += ms;
    else add(split.byService, c.service, ms);
  }
  const statements = [...(opts.statementsByService ?? new Map<string, number>()).values()].reduce(
    (a, b) => a + b,
    0,
  );
  for (const [service, n] of opts.statementsByService ?? [])
    if (statements > 0) add(split.byService, service, (unownedDbMs * n) / statements);
  if (opts.cpuMs !== undefined && split.totalMs > 0) {
    const k = opts.cpuMs / split.totalMs;
    for (const m of [split.byService, split.byPhase]) for (const [key, v] of m) m.set(key, v * k);
    split.totalMs = opts.cpuMs;
  }
  return split;
}

/** `[key, value]` pairs, largest first. */
export const largestFirst = <K>(m: Map<K, number>): Array<[K, number]> => [...m].sort((a, b) => b[1] - a[1]);

// ---- flame graph ------------------------------------------------------------------------------------------------

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A short frame label: function name and file (`fn · apps/intake/src/x.ts`). */
function frameLabel(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const at = /(?:apps|libs|node_modules)\/.*$/.exec(url)?.[0] ?? url.split('/').slice(-2).join('/');
  return `${n.callFrame.functionName || '(anonymous)'}${at ? ` · ${at}` : ''}`;
}

/**
 * A flame graph of the profile as a standalone SVG (root at the bottom, width = CPU time; frames under 0.3 % of
 * the total are merged away; idle excluded). Hover a frame for its name, file and share.
 */
export function flameGraphSvg(profile: CpuProfile, title: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? -1;
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const n = byId.get(id);
    const v = (self.get(id) ?? 0) + (n?.children ?? []).reduce((a, c) => a + sum(c), 0);
    total.set(id, v);
    return v;
  };
  const rootId = profile.nodes[0]?.id ?? 0;
  const all = sum(rootId);
  const width = 1200;
  const rowH = 16;
  const rects: string[] = [];
  let maxDepth = 0;
  const minMs = all * 0.003;
  const draw = (id: number, x: number, depth: number) => {
    const n = byId.get(id);
    const ms = total.get(id) ?? 0;
    if (!n || ms < minMs) return;
    maxDepth = Math.max(maxDepth, depth);
    const w = (ms / all) * width;
    const label = depth === 0 ? `all (${ms.toFixed(0)} ms CPU)` : frameLabel(n);
    const hue = /\/apps\//.test(n.callFrame.url) ? 25 : /node_modules/.test(n.callFrame.url) ? 200 : 50;
    rects.push(
      `<g data-depth="${depth}"><title>${escapeXml(`${label}: ${ms.toFixed(1)} ms (${((ms / all) * 100).toFixed(1)} %)`)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${-depth * rowH}" width="${Math.max(0.5, w - 0.5).toFixed(1)}" height="${rowH - 1}" fill="hsl(${hue},70%,${60 + ((depth * 7) % 20)}%)"/>` +
        (w > 40
          ? `<text x="${(x + 3).toFixed(1)}" y="${-depth * rowH + 12}" font-size="10" font-family="sans-serif">${escapeXml(label.slice(0, Math.floor(w / 6)))}</text>`
          : '') +
        '</g>',
    );
    let cx = x;
    for (const c of [...(n.children ?? [])].sort((a, b) => (total.get(b) ?? 0) - (total.get(a) ?? 0))) {
      draw(c, cx, depth + 1);
      cx += ((total.get(c) ?? 0) / all) * width;
    }
  };
  draw(rootId, 0, 0);
  const height = (maxDepth + 1) * rowH + 30;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 -${height - rowH} ${width} ${height}">` +
    `<text x="4" y="${-(height - rowH) + 16}" font-size="13" font-family="sans-serif">${escapeXml(title)}</text>` +
    rects.join('') +
    '</svg>\n'
  );
}
