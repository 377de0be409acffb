// Self time of a sampled CPU profile by function and by module, optionally for one phase of the hall bench's split
// (`other JS`, `GC`, `HTTP (Fastify, Nest)`, …; see case-cost.ts), in ms per case.
//
//   node --import @swc-node/register/esm-register bench/profile-top.ts /tmp/hall.cpuprofile \
//     [--cases 60] [--cpu-per-case 205] [--phase 'other JS'] [--top 25] [--callers 'functionName']
//
// On a loaded machine a sampled profile counts wall time (a thread waiting for a core is sampled where it stopped):
// `--cpu-per-case` (the bench's measured process CPU per case) scales every figure to it, as the report's split does.
// `--inclusive REGEX` lists the inclusive time of the functions whose file matches (e.g. `^libs/`).
// `--callers NAME` also lists, for the functions of that name, the stacks (up to 6 frames) their self time comes from.
import { readFileSync } from 'node:fs';
import { profileClassifier, type CpuProfile } from './case-cost.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  children?: number[];
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args[0];
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [--cases N] [--phase P] [--top N]');
const cases = Number(option('--cases') ?? 1);
const phase = option('--phase');
const top = Number(option('--top') ?? 25);
const cpuPerCase = option('--cpu-per-case');
const callersOf = option('--callers');
const inclusiveOf = option('--inclusive');
const inclusiveRe = inclusiveOf === undefined ? undefined : new RegExp(inclusiveOf);

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile & { nodes: Node[] };
const classify = profileClassifier(profile);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*?\/node_modules\//, 'node_modules/')
    .replace(/^\/work\/[^/]+(\/[^/]+)?\/(apps|libs|bench)\//, '$2/');
const moduleOf = (url: string): string => {
  const u = shortUrl(url);
  if (!u) return '(native)';
  const nm = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return `node_modules/${nm[1]}`;
  const own = /^(apps|libs)\/[^/]+\/src\/[^/]+/.exec(u);
  if (own) return own[0].replace(/\.[jt]s$/, '');
  if (u.startsWith('node:')) return u.split('/').slice(0, 2).join('/');
  return u.split('/').slice(0, 3).join('/');
};
const label = (n: Node): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${(n.callFrame.lineNumber ?? -1) + 1}`;

const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
const byPhase = new Map<string, number>();
const stacks = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let selected = 0;
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) {
  const ms = (deltas[i + 1] ?? 0) / 1000;
  const id = samples[i] ?? -1;
  const c = classify(id);
  if (!c) continue;
  total += ms;
  byPhase.set(c.phase, (byPhase.get(c.phase) ?? 0) + ms);
  if (phase !== undefined && c.phase !== phase) continue;
  selected += ms;
  const n = byId.get(id);
  if (!n) continue;
  const key = label(n);
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  const mod = moduleOf(n.callFrame.url);
  byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
  if (inclusiveRe !== undefined) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur);
      if (!f || !inclusiveRe.test(shortUrl(f.callFrame.url))) continue;
      const k = label(f);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  if (callersOf !== undefined && n.callFrame.functionName === callersOf) {
    const frames: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && frames.length < 6; cur = parent.get(cur)) {
      const p = byId.get(cur);
      if (p?.callFrame.url) frames.push(label(p));
    }
    const k = frames.join(' ← ');
    stacks.set(k, (stacks.get(k) ?? 0) + ms);
  }
}

const scale = cpuPerCase === undefined || total === 0 ? 1 : (Number(cpuPerCase) * cases) / total;
const perCase = (ms: number) => ((ms * scale) / cases).toFixed(2).padStart(8);
const pct = (ms: number) => `${((100 * ms) / Math.max(total, 1e-9)).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>, n = top) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${perCase(v)}  ${pct(v)}  ${k}`);
};
console.log(
  `${file}: ${(total / cases).toFixed(1)} ms sampled per case over ${cases} case(s)` +
    (scale === 1 ? '' : `, scaled to ${cpuPerCase} ms of CPU per case`) +
    (phase === undefined ? '' : `; phase "${phase}" ${perCase(selected).trim()} ms`),
);
print('by phase (ms per case, share of all)', byPhase, 50);
print('self time by function', byFunction);
print('self time by module', byModule);
if (inclusiveRe !== undefined) print(`inclusive time of frames in files matching ${inclusiveOf}`, inclusive);
if (callersOf !== undefined) print(`stacks of ${callersOf}`, stacks, 15);
