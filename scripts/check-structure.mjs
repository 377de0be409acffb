#!/usr/bin/env node
// Structure rules that ESLint cannot see file by file (part of `npm run lint`; CONVENTIONS.md, "Structure").
//   1. No folder-level import cycle inside an app or lib: the feature folders under `src/` (and their sub-folders)
//      form a directed graph by their relative imports; every strongly connected part must be one folder.
//   2. Data access lives in repositories: outside `*.repository.ts` (and tests, migrations, seeds, the store's
//      wiring) no file of a service calls the Prisma client (`prisma.<model>`, `tx.<model>`, `$queryRaw`, …).
//   3. Parse at the edge: no route handler parameter `@Body() x: unknown` / `@Query() x: unknown`.
//   4. The web declares no API type by hand: `apps/web/src/api/*.ts` takes request/response types from
//      `@hall/contracts/api` (no `interface`, no object `type X = { … }`; the client's own types, such as request
//      options, say `// client type: <why>` on the line above).
//   5. A use case has its spec: a file in a `usecases/` folder declaring a class with an `execute(` method has
//      `<name>.spec.ts` next to it.
// Rules 1, 2 and 4 hold a ratchet (`scripts/structure-baseline.json`): files listed there are the known remainder,
// a new offender fails, and a listed file that no longer offends must be removed from the list (it only shrinks).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const baseline = JSON.parse(readFileSync(join(root, 'scripts/structure-baseline.json'), 'utf8'));
const TEST = /\.(spec|int-spec|e2e-spec)\.tsx?$|\/testing\/|\/test\/|\.d\.ts$/;

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'generated' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(name) && !TEST.test(path)) yield path;
  }
}

const projects = ['apps', 'libs'].flatMap((top) =>
  readdirSync(join(root, top))
    .map((name) => join(root, top, name, 'src'))
    .filter((src) => {
      try {
        return statSync(src).isDirectory();
      } catch {
        return false;
      }
    }),
);
const rel = (p) => relative(root, p).split(sep).join('/');
const problems = [];
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Tarjan's strongly connected components. */
function components(graph) {
  let index = 0;
  const stack = [],
    on = new Set(),
    idx = new Map(),
    low = new Map(),
    out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const part = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        part.push(w);
      } while (w !== v);
      out.push(part);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const files = [];
const found = { cycles: [], prisma: [], webTypes: [] };
const cycleEdges = new Map();
for (const src of projects) {
  const graph = new Map();
  const why = new Map();
  for (const file of sources(src)) {
    files.push(file);
    const from = dirname(relative(src, file)).split(sep).join('/');
    if (from === '.') continue; // files at the root of src/ wire the folders together (modules, main)
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const target = resolve(dirname(file), m[1] ?? m[2]);
      const to = dirname(relative(src, target)).split(sep).join('/');
      if (to === '.' || to.startsWith('..') || to === from) continue;
      // a folder and its own sub-folders are one unit of the picture from the outside, not from the inside
      if (to.startsWith(`${from}/`) || from.startsWith(`${to}/`)) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
      if (!graph.has(to)) graph.set(to, new Set());
      const key = `${from}→${to}`;
      if (!why.has(key)) why.set(key, `${rel(file)} imports ${m[1] ?? m[2]}`);
    }
  }
  for (const part of components(graph)) {
    if (part.length < 2) continue;
    const edges = [...why.entries()].filter(([k]) => {
      const [a, b] = k.split('→');
      return part.includes(a) && part.includes(b);
    });
    const cycle = `${rel(src)}: ${part.sort().join(' ↔ ')}`;
    found.cycles.push(cycle);
    cycleEdges.set(cycle, edges.map(([, w]) => `    ${w}`).join('\n'));
  }
}

const PRISMA =
  /\b(?:prisma|tx|client|db)\s*\.\s*(?:\$queryRaw|\$executeRaw|\$queryRawUnsafe|\$executeRawUnsafe|[a-z][A-Za-z]+\s*\.\s*(?:find(?:Unique|First|Many)(?:OrThrow)?|create(?:Many)?|update(?:Many)?|upsert|delete(?:Many)?|count|aggregate|groupBy)\b)/;
const NOT_DATA = /\.repository\.ts$|\/migrations?\/|\/seed\/|\/prisma\/|-store\.ts$|\.store\.ts$/;
const WEB_API_TYPE = /^\s*export\s+(?:interface\s+\w+|type\s+\w+(?:<[^>]*>)?\s*=\s*\{)/;
/** A web API declaration that is the client's own (not a request or response shape) says so on the line above. */
const webApiTypes = (text) =>
  text
    .split('\n')
    .filter((line, i, lines) => WEB_API_TYPE.test(line) && !/client type:/.test(lines[i - 1] ?? ''));
for (const file of files) {
  const r = rel(file);
  const text = readFileSync(file, 'utf8');
  if (r.startsWith('apps/') && !r.startsWith('apps/web/') && !NOT_DATA.test(r) && PRISMA.test(text))
    found.prisma.push(r);
  if (/\.controller\.ts$/.test(r)) {
    for (const m of text.matchAll(/@(Body|Query)\(\)\s+(\w+)\s*:\s*unknown/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      const before = text
        .split('\n')
        .slice(Math.max(0, line - 4), line)
        .join('\n');
      if (!/raw body:/.test(before))
        problems.push(
          `${r}:${line}: @${m[1]}() ${m[2]}: unknown — parse at the edge with @Zod${m[1]}(Schema) (a binary body says "// raw body: <why>" on the line above)`,
        );
    }
  }
  if (r.startsWith('apps/web/src/api/') && webApiTypes(text).length > 0) found.webTypes.push(r);
  if (
    /\/usecases\/[^/]+\.ts$/.test(r) &&
    /\bclass\s+\w+[\s\S]*?\n\s+(?:async\s+)?execute\s*\(/.test(text) &&
    !existsSync(file.replace(/\.ts$/, '.spec.ts'))
  )
    problems.push(
      `${r}: a use case without its spec — add ${r.split('/').pop().replace(/\.ts$/, '.spec.ts')} next to it (its rules on an in-memory or stubbed repository)`,
    );
}

for (const [rule, list, hint] of [
  [
    'cycles',
    found.cycles,
    'is a folder cycle: one of its imports must go (move the shared piece down into a folder both use)',
  ],
  [
    'prisma',
    found.prisma,
    'calls the Prisma client outside a repository: move the query into a *.repository.ts',
  ],
  ['webTypes', found.webTypes, 'declares an API type by hand: import it from @hall/contracts/api'],
]) {
  const allowed = new Set(baseline[rule] ?? []);
  for (const f of list)
    if (!allowed.has(f)) problems.push(`${f} ${hint}${cycleEdges.has(f) ? `\n${cycleEdges.get(f)}` : ''}`);
  for (const f of allowed)
    if (!list.includes(f))
      problems.push(
        `scripts/structure-baseline.json lists ${f} under "${rule}" but it no longer offends (or is gone): remove it`,
      );
}

if (process.argv.includes('--baseline')) {
  console.log(
    JSON.stringify(
      { cycles: found.cycles.sort(), prisma: found.prisma.sort(), webTypes: found.webTypes.sort() },
      null,
      2,
    ),
  );
} else if (problems.length) {
  console.error(`structure: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
} else {
  console.log(
    `structure: ok (${files.length} files; left in the ratchet: ${found.cycles.length} folder cycles, ${found.prisma.length} files calling Prisma outside a repository, ${found.webTypes.length} web API files with hand-written types)`,
  );
}
