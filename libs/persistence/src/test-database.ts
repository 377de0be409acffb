import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseConfig } from './database.js';

/** Admin connection used to create and drop per-test-file databases. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

let pgReachable: Promise<boolean> | undefined;

/** Whether a PostgreSQL server is reachable for tests. With REQUIRE_PG=1 an unreachable server is an error. */
export function isPostgresAvailable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (err) {
      if (process.env.REQUIRE_PG === '1') {
        throw new Error(
          `REQUIRE_PG=1 but PostgreSQL is unreachable at ${TEST_PG_ADMIN_URL}: ${(err as Error).message}`,
        );
      }
      process.stdout.write(
        `[tests] PostgreSQL unreachable at ${TEST_PG_ADMIN_URL} (${(err as Error).message}): PostgreSQL tier skipped\n`,
      );
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

export interface TestDatabase {
  config: DatabaseConfig;
  db: Database;
  /** Closes the connection and drops the database (PostgreSQL) or discards it (PGlite). */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database `hall_t_<label>_<random>`, or an
 * in-memory PGlite. Never shared between files, so tests cannot depend on each other's data.
 */
export async function createTestDatabase(
  kind: 'pg' | 'pglite',
  opts: { label: string; migrationsDir?: string },
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const config: DatabaseConfig = { kind: 'pglite' };
    const db = await openDatabase(config);
    if (opts.migrationsDir) await db.migrate(opts.migrationsDir);
    return { config, db, dispose: () => db.close() };
  }
  const name = `hall_t_${opts.label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'pg', url: url.toString(), poolSize: 4 };
  const db = await openDatabase(config);
  if (opts.migrationsDir) await db.migrate(opts.migrationsDir);
  return {
    config,
    db,
    async dispose() {
      await db.close();
      const drop = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

/** The database kinds a test file should run against: PGlite always, PostgreSQL when reachable. */
export async function testDatabaseKinds(): Promise<Array<'pg' | 'pglite'>> {
  return (await isPostgresAvailable()) ? ['pglite', 'pg'] : ['pglite'];
}
