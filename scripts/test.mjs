#!/usr/bin/env node
// `npm test`: generate Prisma clients when their schema changed, then run Jest (ESM mode).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const gen = spawnSync(process.execPath, [path.join(root, 'scripts/db-generate.mjs')], { stdio: 'inherit', cwd: root });
if (gen.status !== 0) process.exit(gen.status ?? 1);

const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const res = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
});
process.exit(res.status ?? 1);
