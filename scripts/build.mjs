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
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

export async function build({ services = SERVICES, outDir = path.join(root, 'dist'), clean = true } = {}) {
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
  const dirs = [...libs.map((l) => `libs/${l}/src`), ...services.map((s) => `apps/${s}/src`)];
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
  // ESM for every .js below dist, also when dist/ is copied somewhere without the repository's package.json.
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`,
  );
  return { outDir, files: files.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = process.hrtime.bigint();
  const args = process.argv.slice(2);
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
