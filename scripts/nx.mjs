#!/usr/bin/env node
// Runs Nx targets the way the project's scripts want them: no daemon left behind, no cloud, the local cache on
// (`.nx/cache`): `node scripts/nx.mjs run web:build`, `node scripts/nx.mjs run-many -t db:generate`. Cached targets
// (db:generate, web:build; inputs and outputs in nx.json and the project.json files) are restored from the cache
// when their inputs are unchanged, which replaces the hash stamps the scripts used to keep by hand.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Runs `nx <args>` in the repository root; resolves to its exit status. */
export function runNx(args, { stdio = 'inherit' } = {}) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/nx/dist/bin/nx.js'), ...args, '--output-style=stream-without-prefixes'],
    {
      cwd: root,
      stdio,
      encoding: 'utf8',
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...process.env },
    },
  );
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(runNx(process.argv.slice(2)).status ?? 1);
}
