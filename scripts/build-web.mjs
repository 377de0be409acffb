#!/usr/bin/env node
// Builds the web app (apps/web → apps/web/dist) with Vite's JS API. Run through Nx (`nx run web:build`, what
// `npm start` and the browser tests do via scripts/nx.mjs): Nx hashes the target's inputs (apps/web sources, the
// contracts, Vite/TS config, package-lock.json, NODE_ENV; apps/web/project.json) and restores dist from its cache
// instead of building again. The build goes to a temporary directory that replaces dist only when complete, so a
// running hall never serves a half-written build.
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const webDir = path.join(root, 'apps/web');
const distDir = path.join(webDir, 'dist');

async function buildWeb() {
  const started = Date.now();
  process.stdout.write('web: building apps/web (Vite) …\n');
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
    rmSync(distDir, { recursive: true, force: true });
    renameSync(tmp, distDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`web: built apps/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  await buildWeb();
} catch (err) {
  process.stderr.write(`web: build failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1); // not a test: the build script's failure exit code
}
