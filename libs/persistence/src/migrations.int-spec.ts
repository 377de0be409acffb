import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './test-database.js';
import { MigrationError } from './migrations.js';

function migrationsFixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hall-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

const kinds = await testDatabaseKinds();

describe.each(kinds)('migration applier on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind, { label: 'migrations' });
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('applies pending migrations in order, records them Prisma-style, and is idempotent', async () => {
    const dir = migrationsFixture({
      '20260101000000_init': 'CREATE TABLE a (id INT PRIMARY KEY);\nCREATE TABLE b (id INT PRIMARY KEY);',
      '20260102000000_more': 'ALTER TABLE a ADD COLUMN name TEXT;',
    });
    const first = await t.db.migrate(dir);
    expect(first.applied).toEqual(['20260101000000_init', '20260102000000_more']);
    const second = await t.db.migrate(dir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toHaveLength(2);
    const rows = await t.db.sql.query<{
      migration_name: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      'SELECT migration_name, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(['20260101000000_init', '20260102000000_more']);
    expect(rows.every((r) => r.applied_steps_count === 1 && r.finished_at !== null)).toBe(true);
    await t.db.sql.query("INSERT INTO a (id, name) VALUES (1, 'x')");
  });

  it('refuses an applied migration whose file changed', async () => {
    const dir = migrationsFixture({ '20260101000000_init': 'CREATE TABLE a (id INT PRIMARY KEY);' });
    await t.db.migrate(dir);
    writeFileSync(
      path.join(dir, '20260101000000_init', 'migration.sql'),
      'CREATE TABLE a (id BIGINT PRIMARY KEY);',
    );
    await expect(t.db.migrate(dir)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const dir = migrationsFixture({
      '20260101000000_init': 'CREATE TABLE a (id INT PRIMARY KEY);',
      '20260102000000_bad': 'CREATE TABLE c (id INT);\nSELECT * FROM missing_table;',
    });
    const err = await t.db.migrate(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).code).toBe('MIGRATION_FAILED');
    const tables = await t.db.sql.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((r) => r.tablename)).toEqual(['_prisma_migrations', 'a']);
    const names = await t.db.sql.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(names.map((r) => r.migration_name)).toEqual(['20260101000000_init']);
  });

  it('refuses a database that has a migration the code does not know', async () => {
    await t.db.migrate(
      migrationsFixture({ '20260101000000_init': 'SELECT 1;', '20260103000000_newer': 'SELECT 1;' }),
    );
    await expect(
      t.db.migrate(migrationsFixture({ '20260101000000_init': 'SELECT 1;' })),
    ).rejects.toMatchObject({
      code: 'MIGRATION_UNKNOWN',
    });
  });
});
