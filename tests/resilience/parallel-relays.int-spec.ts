// Issue 10, item 5 — relays in parallel: several OutboxRelay instances drain one outbox. Claims are taken with
// `FOR UPDATE SKIP LOCKED` (raw SQL) under a lease (`claimed_until`); a crashed relay's rows are reclaimed once the
// lease has passed. Runs on PostgreSQL (several connections, real concurrency) and on PGlite (one connection: the
// same SQL must still work there).
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import { OutboxRelay, RelayCrash } from '@hall/messaging';
import { messagingMigrations, RecordingTransport, waitFor } from './support/messaging-fixture.js';

const kinds = await testDatabaseKinds();

/** Stages `n` committed outbox rows spread over `keys` keys (one INSERT, like n committed transactions). */
async function stageRows(t: TestDatabase, n: number, keys: number, prefix = 'k'): Promise<void> {
  await t.db.sql.query(
    `INSERT INTO outbox (id, topic, key, type, version, source, payload, headers, occurred_at)
     SELECT gen_random_uuid(), 'hall.test.thing.v1', $2 || (i % $3)::text, 'test.thing.changed', 1, 'test',
            jsonb_build_object('i', i), '{}'::jsonb, now()
       FROM generate_series(1, $1::int) AS i`,
    [n, prefix, keys],
  );
}

interface Row {
  id: string;
  key: string;
  seq: string;
  claimed_by: string | null;
  attempts: number;
  published: boolean;
}
const rows = (t: TestDatabase) =>
  t.db.sql.query<Row>(
    'SELECT id, key, seq::text AS seq, claimed_by, attempts, published_at IS NOT NULL AS published FROM outbox ORDER BY seq',
  );

describe.each(kinds)('parallel outbox relays on %s', (kind) => {
  let t: TestDatabase;
  const relays: OutboxRelay[] = [];
  const relay = (
    transport: RecordingTransport,
    opts: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
  ) => {
    const r = new OutboxRelay({
      sql: t.db.sql,
      transport,
      batchSize: 50,
      pollIntervalMs: 10,
      retryDelayMs: 10,
      ...opts,
    });
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind, { label: 'relays', migrationsDir: messagingMigrations });
  });
  afterAll(async () => {
    await t.dispose();
  });
  beforeEach(async () => {
    await t.db.sql.exec('TRUNCATE outbox, inbox, effect, thing');
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  it('two relays drain 2,000 rows: each published exactly once, none left, per-key order kept', async () => {
    // More keys than a batch, as in the hall (one key per application): a row waits while an earlier row of its key
    // is claimed, so with fewer keys than a batch the first relay's claim would hold every key and the second could
    // only take turns, which a fast first relay wins every time.
    await stageRows(t, 2000, 400);
    const transport = new RecordingTransport();
    const a = relay(transport);
    const b = relay(transport);
    a.start();
    b.start();
    await waitFor('outbox drained', async () => (await a.pending()) === 0);
    await Promise.all([a.stop(), b.stop()]);

    const all = await rows(t);
    expect(all).toHaveLength(2000);
    expect(all.filter((r) => !r.published)).toEqual([]);
    const ids = transport.ids();
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(new Set(ids)).toEqual(new Set(all.map((r) => r.id)));
    // Every row claimed once, by one of the two relays, and each relay published a share.
    expect(all.every((r) => r.attempts === 1)).toBe(true);
    const byRelay = new Map<string, number>();
    for (const r of all) byRelay.set(r.claimed_by ?? '', (byRelay.get(r.claimed_by ?? '') ?? 0) + 1);
    for (const relayId of byRelay.keys()) expect([a.relayId, b.relayId]).toContain(relayId);
    // With several connections the relays really run side by side; PGlite has one connection, so one relay
    // may take every claim there (still correct, just not parallel).
    if (kind === 'pg') expect(byRelay.size).toBe(2);
    // Per key, messages went out in commit (seq) order.
    const seqOf = new Map(all.map((r) => [r.id, BigInt(r.seq)]));
    const lastSeq = new Map<string, bigint>();
    for (const m of transport.published) {
      const seq = seqOf.get((JSON.parse(m.value) as { id: string }).id) ?? -1n;
      expect(seq > (lastSeq.get(m.key) ?? -1n)).toBe(true);
      lastSeq.set(m.key, seq);
    }
  });

  it('a claim left by a crashed relay blocks only its key until the lease passes, then is reclaimed and published once', async () => {
    await stageRows(t, 3, 1, 'stuck-');
    await stageRows(t, 20, 4, 'free-');
    // A relay claimed the first row of key `stuck-0` and died: its lease runs for an hour.
    await t.db.sql.query(
      `UPDATE outbox SET claimed_by = 'crashed-relay', claimed_until = now() + interval '1 hour', attempts = 1
        WHERE seq = (SELECT min(seq) FROM outbox WHERE key = 'stuck-0')`,
    );
    const transport = new RecordingTransport();
    const a = relay(transport);
    const b = relay(transport);
    a.start();
    b.start();
    await waitFor('other keys drained', async () => (await a.pending()) === 3);
    // Run more rounds: the stuck key stays blocked (its later rows must not overtake the claimed one).
    await a.publishBatch();
    await b.publishBatch();
    let all = await rows(t);
    expect(all.filter((r) => !r.published).map((r) => r.key)).toEqual(['stuck-0', 'stuck-0', 'stuck-0']);
    expect(transport.published.filter((m) => m.key === 'stuck-0')).toEqual([]);

    // The lease passes: the row is reclaimed by a live relay and the key flows again, in order.
    await t.db.sql.query(
      `UPDATE outbox SET claimed_until = now() - interval '1 millisecond' WHERE claimed_by = 'crashed-relay'`,
    );
    await waitFor('stuck key drained', async () => (await a.pending()) === 0);
    all = await rows(t);
    const stuck = all.filter((r) => r.key === 'stuck-0');
    expect(stuck[0]?.attempts).toBe(2);
    expect([a.relayId, b.relayId]).toContain(stuck[0]?.claimed_by);
    const stuckIds = transport.published
      .filter((m) => m.key === 'stuck-0')
      .map((m) => (JSON.parse(m.value) as { id: string }).id);
    expect(stuckIds).toEqual(stuck.map((r) => r.id));
    expect(new Set(transport.ids()).size).toBe(23);
    expect(transport.ids()).toHaveLength(23);
  });

  it('a relay killed after claiming (real crash, short lease) loses nothing: a second relay publishes its rows once', async () => {
    await stageRows(t, 30, 3);
    const transport = new RecordingTransport();
    const crashing = relay(transport, {
      claimTtlMs: 300,
      faults: {
        afterClaim: () => {
          throw new RelayCrash('SIGKILL after claim');
        },
      },
    });
    crashing.start();
    await waitFor('crashed relay holds a claim', async () =>
      (await rows(t)).some((r) => r.claimed_by === crashing.relayId),
    );
    await crashing.stop();
    expect(transport.published).toEqual([]);
    const survivor = relay(transport);
    survivor.start();
    await waitFor('outbox drained by the survivor', async () => (await survivor.pending()) === 0);
    expect(transport.ids()).toHaveLength(30);
    expect(new Set(transport.ids()).size).toBe(30);
  });

  it('a failed publish releases the claim at once and the rows go out on the next try', async () => {
    await stageRows(t, 10, 2);
    const transport = new RecordingTransport();
    transport.failNext = 2;
    const a = relay(transport);
    const b = relay(transport);
    a.start();
    b.start();
    await waitFor('outbox drained', async () => (await a.pending()) === 0);
    expect(transport.ids()).toHaveLength(10);
    expect(new Set(transport.ids()).size).toBe(10);
    expect((await rows(t)).some((r) => r.attempts > 1)).toBe(true);
  });
});
