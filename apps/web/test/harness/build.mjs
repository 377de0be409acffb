#!/usr/bin/env node
// Builds the component harness (apps/web/test/harness → the directory given as argument) with the web app's Vite
// configuration. Test-only: the app's build (apps/web/index.html) never reaches this folder. Run by
// tests/web/components.e2e-spec.ts in a child process (Vite's JS API does not load under Jest's VM modules).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) throw new Error('usage: build.mjs <outDir>');
const { build } = await import('vite');
const { default: config } = await import(pathToFileURL(path.join(here, '../../vite.config.mjs')).href);
await build({
  ...config,
  root: here,
  configFile: false,
  logLevel: 'warn',
  build: { ...config.build, outDir, emptyOutDir: true, sourcemap: false },
});
