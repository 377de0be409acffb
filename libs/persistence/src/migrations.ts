import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SqlRunner } from './database.js';

/** Same table as Prisma Migrate keeps, so `prisma migrate deploy` (native engine) sees our history. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's advisory lock key for migrations; taken on PostgreSQL so two instances never migrate at once. */
const ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(
    readonly code:
      'MIGRATION_CHECKSUM_MISMATCH' | 'MIGRATION_FAILED' | 'MIGRATION_UNFINISHED' | 'MIGRATION_UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Lists `<dir>/<name>/migration.sql` in name order (names start with a UTC timestamp). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir)
    .filter((name) => statSync(path.join(migrationsDir, name)).isDirectory())
    .filter((name) => existsSync(path.join(migrationsDir, name, 'migration.sql')))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface ApplyResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies pending migrations in order, each in its own transaction, recording each in `_prisma_migrations`.
 * Refuses to run when an applied migration's file changed (checksum) or a previous attempt did not finish.
 */
export async function applyMigrations(
  sql: SqlRunner,
  migrationsDir: string,
  opts: { usesAdvisoryLock?: boolean } = {},
): Promise<ApplyResult> {
  const files = readMigrations(migrationsDir);
  const lock = opts.usesAdvisoryLock ?? false;
  await sql.exec(MIGRATIONS_TABLE);
  if (lock) await sql.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    const rows = await sql.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const byName = new Map(rows.map((r) => [r.migration_name, r]));
    const known = new Set(files.map((f) => f.name));
    for (const row of rows) {
      if (!known.has(row.migration_name)) {
        throw new MigrationError(
          'MIGRATION_UNKNOWN',
          `database has migration ${row.migration_name} which is not in ${migrationsDir}`,
        );
      }
    }
    const result: ApplyResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const row = byName.get(file.name);
      if (row) {
        if (!row.finished_at) {
          throw new MigrationError(
            'MIGRATION_UNFINISHED',
            `migration ${file.name} was started but did not finish; fix the database and mark it resolved`,
          );
        }
        if (row.checksum !== file.checksum) {
          throw new MigrationError(
            'MIGRATION_CHECKSUM_MISMATCH',
            `migration ${file.name} was modified after it was applied (checksum ${row.checksum} != ${file.checksum})`,
          );
        }
        result.alreadyApplied.push(file.name);
        continue;
      }
      try {
        await sql.transaction(async (tx) => {
          const id = randomUUID();
          await tx.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
            [id, file.checksum, file.name],
          );
          await tx.exec(file.sql);
          await tx.query(
            'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
            [id],
          );
        });
      } catch (err) {
        throw new MigrationError(
          'MIGRATION_FAILED',
          `migration ${file.name} failed and was rolled back: ${(err as Error).message}`,
        );
      }
      result.applied.push(file.name);
    }
    return result;
  } finally {
    if (lock) await sql.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}
