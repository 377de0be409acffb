#!/usr/bin/env node
// Sizes of the built web app (apps/web/dist, `node scripts/build-web.mjs` first): every JS/CSS asset raw, gzip and
// brotli (compressed here at the levels the build's precompression uses), and what a first visit loads — the entry
// script, its static imports and the modulepreloads of index.html (route chunks load later, on demand).
//   node scripts/web-size.mjs           table, largest first
//   node scripts/web-size.mjs --json    the same as JSON
//   node scripts/web-size.mjs --dist=<dir>   another build's directory
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// `--dist=<dir>`: measure another build (e.g. the production bundle the load test builds into a temporary directory).
const distArg = process.argv.find((a) => a.startsWith('--dist='));
const dist = distArg ? path.resolve(distArg.slice('--dist='.length)) : path.join(root, 'apps/web/dist');
const assets = path.join(dist, 'assets');

const sizes = (file) => {
  const body = readFileSync(path.join(assets, file));
  return {
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
const files = readdirSync(assets)
  .filter((f) => /\.(js|css)$/.test(f))
  .map(sizes)
  .sort((a, b) => b.raw - a.raw);

// First load: what index.html names (script, modulepreload, stylesheet) plus the static imports of those scripts.
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const named = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const closure = (starts, into = new Set()) => {
  const visit = (file) => {
    if (into.has(file)) return;
    into.add(file);
    if (!file.endsWith('.js')) return;
    const code = readFileSync(path.join(assets, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w${},*\s]+from\s*)?["']\.\/([^"']+\.js)["']/g))
      visit(m[1]);
  };
  starts.forEach(visit);
  return into;
};
const first = closure(named);
// A public page's first visit: the frame plus that page's chunk and what it imports statically.
const PUBLIC_PAGES = [
  'home-page',
  'search-page',
  'guide-page',
  'progress-page',
  'verify-page',
  'decisions-page',
  'disclosure-disclosure-page',
  'disclosure-disclosure-guide-page',
];
const pageVisits = Object.fromEntries(
  PUBLIC_PAGES.map((name) => {
    const chunk = files.find((f) => f.file.startsWith(`${name}-`) && f.file.endsWith('.js'));
    const set = chunk ? closure([chunk.file], new Set(first)) : new Set(first);
    const js = files.filter((f) => set.has(f.file) && f.file.endsWith('.js'));
    return [name, { raw: sum(js, 'raw'), gzip: sum(js, 'gzip'), brotli: sum(js, 'brotli') }];
  }),
);

const firstFiles = files.filter((f) => first.has(f.file));
const firstJs = firstFiles.filter((f) => f.file.endsWith('.js'));
const report = {
  firstLoad: {
    files: firstFiles.map((f) => f.file),
    js: { raw: sum(firstJs, 'raw'), gzip: sum(firstJs, 'gzip'), brotli: sum(firstJs, 'brotli') },
    all: { raw: sum(firstFiles, 'raw'), gzip: sum(firstFiles, 'gzip'), brotli: sum(firstFiles, 'brotli') },
  },
  pages: pageVisits,
  total: { raw: sum(files, 'raw'), gzip: sum(files, 'gzip'), brotli: sum(files, 'brotli') },
  assets: files.map((f) => ({ ...f, firstLoad: first.has(f.file) })),
};

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
  process.stdout.write(
    `${'asset'.padEnd(48)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}\n`,
  );
  for (const f of files)
    process.stdout.write(
      `${(first.has(f.file) ? '* ' : '  ') + f.file.padEnd(46)}${kb(f.raw)}${kb(f.gzip)}${kb(f.brotli)}\n`,
    );
  const line = (label, s) =>
    process.stdout.write(`${label.padEnd(48)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}\n`);
  line(`first load JS (* , ${firstJs.length} files)`, report.firstLoad.js);
  line('first load JS + CSS', report.firstLoad.all);
  for (const [name, s] of Object.entries(pageVisits)) line(`first visit of ${name}: JS`, s);
  line(`all assets (${files.length} files)`, report.total);
}
