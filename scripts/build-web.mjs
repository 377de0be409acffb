#!/usr/bin/env node
// Builds the web app (apps/web → apps/web/dist) with Vite's JS API. Run through Nx (`nx run web:build`, what
// `npm start` and the browser tests do via scripts/nx.mjs): Nx hashes the target's inputs (apps/web sources, the
// contracts, Vite/TS config, package-lock.json, NODE_ENV; apps/web/project.json) and restores dist from its cache
// instead of building again. The build goes to a temporary directory that replaces dist only when complete, so a
// running hall never serves a half-written build. Every hashed asset (assets/*.js, *.css) gets a brotli (.br) and a
// gzip (.gz) copy next to it, compressed once here at the highest levels: the embedded hall (serveWeb in
// apps/hall/src/embedded-hall.ts) and nginx (gzip_static, deploy/nginx) send the variant the browser accepts.
// Only assets/: their names carry the content hash, so a copy can never be stale (config.json is replaced per
// deployment and is not compressed).
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const webDir = path.join(root, 'apps/web');
// `--out=<dir>`: build elsewhere (the load test builds the production bundle into a temporary directory).
const outArg = process.argv.find((a) => a.startsWith('--out='));
const distDir = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(webDir, 'dist');

/** Writes `<file>.br` and `<file>.gz` for every compressible asset; returns raw and compressed byte totals. */
function precompress(assetsDir) {
  const total = { raw: 0, br: 0, gz: 0 };
  for (const name of readdirSync(assetsDir)) {
    if (!/\.(js|css|svg|json|txt)$/.test(name)) continue;
    const file = path.join(assetsDir, name);
    const body = readFileSync(file);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    total.raw += body.length;
    total.br += br.length;
    total.gz += gz.length;
  }
  return total;
}

async function buildWeb() {
  const started = Date.now();
  process.stdout.write('web: building apps/web (Vite) …\n');
  const { build } = await import('vite');
  const { default: config } = await import(pathToFileURL(path.join(webDir, 'vite.config.mjs')).href);
  const tmp = outArg ? `${distDir}.tmp-${process.pid}` : path.join(webDir, `dist.tmp-${process.pid}`);
  try {
    await build({
      ...config,
      configFile: false,
      logLevel: 'warn',
      build: { ...config.build, outDir: tmp, emptyOutDir: true },
    });
    const sizes = precompress(path.join(tmp, 'assets'));
    const kb = (n) => `${Math.round(n / 1024)} KB`;
    process.stdout.write(
      `web: assets ${kb(sizes.raw)} → brotli ${kb(sizes.br)}, gzip ${kb(sizes.gz)} (node scripts/web-size.mjs: per file, first load)\n`,
    );
    rmSync(distDir, { recursive: true, force: true });
    renameSync(tmp, distDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(
    `web: built ${path.relative(root, distDir) || distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

try {
  await buildWeb();
} catch (err) {
  process.stderr.write(`web: build failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1); // not a test: the build script's failure exit code
}
