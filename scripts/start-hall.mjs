#!/usr/bin/env node
// `npm start`: compiles the embedded hall (`scripts/build.mjs hall`, under a second, reused while the sources are
// unchanged) in a short-lived child process, then runs the compiled hall in this one. No TypeScript loader stays
// resident beside the hall: the loader and its transpiler held ~150 MB of the 1 GB the embedded hall may use, and
// each start transpiled every module again. Arguments (`--reset`) and the environment pass through to the hall.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'hall'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const main = build.stdout.trim().split('\n').pop() ?? '';
// Stack traces name the compiled files, which read like the sources (types stripped); NODE_OPTIONS=--enable-source-maps
// maps them to the TypeScript lines, at ~60 MB more.
await import(pathToFileURL(main).href);
