/**
 * Creates a new migration for one service by diffing the schema of its last migration (kept as
 * `prisma/migrations/schema.snapshot.prisma`) against the working `prisma/schema.prisma`, with Prisma's own
 * differ (`prisma migrate diff`, JS schema engine, no download). Usage:
 *   npm run db:migrate:new -- <service> <migration_name>
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [service, rawName] = process.argv.slice(2);
if (!service || !rawName) {
  process.stderr.write('usage: npm run db:migrate:new -- <service> <migration_name>\n');
  process.exit(2);
}
const name = rawName
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
const root = process.cwd();
const appDir = path.join(root, 'apps', service);
const schema = path.join(appDir, 'prisma', 'schema.prisma');
if (!existsSync(schema)) {
  process.stderr.write(`no Prisma schema at ${schema}\n`);
  process.exit(2);
}
const migrationsDir = path.join(appDir, 'prisma', 'migrations');
const snapshot = path.join(migrationsDir, 'schema.snapshot.prisma');
const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
const res = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/prisma/build/index.js'),
    'migrate',
    'diff',
    ...from,
    '--to-schema-datamodel',
    schema,
    '--script',
  ],
  {
    cwd: appDir,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://diff@localhost/none' },
  },
);
if (res.status !== 0) {
  process.stderr.write(res.stderr || res.stdout);
  process.exit(res.status ?? 1);
}
const sql = res.stdout;
if (/^-- This is an empty migration\.\s*$/m.test(sql) && sql.trim().split('\n').length <= 2) {
  process.stdout.write(`${service}: schema unchanged since the last migration; nothing to do\n`);
  process.exit(0);
}
const ts = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${ts}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
writeFileSync(
  path.join(migrationsDir, 'migration_lock.toml'),
  '# Managed by Prisma Migrate; do not edit.\nprovider = "postgresql"\n',
);
copyFileSync(schema, snapshot);
process.stdout.write(`${service}: created ${path.relative(root, dir)}/migration.sql\n`);
