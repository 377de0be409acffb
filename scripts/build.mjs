#!/usr/bin/env node
// Ahead-of-time build of the services for the production image: `node scripts/build.mjs [service…]`
// (default: all five; `nx build <service>` runs it for one). Transpiles apps/<service>/src and every libs/*/src
// with @swc/core — the same transform the tests and `npm start` use (TypeScript, legacy decorators with
// emitted design-type metadata, which Nest's injection by type needs) — into dist/, keeping the repository's
// layout so that paths computed from import.meta.url (migrations under apps/<service>/prisma, the guide-render
// worker next to its pool) stay valid. `@hall/<lib>` imports are rewritten to relative paths from
// tsconfig.base.json. Run it after `npm run db:generate` (the Prisma clients are sources under src/generated).
// Result: `node dist/apps/<service>/src/main.js`, no TypeScript loader. `--out=<dir>` builds elsewhere (tests);
// the directory must lie inside the repository so that node_modules resolves from it.
// `node scripts/build.mjs hall`: the embedded hall of `npm start` (every service, apps/hall/src and the identity
// provider's realm file) into dist/hall/<hash of its sources>/ (or --out=<dir>/<hash>/); prints the compiled main's
// path (see buildHall).
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SERVICES = ['catalog', 'intake', 'approval', 'licence', 'supervision', 'disclosure'];

const SWC_OPTIONS = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'es6' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

/** Test files and declarations are not part of the build. */
const isSource = (file) => file.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(file);

function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (isSource(entry.name)) out.push(full);
  }
  return out;
}

/** `@hall/<name>` → the repository-relative path of its index (from tsconfig.base.json's paths). */
function aliases() {
  const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return new Map(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
      alias,
      path.normalize(target).replace(/\.ts$/, '.js'),
    ]),
  );
}

/** Rewrites static, re-export and dynamic import specifiers `@hall/…` to relative `.js` paths. */
function rewriteAliases(code, relFile, map) {
  const fromDir = path.dirname(relFile);
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(@hall\/[a-z-]+(?:\/[a-z-]+)?)\2/g,
    (match, lead, quote, alias) => {
      const target = map.get(alias);
      if (target === undefined)
        throw new Error(`${relFile}: unknown import ${alias} (not in tsconfig.base.json paths)`);
      let rel = path.relative(fromDir, target).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `${lead}${quote}${rel}${quote}`;
    },
  );
}

async function compile(relFile, outDir, map) {
  const out = await transformFile(path.join(root, relFile), {
    ...SWC_OPTIONS,
    filename: path.join(root, relFile),
    sourceFileName: path.relative(path.join(outDir, path.dirname(relFile)), path.join(root, relFile)),
  });
  const relJs = relFile.replace(/\.ts$/, '.js');
  const code = rewriteAliases(out.code, relFile, map);
  if (/\b(?:from|import|require)\s*\(?\s*[`'"]@hall\//.test(code)) {
    // A specifier form the rewrite does not know (e.g. a string built at run time) would fail only in production.
    throw new Error(`${relFile}: an @hall/ import was left unresolved`);
  }
  const target = path.join(outDir, relJs);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(relJs)}.map\n`);
  if (out.map) writeFileSync(`${target}.map`, out.map);
}

/**
 * `services` with their migrations; `apps`: further applications compiled beside them (the hall); `assets`:
 * repository files copied to the same relative place (read at run time by path).
 */
export async function build({
  services = SERVICES,
  outDir = path.join(root, 'dist'),
  clean = true,
  apps = [],
  assets = [],
} = {}) {
  for (const s of services)
    if (!SERVICES.includes(s)) throw new Error(`unknown service "${s}" (one of ${SERVICES.join(', ')})`);
  for (const s of services) {
    if (!existsSync(path.join(root, 'apps', s, 'src/generated/prisma/client.ts'))) {
      throw new Error(`apps/${s}: Prisma client not generated; run \`npm run db:generate\` first`);
    }
  }
  if (clean) rmSync(outDir, { recursive: true, force: true });
  const map = aliases();
  const libs = readdirSync(path.join(root, 'libs')).filter((l) =>
    existsSync(path.join(root, 'libs', l, 'src')),
  );
  const dirs = [...libs.map((l) => `libs/${l}/src`), ...[...services, ...apps].map((s) => `apps/${s}/src`)];
  const files = dirs.flatMap((d) => listSources(path.join(root, d))).map((f) => path.relative(root, f));
  // A few files at a time: the transform runs on libuv's thread pool.
  for (let i = 0; i < files.length; i += 16)
    await Promise.all(files.slice(i, i + 16).map((f) => compile(f, outDir, map)));
  for (const s of services) {
    cpSync(
      path.join(root, 'apps', s, 'prisma/migrations'),
      path.join(outDir, 'apps', s, 'prisma/migrations'),
      { recursive: true },
    );
  }
  for (const asset of assets) cpSync(path.join(root, asset), path.join(outDir, asset));
  // ESM for every .js below dist, also when dist/ is copied somewhere without the repository's package.json.
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`,
  );
  return { outDir, files: files.length };
}

/** What the compiled hall is made of: its hash names the build, so unchanged sources reuse it. */
function hallInputs() {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(path.relative(root, full));
    }
  };
  for (const l of readdirSync(path.join(root, 'libs'))) walk(path.join(root, 'libs', l, 'src'));
  for (const a of [...SERVICES, 'hall']) walk(path.join(root, 'apps', a, 'src'));
  for (const s of SERVICES) walk(path.join(root, 'apps', s, 'prisma/migrations'));
  files.push(...HALL_ASSETS, 'tsconfig.base.json', 'scripts/build.mjs');
  return files
    .filter(isSource)
    .concat(files.filter((f) => !f.endsWith('.ts')))
    .sort();
}

const HALL_ASSETS = ['deploy/keycloak/realm-hall.json'];
const HALL_MAIN = 'apps/hall/src/main.js';

/**
 * Compiles the embedded hall into `<outRoot>/<hash of its sources>/` unless that build exists, and returns the path
 * of its main. A build is written under a temporary name and renamed into place when complete, so two halls
 * starting at once share one build and none removes files another runs from; builds not started for a day are
 * removed (each start marks its build as used).
 */
export async function buildHall({ outRoot = path.join(root, 'dist', 'hall') } = {}) {
  const hash = createHash('sha256');
  for (const f of hallInputs())
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  const id = hash.digest('hex').slice(0, 16);
  const dir = path.join(outRoot, id);
  const main = path.join(dir, HALL_MAIN);
  if (!existsSync(path.join(dir, '.complete'))) {
    const tmp = path.join(outRoot, `.tmp-${id}-${process.pid}`);
    await build({ services: SERVICES, apps: ['hall'], assets: HALL_ASSETS, outDir: tmp });
    writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another start built the same sources first: use its build.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(path.join(dir, '.complete'))) throw err;
    }
  }
  const now = new Date();
  utimesSync(dir, now, now);
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const e of readdirSync(outRoot)) {
    const other = path.join(outRoot, e);
    if (e !== id && statSync(other).mtimeMs < dayAgo) rmSync(other, { recursive: true, force: true });
  }
  return main;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = process.hrtime.bigint();
  const args = process.argv.slice(2);
  if (args[0] === 'hall') {
    const outRoot = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
    try {
      process.stdout.write(`${await buildHall(outRoot ? { outRoot: path.resolve(outRoot) } : {})}\n`);
      process.exit(0);
    } catch (err) {
      process.stderr.write(`hall build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  }
  const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const requested = args.filter((a) => !a.startsWith('--'));
  try {
    // One service alone keeps the others already in dist/ (Nx builds them one by one).
    const result = await build({
      services: requested.length > 0 ? requested : SERVICES,
      clean: requested.length === 0,
      ...(out !== undefined && { outDir: path.resolve(out) }),
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(
      `built ${result.files} files into ${path.relative(root, result.outDir)}/ in ${Math.round(ms)} ms\n`,
    );
  } catch (err) {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
