#!/usr/bin/env node
// Builds the web app (apps/web → apps/web/dist) with Vite's JS API when the build is missing or stale.
// Stale = the hash of its inputs (sources, index.html, Vite/TS config, package-lock.json) differs from the one
// recorded in dist/.build-hash. `npm start` runs this before the hall starts; `--force` always builds.
// The build goes to a temporary directory that replaces dist only when complete, so a running hall never
// serves a half-written build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const webDir = path.join(root, 'apps/web');
const distDir = path.join(webDir, 'dist');
const hashFile = '.build-hash';

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Hash over every input of the build (names and bytes), in a stable order. */
export function webInputsHash() {
  const files = [
    ...listFiles(path.join(webDir, 'src')),
    ...listFiles(path.join(webDir, 'public')),
    // The HTTP contracts the web imports (@hall/contracts/api).
    ...listFiles(path.join(root, 'libs/contracts/src')),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.mjs'),
    path.join(webDir, 'tsconfig.json'),
    path.join(root, 'package-lock.json'),
  ]
    .filter((f) => existsSync(f) && statSync(f).isFile())
    .sort();
  const hash = createHash('sha256');
  // The mode is an input too: a bundle built under Jest (NODE_ENV=test: React's development build) must not be
  // served by `npm start`, which wants the production build.
  hash.update(`NODE_ENV=${process.env.NODE_ENV ?? 'production'}\0`);
  for (const f of files)
    hash.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

export function webBuildIsCurrent(hash = webInputsHash()) {
  const recorded = path.join(distDir, hashFile);
  return (
    existsSync(path.join(distDir, 'index.html')) &&
    existsSync(recorded) &&
    readFileSync(recorded, 'utf8').trim() === hash
  );
}

/** Builds when missing or stale (or always with `force`). Resolves to true when it built. */
export async function buildWeb({ force = false, log = (m) => process.stdout.write(`${m}\n`) } = {}) {
  const hash = webInputsHash();
  if (!force && webBuildIsCurrent(hash)) return false;
  const started = Date.now();
  log('web: building apps/web (Vite) …');
  const { build } = await import('vite');
  const { default: config } = await import(pathToFileURL(path.join(webDir, 'vite.config.mjs')).href);
  const tmp = path.join(webDir, `dist.tmp-${process.pid}`);
  try {
    await build({
      ...config,
      configFile: false,
      logLevel: 'warn',
      build: { ...config.build, outDir: tmp, emptyOutDir: true },
    });
    writeFileSync(path.join(tmp, hashFile), `${hash}\n`);
    rmSync(distDir, { recursive: true, force: true });
    try {
      renameSync(tmp, distDir);
    } catch (err) {
      // Another process finished the same build first: keep its output when it is current.
      if (!webBuildIsCurrent(hash)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`web: built apps/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const built = await buildWeb({ force: process.argv.includes('--force') });
    if (!built) process.stdout.write('web: apps/web/dist is up to date\n');
  } catch (err) {
    process.stderr.write(`web: build failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1); // not a test: the build script's failure exit code
  }
}
