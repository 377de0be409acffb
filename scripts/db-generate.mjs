#!/usr/bin/env node
// Generates each service's Prisma 7 client (client engine, ESM TypeScript) into apps/<svc>/src/generated/prisma.
// Always generates: Nx caches the db:generate targets (`node scripts/nx.mjs run-many -t db:generate`, what
// npm start/test run; inputs: the schema, this script, the Prisma version) and restores unchanged clients.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const apps = readdirSync(path.join(root, 'apps')).filter(
  (a) =>
    existsSync(path.join(root, 'apps', a, 'prisma/schema.prisma')) && (only.length === 0 || only.includes(a)),
);

function generate(app) {
  const dir = path.join(root, 'apps', app);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'],
      {
        cwd: dir,
        env: {
          ...process.env,
          // Prisma 7's CLI downloads its native schema engine unless given one; generation never runs it, so a
          // stub (offline machines, CI) will do.
          PRISMA_SCHEMA_ENGINE_BINARY:
            process.env.PRISMA_SCHEMA_ENGINE_BINARY ??
            path.join(root, 'scripts/prisma-schema-engine-stub.sh'),
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`prisma generate failed for ${app}:\n${out}`));
      process.stdout.write(`prisma client generated: ${app}\n`);
      resolve();
    });
  });
}

try {
  for (const app of apps) await generate(app);
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
