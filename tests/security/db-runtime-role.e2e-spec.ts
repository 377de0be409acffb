// Issue 10, item 12 — the application's database role. In production each service migrates as the owner
// (MIGRATION_DATABASE_URL) and runs as a login role with data privileges only (DATABASE_URL; docker compose:
// hall_app), granted by `grantRuntimeRole` after the migrations (libs/persistence runtime-role.ts,
// libs/platform standalone.ts). This runs the real intake migrations as the owner, grants a fresh role, connects as
// it and proves: the service's work goes through (audit rows appended and verified, an outbox row with its
// sequence), but the audit log cannot be changed, emptied or unprotected: UPDATE/DELETE refused by the triggers,
// TRUNCATE and DROP refused, and `ALTER TABLE … DISABLE TRIGGER` refused because the role owns nothing.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawExecutor } from '@hall/messaging';
import {
  createTestDatabase,
  grantRuntimeRole,
  isPostgresAvailable,
  openDatabase,
  TEST_PG_ADMIN_URL,
  type Database,
  type SqlRunner,
  type TestDatabase,
} from '@hall/persistence';
import { AuditTrail, runtimeFromEnv, ServiceEnvSchema } from '@hall/platform';
import pg from 'pg';

const pgUp = await isPostgresAvailable();
const describePg = pgUp ? describe : describe.skip;
const here = path.dirname(fileURLToPath(import.meta.url));

function executor(sql: SqlRunner): RawExecutor {
  return {
    $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
    $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as T,
  };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describePg('the runtime database role (PostgreSQL)', () => {
  const role = `hall_rt_${randomUUID().slice(0, 8)}`;
  let owner: TestDatabase;
  let runtime: Database;
  let trail: AuditTrail;

  beforeAll(async () => {
    owner = await createTestDatabase('pg', {
      label: 'runtime_role',
      migrationsDir: path.join(here, '../../apps/intake/prisma/migrations'),
    });
    if (owner.config.kind !== 'pg') throw new Error('expected PostgreSQL');
    await admin(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await grantRuntimeRole(owner.db.sql, role);
    const url = new URL(owner.config.url);
    url.username = role;
    url.password = '';
    runtime = await openDatabase({ kind: 'pg', url: url.toString() });
    trail = new AuditTrail((fn) => runtime.sql.transaction((tx) => fn(executor(tx))));
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await owner?.dispose();
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('connects as a role that owns nothing', async () => {
    expect(await runtime.sql.query('SELECT current_user AS who')).toEqual([{ who: role }]);
    const owned = await runtime.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(owned).toEqual([{ n: 0 }]);
  });

  it('does the service work: appends and verifies audit rows, writes an outbox row with its sequence', async () => {
    const row = await trail.append({
      at: new Date(),
      actorId: 'u-1',
      actorName: 'clerk.shangcheng',
      roles: ['clerk'],
      action: 'POST /api/intake/applications/:no/accept',
      objectType: 'applications',
      objectId: 'APP-1',
      outcome: 200,
      ip: '10.0.0.7',
      traceId: 'a'.repeat(32),
    });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: 1 });
    await runtime.sql.execute(
      `INSERT INTO outbox (id, topic, key, type, version, payload, headers, occurred_at, source)
       VALUES ($1::uuid, 'hall.test.v1', 'k', 'test.thing', 1, '{}'::jsonb, '{}'::jsonb, now(), 'intake')`,
      [randomUUID()],
    );
    expect(await runtime.sql.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 1 }]);
  });

  it('cannot change, empty or unprotect the audit log, nor change the schema', async () => {
    await expect(runtime.sql.execute(`UPDATE audit_log SET outcome = 403`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(runtime.sql.execute(`DELETE FROM audit_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(runtime.sql.exec('TRUNCATE audit_log')).rejects.toThrow(/permission denied|append-only/);
    await expect(runtime.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(
      /must be owner/,
    );
    await expect(
      runtime.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change'),
    ).rejects.toThrow(/must be owner/);
    await expect(runtime.sql.exec('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
    await expect(runtime.sql.exec('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
    // The owner, by contrast, could: that is why the service must not run as the owner.
    await owner.db.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await owner.db.sql.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    expect(await trail.verify()).toMatchObject({ intact: true, rows: 1 });
  });

  it('standalone boot: migrates as MIGRATION_DATABASE_URL, grants, then runs as DATABASE_URL', async () => {
    const fresh = await createTestDatabase('pg', { label: 'runtime_boot' });
    try {
      if (fresh.config.kind !== 'pg') throw new Error('expected PostgreSQL');
      const asRuntime = new URL(fresh.config.url);
      asRuntime.username = role;
      const env = ServiceEnvSchema.parse({
        DB: 'pg',
        DATABASE_URL: asRuntime.toString(),
        MIGRATION_DATABASE_URL: fresh.config.url,
        TRANSPORT: 'inprocess',
        AUTH_SERVER_URL: 'http://127.0.0.1:9/unused',
        LOG_LEVEL: 'silent',
      });
      const key = (b: number) => Buffer.alloc(32, b).toString('base64');
      const rt = await runtimeFromEnv('intake', env, path.join(here, '../../apps/intake'), {
        PII_ENCRYPTION_KEYS: `k1:${key(1)}`,
        PII_BLIND_INDEX_KEY: key(2),
      });
      try {
        expect(rt.migrate).toBe(false);
        expect(await rt.db.sql.query('SELECT current_user AS who')).toEqual([{ who: role }]);
        // The owner's migrations are there, and the runtime role may use the tables they made.
        expect(await rt.db.sql.query('SELECT count(*)::int AS n FROM application')).toEqual([{ n: 0 }]);
        await expect(rt.db.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(
          /must be owner/,
        );
      } finally {
        await rt.db.close();
        await rt.transport.close?.();
      }
    } finally {
      await fresh.dispose();
    }
  }, 120_000);
});
