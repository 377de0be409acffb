/**
 * The embedded object store's own CPU per request (issue 22): `startEmbeddedS3` in a child process (as the hall bench
 * runs it, bench/object-store.process.ts), driven with the minio client as libs/storage does — PUTs of small PDFs
 * (3 KB, as materials) and ~40 KB PDFs (as licences), stats, GETs and HEAD bucket probes, 4 in flight — and the
 * child's utime + stime from /proc/<pid>/stat per phase, divided by the requests of that phase.
 *
 *   node --import @swc-node/register/esm-register bench/object-store-cpu.ts [label=path/to/object-store.process.ts …]
 *
 * With several `label=path` arguments (e.g. a checkout of the previous commit and this one) the stores are measured
 * in alternating rounds in the same run. `OBJECT_STORE_CPU_ROUNDS` (default 3) and `OBJECT_STORE_CPU_REQUESTS`
 * (default 400 per phase) and `OBJECT_STORE_CPU_PARALLEL` (requests in flight, default 4) size it; `OBJECT_STORE_CPU_PROF=<dir>` starts the children with `--cpu-prof` into <dir>.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client } from 'minio';
import { embeddedS3Client, samplePdf } from '@hall/storage';
import { startObjectStoreProcess } from './object-store-child.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.OBJECT_STORE_CPU_ROUNDS ?? 3);
const requests = Number(process.env.OBJECT_STORE_CPU_REQUESTS ?? 400);
const profileDir = process.env.OBJECT_STORE_CPU_PROF;
const PARALLEL = Number(process.env.OBJECT_STORE_CPU_PARALLEL ?? 4);

const stores = (
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : [`current=${here}/object-store.process.ts`]
).map((arg) => {
  const eq = arg.indexOf('=');
  return eq < 0 ? { label: arg, script: arg } : { label: arg.slice(0, eq), script: arg.slice(eq + 1) };
});

interface Store {
  readonly client: Client;
  /** utime + stime so far (ms); `sys` the stime alone. */
  cpuMs(): number;
  sysMs(): number;
  stop(): Promise<void>;
}

async function startStore(script: string): Promise<Store> {
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // The script's own checkout resolves its @hall/* imports (tsconfig paths), so it runs from there.
  const store = await startObjectStoreProcess(script, {
    execArgv: prof,
    cwd: path.resolve(path.dirname(script), '..'),
  });
  return {
    client: embeddedS3Client(store.config),
    cpuMs: () => store.cpuMs() ?? 0,
    sysMs: () => store.sysMs() ?? 0,
    stop: () => store.stop(),
  };
}

async function inFlight(n: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < n) await op(next++);
    }),
  );
}

const small = samplePdf('material', 3 * 1024);
const licence = samplePdf('licence', 40 * 1024);
const MATERIALS = 'bench-materials';
const LICENCES = 'bench-licences';

type Phase = 'PUT 3 KB' | 'PUT 40 KB' | 'stat' | 'GET 40 KB' | 'HEAD bucket';
const phases: Phase[] = ['PUT 3 KB', 'PUT 40 KB', 'stat', 'GET 40 KB', 'HEAD bucket'];

async function runPhases(store: Store): Promise<Record<Phase, number>> {
  const { client } = store;
  const keys: string[] = [];
  const put = (bucket: string, body: Buffer) => async () => {
    const key = `bench/${randomUUID()}.pdf`;
    await client.putObject(bucket, key, body, body.length, {
      'Content-Type': 'application/pdf',
      'X-Amz-Meta-Sha256': 'x'.repeat(64),
    });
    if (bucket === LICENCES) keys.push(key);
  };
  const ops: Record<Phase, (i: number) => Promise<unknown>> = {
    'PUT 3 KB': put(MATERIALS, small),
    'PUT 40 KB': put(LICENCES, licence),
    stat: (i) => client.statObject(LICENCES, keys[i % keys.length] as string),
    'GET 40 KB': async (i) => {
      const stream = await client.getObject(LICENCES, keys[i % keys.length] as string);
      for await (const _ of stream) void _;
    },
    'HEAD bucket': () => client.bucketExists(MATERIALS),
  };
  // Warm-up: the code paths compiled, the keep-alive connections open.
  for (const phase of phases) await inFlight(40, ops[phase]);
  const out = {} as Record<Phase, number>;
  const sys0 = store.sysMs();
  const cpu0 = store.cpuMs();
  for (const phase of phases) {
    const before = store.cpuMs();
    await inFlight(requests, ops[phase]);
    out[phase] = (store.cpuMs() - before) / requests;
  }
  process.stdout.write(
    `  (kernel time ${(((store.sysMs() - sys0) / (store.cpuMs() - cpu0)) * 100).toFixed(0)} % of the store's CPU)\n`,
  );
  return out;
}

const results = new Map<string, Array<Record<Phase, number>>>();
for (let round = 0; round < rounds; round++) {
  for (const { label, script } of stores) {
    const store = await startStore(script);
    try {
      await store.client.makeBucket(MATERIALS, 'us-east-1');
      await store.client.makeBucket(LICENCES, 'us-east-1');
      const r = await runPhases(store);
      (results.get(label) ?? results.set(label, []).get(label))?.push(r);
      process.stdout.write(
        `round ${round + 1} ${label}: ${phases.map((p) => `${p} ${r[p].toFixed(2)}`).join(', ')} ms CPU/request\n`,
      );
    } finally {
      await store.stop();
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
process.stdout.write(
  `\nstore CPU per request, median of ${rounds} rounds × ${requests} requests per phase, ${PARALLEL} in flight (ms)\n`,
);
process.stdout.write(`| store | ${phases.join(' | ')} | case mix (4 × 3 KB + 3 × 40 KB PUT + 3 HEAD) |\n`);
process.stdout.write(`|---|${phases.map(() => '---:').join('|')}|---:|\n`);
for (const [label, rs] of results) {
  const m = Object.fromEntries(phases.map((p) => [p, median(rs.map((r) => r[p]))])) as Record<Phase, number>;
  const mix = 4 * m['PUT 3 KB'] + 3 * m['PUT 40 KB'] + 3 * m['HEAD bucket'];
  process.stdout.write(
    `| ${label} | ${phases.map((p) => m[p].toFixed(2)).join(' | ')} | ${mix.toFixed(1)} |\n`,
  );
}
