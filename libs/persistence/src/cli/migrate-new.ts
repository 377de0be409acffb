/**
 * Creates a new migration for one service by diffing the schema of its last migration (kept as
 * `prisma/migrations/schema.snapshot.prisma`) against the working `prisma/schema.prisma`, with Prisma's own
 * differ: `prisma migrate diff` of Prisma 6.19 (the `prisma6` npm alias), whose JS schema engine needs no download;
 * Prisma 7's needs the native one (the clients are Prisma 7). Config: libs/persistence/prisma6.config.ts. 6.19 reads both schemas
 * from a temporary directory, with the datasource `url` it requires (Prisma 7 refuses one in the schema). Usage:
 *   npm run db:migrate:new -- <service> <migration_name>
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
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
// A copy of a Prisma 7 schema that Prisma 6.19 accepts: its datasource block names the (unused) URL.
const forPrisma6 = (file: string, to: string): string => {
  const text = readFileSync(file, 'utf8');
  const patched = text.replace(/(datasource db \{\n)/, '$1  url = env("DATABASE_URL")\n');
  if (patched === text) throw new Error(`${file}: no \`datasource db {\` block`);
  writeFileSync(to, patched);
  return to;
};
const work = mkdtempSync(path.join(tmpdir(), 'migrate-new-'));
let res: SpawnSyncReturns<string>;
try {
  // The CLI also reads ./prisma/schema.prisma of its working directory (for the engine type).
  mkdirSync(path.join(work, 'prisma'));
  const to = forPrisma6(schema, path.join(work, 'prisma', 'schema.prisma'));
  const from = existsSync(snapshot)
    ? ['--from-schema-datamodel', forPrisma6(snapshot, path.join(work, 'from.prisma'))]
    : ['--from-empty'];
  res = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/prisma6/build/index.js'),
      'migrate',
      'diff',
      '--config',
      path.join(root, 'libs/persistence/prisma6.config.ts'),
      ...from,
      '--to-schema-datamodel',
      to,
      '--script',
    ],
    {
      cwd: work,
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://diff@localhost/none',
        // Prisma 7 has one engine, so the schema names none; without this 6.19 would download its query engine.
        PRISMA_CLIENT_ENGINE_TYPE: 'client',
      },
    },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
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
