#!/usr/bin/env node
// Generates each service's Prisma client (Rust-free, ESM TypeScript) into apps/<svc>/src/generated/prisma.
// Skips a service whose schema and Prisma version are unchanged since the last generation.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const prismaVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules/prisma/package.json'), 'utf8'),
).version;
const only = process.argv.slice(2);
const apps = readdirSync(path.join(root, 'apps')).filter(
  (a) =>
    existsSync(path.join(root, 'apps', a, 'prisma/schema.prisma')) && (only.length === 0 || only.includes(a)),
);

function generate(app) {
  const dir = path.join(root, 'apps', app);
  const schema = readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8');
  const hash = createHash('sha256').update(prismaVersion).update(schema).digest('hex');
  const stamp = path.join(dir, 'src/generated/prisma/.schema-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/prisma/build/index.js'), 'generate'],
      {
        cwd: dir,
        // The CLI wants a datasource URL to resolve the engine type; generation never connects.
        env: {
          ...process.env,
          DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://generate@localhost/none',
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
      writeFileSync(stamp, hash);
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
