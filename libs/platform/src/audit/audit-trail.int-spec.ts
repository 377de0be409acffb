import { mkdtempSync, mkdirSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RawExecutor } from '@hall/messaging';
import { createTestDatabase, testDatabaseKinds, type SqlRunner, type TestDatabase } from '@hall/persistence';
import {
  AUDIT_GENESIS_HASH,
  AUDIT_PRISMA_MODEL,
  AUDIT_TRIGGERS_SQL,
  AuditTrail,
  auditEntryHash,
  auditObjectCreated,
  runInAuditScope,
  type AuditEntry,
  type AuditScope,
} from './audit-trail.js';

const appsDir = path.resolve(new URL('.', import.meta.url).pathname, '../../../../apps');
const services = readdirSync(appsDir).filter((a) =>
  existsSync(path.join(appsDir, a, 'prisma/schema.prisma')),
);
const auditMigration = (service: string, suffix = '_audit_log'): string => {
  const dir = path.join(appsDir, service, 'prisma/migrations');
  const name = readdirSync(dir).find((d) => d.endsWith(suffix));
  if (!name) throw new Error(`${service} has no *${suffix} migration`);
  return readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
};
const CHAIN_UNIQUE = '_audit_chain_unique';

describe('audit_log in every service', () => {
  it('finds the six services', () => {
    expect(services.sort()).toEqual([
      'approval',
      'catalog',
      'disclosure',
      'intake',
      'licence',
      'supervision',
    ]);
  });
  it.each(services)(
    '%s declares the AuditLog model verbatim and migrates it with the append-only triggers',
    (service) => {
      expect(readFileSync(path.join(appsDir, service, 'prisma/schema.prisma'), 'utf8')).toContain(
        AUDIT_PRISMA_MODEL,
      );
      expect(auditMigration(service)).toContain(AUDIT_TRIGGERS_SQL);
      expect(auditMigration(service)).toBe(auditMigration('catalog'));
      expect(auditMigration(service, CHAIN_UNIQUE)).toContain('UNIQUE INDEX "audit_log_prev_hash_key"');
      expect(auditMigration(service, CHAIN_UNIQUE)).toBe(auditMigration('catalog', CHAIN_UNIQUE));
    },
  );
});

function executor(sql: SqlRunner): RawExecutor {
  return {
    $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
    $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as T,
  };
}

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 11, 1, 9, 0, n, 123)),
  actorId: `user-${n % 3}`,
  actorName: `clerk.${n % 3}`,
  roles: ['clerk'],
  action: 'POST /api/intake/applications/:no/accept',
  objectType: 'applications',
  objectId: `APP-${n}`,
  outcome: 201,
  ip: '10.0.0.7',
  traceId: 'a'.repeat(32),
  ...over,
});

const kinds = await testDatabaseKinds();

describe.each(kinds)('audit trail on %s', (kind) => {
  let t: TestDatabase;
  let trail: AuditTrail;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-mig-'));
    mkdirSync(path.join(dir, '20260101000000_audit_log'));
    writeFileSync(path.join(dir, '20260101000000_audit_log', 'migration.sql'), auditMigration('catalog'));
    mkdirSync(path.join(dir, '20260101000001_audit_chain_unique'));
    writeFileSync(
      path.join(dir, '20260101000001_audit_chain_unique', 'migration.sql'),
      auditMigration('catalog', CHAIN_UNIQUE),
    );
    t = await createTestDatabase(kind, { label: 'audit', migrationsDir: dir });
    trail = new AuditTrail((fn) => t.db.sql.transaction((tx) => fn(executor(tx))));
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('chains rows from the genesis hash, each hash covering the previous one and every field', async () => {
    const first = await trail.append(entry(1));
    const second = await trail.append(
      entry(2, { roles: ['approver', 'clerk'], actorId: undefined, ip: undefined }),
    );
    expect(first.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(first.hash).toBe(auditEntryHash(AUDIT_GENESIS_HASH, entry(1)));
    expect(second.prevHash).toBe(first.hash);
    expect(second.roles).toEqual(['approver', 'clerk']);
    expect(second.actorId).toBeUndefined();
    expect(await trail.verify()).toEqual({ intact: true, rows: 2, lastHash: second.hash });
  });

  it('keeps one unforked chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => trail.append(entry(10 + i))));
    const v = await trail.verify();
    expect(v).toMatchObject({ intact: true, rows: 22 });
    const rows = await trail.list({ limit: 500 });
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
  });

  it('group-commits concurrent appends: fewer transactions than entries, each caller gets its own row', async () => {
    let transactions = 0;
    const counted = new AuditTrail((fn) => {
      transactions += 1;
      return t.db.sql.transaction((tx) => fn(executor(tx)));
    });
    const rows = await Promise.all(
      Array.from({ length: 30 }, (_, i) => counted.append(entry(40 + i, { objectId: `GRP-${i}` }))),
    );
    expect(rows.map((r) => r.objectId)).toEqual(Array.from({ length: 30 }, (_, i) => `GRP-${i}`));
    expect(transactions).toBeLessThan(30);
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: 52 });
    // A failed batch rejects every caller in it and leaves no row behind.
    const failing = new AuditTrail((fn) =>
      t.db.sql.transaction(async (tx) => {
        await fn(executor(tx));
        throw new Error('commit refused');
      }),
    );
    const outcomes = await Promise.allSettled([failing.append(entry(90)), failing.append(entry(91))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: 52 });
  });

  it('continues the chain from the head another writer moved (a second process): no fork, nothing lost', async () => {
    const other = new AuditTrail((fn) => t.db.sql.transaction((tx) => fn(executor(tx))));
    const a1 = await trail.append(entry(80, { objectId: 'TWO-1' }));
    const b1 = await other.append(entry(81, { objectId: 'TWO-2' }));
    const a2 = await trail.append(entry(82, { objectId: 'TWO-3' }));
    const b2 = await other.append(entry(83, { objectId: 'TWO-4' }));
    expect([b1.prevHash, a2.prevHash, b2.prevHash]).toEqual([a1.hash, b1.hash, a2.hash]);
    const v = await trail.verify();
    expect(v).toMatchObject({ intact: true, rows: 56, lastHash: b2.hash });
  });

  it('two processes appending at once, each in autocommit statements: one chain, every entry kept', async () => {
    // Two trails stand for two processes: no shared memory, each with its own idea of the head, statements on
    // the pool outside any transaction (as ServiceStore wires them). The unique prev_hash makes one of two writers
    // continuing the same head fail; it reads the head again and retries.
    const direct = executor(t.db.sql);
    const p1 = new AuditTrail((fn) => t.db.sql.transaction((tx) => fn(executor(tx))), undefined, direct);
    const p2 = new AuditTrail((fn) => t.db.sql.transaction((tx) => fn(executor(tx))), undefined, direct);
    const before = (await trail.verify()) as { rows: number };
    const rows = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? p1 : p2).append(entry(200 + i, { objectId: `RACE-${i}` })),
      ),
    );
    expect(rows.map((r) => r.objectId)).toEqual(Array.from({ length: 24 }, (_, i) => `RACE-${i}`));
    const v = await trail.verify();
    expect(v).toMatchObject({ intact: true, rows: before.rows + 24 });
    // The database itself refuses a fork: a second row continuing an existing row's head.
    const head = await trail.head();
    const forked = rows[0] as { prevHash: string };
    await expect(
      t.db.sql.execute(
        `INSERT INTO audit_log (at, roles, action, outcome, prev_hash, hash) VALUES (now(), '', 'x', 200, $1, 'f')`,
        [forked.prevHash],
      ),
    ).rejects.toThrow(/audit_log_prev_hash_key|unique|duplicate/i);
    expect(await trail.head()).toEqual(head);
    // The next append of the first trail (whose cached head is stale) continues the chain.
    const after = await trail.append(entry(300, { objectId: 'AFTER-RACE' }));
    expect(after.prevHash).toBe(head?.hash);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: before.rows + 25 });
  });

  it("writes a request's row in its transaction: commits with it, not when it rolls back, one chain with group commits and a second process", async () => {
    const direct = executor(t.db.sql);
    const runner = <T>(fn: (tx: RawExecutor) => Promise<T>) => t.db.sql.transaction((tx) => fn(executor(tx)));
    const p1 = new AuditTrail(runner, undefined, direct);
    const p2 = new AuditTrail(runner, undefined, direct);
    const inTx1 = p1.inTransactions(runner);
    const inTx2 = p2.inTransactions(runner);
    const before = (await trail.verify()) as { rows: number };
    const scopeOf = (trail: AuditTrail, n: number, objectId?: string): AuditScope => ({
      trail,
      entry: { ...entry(n), objectId },
      written: false,
      open: true,
    });
    const count = async (objectId: string) =>
      (
        await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1', [
          objectId,
        ])
      )[0]?.n;
    // A command in a request: its row is in its transaction (object named by the create); a rolled-back one leaves none.
    const committed = scopeOf(p1, 400);
    await runInAuditScope(committed, () =>
      inTx1(async (tx) => {
        auditObjectCreated('TX-COMMITTED');
        await tx.$queryRawUnsafe('SELECT 1');
      }),
    );
    expect(committed.written).toBe(true);
    expect(await count('TX-COMMITTED')).toBe(1);
    const failed = scopeOf(p1, 401, 'TX-ROLLED-BACK');
    await expect(
      runInAuditScope(failed, () =>
        inTx1(async () => {
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    expect(failed.written).toBe(false);
    expect(await count('TX-ROLLED-BACK')).toBe(0);
    // No object known (a create that did not name it) or the handler finished: nothing written by the transaction.
    const unnamed = scopeOf(p1, 402);
    await runInAuditScope(unnamed, () => inTx1(async () => undefined));
    const closed = { ...scopeOf(p1, 403, 'TX-CLOSED'), open: false };
    await runInAuditScope(closed, () => inTx1(async () => undefined));
    expect([unnamed.written, closed.written, await count('TX-CLOSED')]).toEqual([false, false, 0]);
    // Concurrent requests on two "processes" mixed with group commits: one chain, every row kept once.
    const work = Array.from({ length: 30 }, (_, i) => {
      const [p, inTx] = i % 2 ? [p1, inTx1] : [p2, inTx2];
      if (i % 3 === 0) return p.append(entry(500 + i, { objectId: `MIX-${i}` }));
      return runInAuditScope(scopeOf(p, 500 + i, `MIX-${i}`), () =>
        inTx(async (tx) => {
          await tx.$queryRawUnsafe('SELECT pg_sleep(0.005)');
        }),
      );
    });
    await Promise.all(work);
    for (let i = 0; i < 30; i++) expect(await count(`MIX-${i}`)).toBe(1);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: before.rows + 31 });
  });

  it('lists by object and by actor, in order, paged', async () => {
    const byObject = await trail.list({ objectType: 'applications', objectId: 'APP-12' });
    expect(byObject.map((r) => r.objectId)).toEqual(['APP-12']);
    const byActor = await trail.list({ actorId: 'user-1', limit: 3 });
    expect(byActor).toHaveLength(3);
    const next = await trail.list({ actorId: 'user-1', afterId: byActor[2]?.id, limit: 500 });
    expect(next.every((r) => BigInt(r.id) > BigInt(byActor[2]?.id ?? '0') && r.actorId === 'user-1')).toBe(
      true,
    );
  });

  it('refuses UPDATE, DELETE and TRUNCATE for the application role', async () => {
    await expect(
      t.db.sql.execute(`UPDATE audit_log SET outcome = 200 WHERE object_id = 'APP-1'`),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.db.sql.execute(`DELETE FROM audit_log WHERE object_id = 'APP-1'`)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(t.db.sql.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    // Setting the purge flag does not allow deleting young rows either.
    await expect(
      t.db.sql.transaction(async (tx) => {
        await tx.query(
          `SELECT set_config('hall.audit_purge', 'on', true), set_config('hall.audit_retention_days', '1', true)`,
        );
        return tx.execute(`DELETE FROM audit_log`);
      }),
    ).rejects.toThrow(/append-only: DELETE refused/);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: 112 });
  });

  it('detects a tampered row (changed with the triggers disabled by the table owner) and names it', async () => {
    const target = (await trail.list({ objectType: 'applications', objectId: 'APP-15' }))[0];
    await t.db.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await t.db.sql.execute(`UPDATE audit_log SET outcome = 403 WHERE id = $1::bigint`, [target?.id]);
    await t.db.sql.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    expect(await trail.verify()).toMatchObject({
      intact: false,
      brokenAt: target?.id,
      reason: 'hash-mismatch',
    });
    // Restore, then remove a row: the next row's prev_hash no longer matches.
    await t.db.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await t.db.sql.execute(`UPDATE audit_log SET outcome = 201 WHERE id = $1::bigint`, [target?.id]);
    await t.db.sql.execute(`DELETE FROM audit_log WHERE id = $1::bigint`, [target?.id]);
    await t.db.sql.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    const broken = await trail.verify();
    expect(broken).toMatchObject({ intact: false, reason: 'prev-hash-mismatch' });
    expect(BigInt((broken as { brokenAt: string }).brokenAt)).toBeGreaterThan(BigInt(target?.id ?? '0'));
  });

  it('purges only rows older than the retention period, which cannot be set below 180 days', async () => {
    expect(() => new AuditTrail((fn) => t.db.sql.transaction((tx) => fn(executor(tx))), 30)).toThrow(/≥ 180/);
    const old = await trail.append(
      entry(99, { at: new Date(Date.now() - 200 * 86_400_000), objectId: 'OLD' }),
    );
    const before = (await trail.list({ limit: 500 })).length;
    expect(await trail.purgeExpired()).toBe(1);
    const after = await trail.list({ limit: 500 });
    expect(after).toHaveLength(before - 1);
    expect(after.some((r) => r.id === old.id)).toBe(false);
  });

  it('detects a chain rewritten from scratch by its anchors, though the rewritten chain is consistent in itself', async () => {
    // A fresh chain (the tests above tampered with this one on purpose).
    const wipe = async () => {
      await t.db.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await t.db.sql.exec('DELETE FROM audit_log');
      await t.db.sql.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await t.db.sql.exec('ALTER SEQUENCE audit_log_id_seq RESTART WITH 1');
    };
    await wipe();
    for (let i = 0; i < 5; i++) await trail.append(entry(100 + i));
    const anchor = await trail.head();
    if (!anchor) throw new Error('no head');
    expect(anchor.id).toBe('5');
    await trail.append(entry(106));
    expect(await trail.verify([anchor])).toMatchObject({
      intact: true,
      anchors: { checked: 1, matched: 1, purged: 0 },
    });
    // An anchor of a row purged after the retention period is not a failure; one of a younger missing row is.
    const purged = {
      id: '0',
      hash: 'a'.repeat(64),
      at: new Date(Date.now() - 400 * 86_400_000).toISOString(),
    };
    expect(await trail.verify([purged, anchor])).toMatchObject({
      intact: true,
      anchors: { checked: 2, matched: 1, purged: 1 },
    });
    expect(await trail.verify([{ ...purged, at: new Date().toISOString() }])).toMatchObject({
      intact: false,
      reason: 'anchor-missing',
      brokenAt: '0',
    });
    // The database owner disables the triggers, removes every row, restarts the ids and writes a new chain.
    await wipe();
    for (let i = 0; i < 6; i++) await trail.append(entry(100 + i, { outcome: i === 2 ? 403 : 201 }));
    const rewritten = trail;
    expect(await rewritten.verify()).toMatchObject({ intact: true });
    expect(await rewritten.verify([anchor])).toMatchObject({
      intact: false,
      reason: 'anchor-mismatch',
      brokenAt: anchor.id,
    });
  });

  it('lingers for the group commit: appends spread over the linger go in one statement, each answered once committed; flushPending writes at once', async () => {
    const statements: string[] = [];
    const counting = (sql: SqlRunner): RawExecutor => ({
      $executeRawUnsafe: (q, ...v) => (statements.push(q), sql.execute(q, v)),
      $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (
        statements.push(q),
        (await sql.query(q, v)) as T
      ),
    });
    const runner = <T>(fn: (tx: RawExecutor) => Promise<T>) => t.db.sql.transaction((tx) => fn(executor(tx)));
    expect(() => new AuditTrail(runner, undefined, counting(t.db.sql), { lingerMs: -1 })).toThrow(RangeError);
    expect(() => new AuditTrail(runner, undefined, counting(t.db.sql), { lingerMs: 101 })).toThrow(
      RangeError,
    );
    const lingering = new AuditTrail(runner, undefined, counting(t.db.sql), { lingerMs: 100 });
    const before = (await trail.verify()) as { rows: number };
    const inserts = () => statements.filter((q) => q.startsWith('INSERT INTO audit_log')).length;
    // Five appends on separate turns of the event loop, all within the first one's linger: one INSERT (after the
    // head is read once).
    let committed = 0;
    const appends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 5; i++) {
      appends.push(
        lingering.append(entry(600 + i, { objectId: `LINGER-${i}` })).then(() => (committed += 1)),
      );
      await new Promise((r) => setImmediate(r));
    }
    expect(committed).toBe(0); // nobody is answered before the batch is committed
    const rows = await Promise.all(appends);
    expect(rows).toHaveLength(5);
    expect(inserts()).toBe(1);
    expect(await trail.verify()).toMatchObject({ intact: true, rows: before.rows + 5 });
    // flushPending (shutdown) does not wait for the linger: the row is committed when it resolves.
    const last = lingering.append(entry(610, { objectId: 'LINGER-FLUSHED' }));
    await lingering.flushPending();
    expect(inserts()).toBe(2);
    expect((await trail.list({ objectId: 'LINGER-FLUSHED' })).map((r) => r.objectId)).toEqual([
      'LINGER-FLUSHED',
    ]);
    await expect(last).resolves.toMatchObject({ objectId: 'LINGER-FLUSHED' });
    await lingering.flushPending(); // nothing pending: resolves
    expect(inserts()).toBe(2);
  });

  it("a group commit waits for this process's uncommitted in-transaction row and continues it: no failed statement, no head read", async () => {
    const statements: string[] = [];
    const direct: RawExecutor = {
      $executeRawUnsafe: (q, ...v) => (statements.push(q), t.db.sql.execute(q, v)),
      $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (
        statements.push(q),
        (await t.db.sql.query(q, v)) as T
      ),
    };
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    // A transaction held open between its audit insert (the wrapped fn's last statement) and its commit.
    const heldRunner = <T>(fn: (tx: RawExecutor) => Promise<T>) =>
      t.db.sql.transaction(async (tx) => {
        const out = await fn(executor(tx));
        inserted();
        await gate;
        return out;
      });
    const p = new AuditTrail(heldRunner, undefined, direct);
    const inTx = p.inTransactions(heldRunner);
    const warm = await p.append(entry(700, { objectId: 'WAIT-WARM' })); // the head is known from here on
    statements.length = 0;
    const scope: AuditScope = {
      trail: p,
      entry: entry(701, { objectId: 'WAIT-TX' }),
      written: false,
      open: true,
    };
    const tx = runInAuditScope(scope, () => inTx(async () => undefined));
    await insertedYet;
    let appended = false;
    const batch = p.append(entry(702, { objectId: 'WAIT-BATCH' })).then((row) => ((appended = true), row));
    await new Promise((r) => setTimeout(r, 50));
    expect(appended).toBe(false);
    expect(statements).toEqual([]); // not even tried while the in-transaction row is uncommitted
    open();
    await tx;
    const row = await batch;
    const txRow = (await trail.list({ objectId: 'WAIT-TX' }))[0];
    expect(txRow?.prevHash).toBe(warm.hash);
    expect(row.prevHash).toBe(txRow?.hash);
    expect(statements.map((q) => q.slice(0, 22))).toEqual(['INSERT INTO audit_log ']);
    expect(await trail.verify()).toMatchObject({ intact: true });
  });
});
