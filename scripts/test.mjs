#!/usr/bin/env node
// `npm test`: generate Prisma clients when their schema changed (Nx cache), then run Jest (ESM mode).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const gen = spawnSync(
  process.execPath,
  [path.join(root, 'scripts/nx.mjs'), 'run-many', '-t', 'db:generate'],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
if (gen.status !== 0) process.exit(gen.status ?? 1);

const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const runJest = (args) =>
  spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, ...args],
    {
      stdio: 'inherit',
      cwd: root,
      env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
    },
  ).status ?? 1;

const args = process.argv.slice(2);
if (args.length > 0) process.exit(runJest(args));

// The full run has two phases. The embedded-hall suites (apps/hall: five services, five PGlite databases and a
// browser in one process) and the resilience suite (tests/resilience: service processes killed and restarted)
// run last and one at a time, so their start-up does not compete with the other suites.
const first = runJest([
  '--testPathIgnorePatterns',
  '/node_modules/',
  '/apps/web/',
  '/apps/hall/',
  '/tests/resilience/',
]);
const second = runJest(['--runInBand', 'apps/hall/', 'tests/resilience/']);
process.exit(first !== 0 ? first : second);
