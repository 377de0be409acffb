import { Topics, defineEvent } from '@hall/contracts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import { z } from 'zod';
import { EventConsumer, type DeadLetter } from './event-consumer.js';
import { InProcessTransport } from './in-process.transport.js';
import { partitionFor, type DeliveredMessage } from './transport.js';
import { insertPreparedEvents, prepareEvent, stageEvent } from './outbox.js';
import { OutboxRelay, RelayCrash } from './outbox-relay.js';
import { messagingFixtureMigrations, rawExecutor, transactionRunner } from './testing/sql-executor.js';
import type { RawExecutor } from './raw-executor.js';

const ThingChanged = defineEvent({
  type: 'test.thing.changed',
  version: 1,
  topic: 'hall.test.thing.v1',
  payload: z.object({ id: z.string(), n: z.number().int() }),
  key: (p) => p.id,
  description: 'test event',
});

async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const kinds = await testDatabaseKinds();

describe.each(kinds)('outbox, relay and idempotent consumer on %s', (kind) => {
  let t: TestDatabase;
  let transport: InProcessTransport;
  let consumer: EventConsumer<RawExecutor>;
  let handlerCalls: number;
  let failKeys: Set<string>;
  /** Keys whose undo (onRollback) ran, once per rolled-back attempt. */
  let undone: string[];

  async function changeThing(id: string, n: number): Promise<void> {
    await t.db.sql.transaction(async (sql) => {
      const tx = rawExecutor(sql);
      await tx.$executeRawUnsafe(
        'INSERT INTO thing (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = $2',
        id,
        n,
      );
      await stageEvent(tx, ThingChanged, { id, n }, { source: 'test' });
    });
  }
  const effects = async () =>
    t.db.sql.query<{ key: string; n: number }>('SELECT key, n FROM effect ORDER BY key, n');

  beforeAll(async () => {
    t = await createTestDatabase(kind, { label: 'messaging', migrationsDir: messagingFixtureMigrations });
  });
  afterAll(async () => {
    await t.dispose();
  });
  beforeEach(async () => {
    await t.db.sql.exec('TRUNCATE outbox, inbox, effect, thing');
    transport = new InProcessTransport({ redeliveryDelayMs: 5 });
    handlerCalls = 0;
    failKeys = new Set();
    undone = [];
    consumer = new EventConsumer<RawExecutor>({
      group: 'effects',
      transport,
      transaction: transactionRunner(t.db.sql),
      maxAttempts: 3,
      backoffMs: 5,
    });
    consumer.on(ThingChanged, async (p, { tx, envelope, onRollback }) => {
      handlerCalls++;
      onRollback(async () => void undone.push(p.id));
      if (failKeys.has(p.id)) throw new Error(`cannot handle ${p.id}`);
      await tx.$executeRawUnsafe(
        'INSERT INTO effect (event_id, key, n) VALUES ($1::uuid, $2, $3)',
        envelope.id,
        p.id,
        p.n,
      );
    });
    await consumer.start();
  });
  afterEach(async () => {
    await consumer.stop();
    await transport.close();
  });

  it('stages nothing when the state change rolls back', async () => {
    await expect(
      t.db.sql.transaction(async (sql) => {
        await stageEvent(rawExecutor(sql), ThingChanged, { id: 'x', n: 1 }, { source: 'test' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [row] = await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(row?.n).toBe(0);
  });

  it('rejects a payload that does not match the contract before anything is written', async () => {
    await expect(
      t.db.sql.transaction((sql) =>
        stageEvent(rawExecutor(sql), ThingChanged, { id: 'x', n: 1.5 }, { source: 'test' }),
      ),
    ).rejects.toThrow();
  });

  it('publishes committed events in order and applies each once', async () => {
    for (let i = 1; i <= 5; i++) await changeThing('a', i);
    await changeThing('b', 1);
    const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 20 });
    relay.start();
    await waitFor(async () => (await effects()).length === 6);
    await relay.stop();
    expect(await effects()).toEqual([
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
      { key: 'a', n: 3 },
      { key: 'a', n: 4 },
      { key: 'a', n: 5 },
      { key: 'b', n: 1 },
    ]);
    expect(await relay.pending()).toBe(0);
  });

  it('writes the events prepared in one transaction with one INSERT, in their order; the relay publishes every one', async () => {
    let inserts = 0;
    await t.db.sql.transaction(async (sql) => {
      const raw = rawExecutor(sql);
      const tx: RawExecutor = {
        $queryRawUnsafe: raw.$queryRawUnsafe,
        $executeRawUnsafe: (q: string, ...v: unknown[]) => {
          if (q.includes('INSERT INTO "outbox"')) inserts += 1;
          return raw.$executeRawUnsafe(q, ...v);
        },
      };
      const rows = [];
      for (const n of [3, 1, 2])
        rows.push(await prepareEvent(tx, ThingChanged, { id: 'm', n }, { source: 'test' }));
      // Nothing is written while they are prepared: a payload that fails its contract stops the whole unit first.
      expect(inserts).toBe(0);
      await expect(prepareEvent(tx, ThingChanged, { id: 'm', n: 0.5 }, { source: 'test' })).rejects.toThrow();
      await insertPreparedEvents(tx, rows);
    });
    expect(inserts).toBe(1);
    const stored = await t.db.sql.query<{ n: number }>(
      `SELECT (payload->>'n')::int AS n FROM outbox WHERE key = 'm' ORDER BY seq`,
    );
    expect(stored.map((r) => r.n)).toEqual([3, 1, 2]);
    const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 20 });
    relay.start();
    await waitFor(async () => (await effects()).filter((e) => e.key === 'm').length === 3);
    await relay.stop();
    expect(await relay.pending()).toBe(0);
  });

  it('leaves a batch’s published mark to the next claim transaction (no commit of its own), and writes it on stop', async () => {
    const sql = t.db.sql;
    let transactions = 0;
    let autocommits = 0;
    const counted: typeof sql = {
      exec: (q) => sql.exec(q),
      query: (q, v) => (autocommits++, sql.query(q, v)),
      execute: (q, v) => (autocommits++, sql.execute(q, v)),
      transaction: (fn) => (transactions++, sql.transaction(fn)),
    };
    const published = async (id: string, n: number) =>
      (
        await sql.query<{ published: boolean }>(
          `SELECT published_at IS NOT NULL AS published FROM outbox WHERE key = $1 AND (payload->>'n')::int = $2`,
          [id, n],
        )
      )[0]?.published;
    await changeThing('dm', 1);
    // A poll interval longer than the test: only nudges and stop() move the relay.
    const relay = new OutboxRelay({ sql: counted, transport, pollIntervalMs: 60_000 });
    relay.start();
    await waitFor(async () => (await effects()).some((e) => e.key === 'dm' && e.n === 1));
    // Delivered, still claimed by this relay: no other relay takes it, a crash now republishes it (inbox absorbs).
    expect(await published('dm', 1)).toBe(false);
    await changeThing('dm', 2);
    relay.nudge();
    await waitFor(async () => (await effects()).some((e) => e.key === 'dm' && e.n === 2));
    // The claim that took n = 2 (a later row of the same key) marked n = 1 first, in its own transaction.
    expect(await published('dm', 1)).toBe(true);
    expect(autocommits).toBe(0);
    await relay.stop();
    expect(autocommits).toBe(1); // the mark written on stop
    expect(await published('dm', 2)).toBe(true);
    expect(await relay.pending()).toBe(0);
    expect(transactions).toBeGreaterThanOrEqual(2);
    expect(await effects()).toEqual([
      { key: 'dm', n: 1 },
      { key: 'dm', n: 2 },
    ]);
  });

  it('acknowledges an event its handler does not act on without a transaction or an inbox row', async () => {
    let transactions = 0;
    const run = transactionRunner(t.db.sql);
    const selective = new EventConsumer<RawExecutor>({
      group: 'selective',
      transport,
      transaction: (fn) => (transactions++, run(fn)),
      maxAttempts: 2,
      backoffMs: 5,
    });
    const applied: number[] = [];
    selective.on(
      ThingChanged,
      async (p) => {
        applied.push(p.n);
      },
      { actsOn: (p) => p.n % 2 === 0 },
    );
    await selective.start();
    try {
      for (const n of [1, 2, 3]) await changeThing('sel', n);
      const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 20 });
      relay.start();
      await waitFor(async () => (await effects()).filter((e) => e.key === 'sel').length === 3);
      await relay.stop();
      await waitFor(() => applied.length === 1);
      expect(applied).toEqual([2]);
      const [inbox] = await t.db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'selective'`,
      );
      expect(inbox?.n).toBe(1);
      expect(transactions).toBe(1);
    } finally {
      await selective.stop();
    }
  });

  it('applies an event delivered three times, some concurrently, exactly once', async () => {
    await changeThing('dup', 7);
    const [row] = await t.db.sql.query<{
      id: string;
      occurred_at: Date;
      payload: unknown;
      headers: Record<string, string>;
    }>('SELECT id, occurred_at, payload, headers FROM outbox');
    if (!row) throw new Error('no outbox row');
    const value = JSON.stringify({
      id: row.id,
      type: ThingChanged.type,
      version: 1,
      key: 'dup',
      source: 'test',
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
    });
    const msg = {
      topic: ThingChanged.topic,
      key: 'dup',
      value,
      headers: row.headers,
      partition: 0,
      offset: '0',
      deliveryAttempt: 1,
    };
    const outcomes = await Promise.all([consumer.deliver(msg), consumer.deliver(msg)]);
    outcomes.push(await consumer.deliver(msg));
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(await effects()).toEqual([{ key: 'dup', n: 7 }]);
  });

  it('survives a relay crash between commit and publish: republished after the claim expires, applied once', async () => {
    await changeThing('c1', 1);
    const crashing = new OutboxRelay({
      sql: t.db.sql,
      transport,
      pollIntervalMs: 10,
      claimTtlMs: 200,
      faults: {
        afterClaim: () => {
          throw new RelayCrash('killed after claim');
        },
      },
    });
    crashing.start();
    await waitFor(
      async () =>
        (await t.db.sql.query<{ c: string | null }>('SELECT claimed_by AS c FROM outbox'))[0]?.c !== null,
    );
    await crashing.stop();
    expect(await effects()).toEqual([]);
    const restarted = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 20 });
    restarted.start();
    await waitFor(async () => (await restarted.pending()) === 0);
    await restarted.stop();
    expect(await effects()).toEqual([{ key: 'c1', n: 1 }]);
  });

  it('survives a relay crash between publish and marking sent: the duplicate is absorbed by the inbox', async () => {
    await changeThing('c2', 1);
    const crashing = new OutboxRelay({
      sql: t.db.sql,
      transport,
      pollIntervalMs: 10,
      claimTtlMs: 200,
      faults: {
        afterPublish: () => {
          throw new RelayCrash('killed after publish');
        },
      },
    });
    crashing.start();
    await waitFor(async () => (await effects()).length === 1);
    await crashing.stop();
    expect(await crashing.pending()).toBe(1);
    const restarted = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 20 });
    restarted.start();
    await waitFor(async () => (await restarted.pending()) === 0);
    await restarted.stop();
    expect(handlerCalls).toBe(1);
    expect(await effects()).toEqual([{ key: 'c2', n: 1 }]);
  });

  it('sends a message whose handler always throws to the dead-letter topic; later messages still flow', async () => {
    failKeys.add('poison');
    await changeThing('poison', 1);
    await changeThing('fine', 1);
    const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 10 });
    relay.start();
    await waitFor(async () => (await effects()).some((e) => e.key === 'fine'));
    await waitFor(() => transport.read(Topics.deadLetter).length === 1);
    await relay.stop();
    const dead = JSON.parse(transport.read(Topics.deadLetter)[0]?.value ?? '{}') as DeadLetter;
    expect(dead).toMatchObject({
      group: 'effects',
      originalTopic: ThingChanged.topic,
      key: 'poison',
      attempts: 3,
    });
    expect(dead.error).toContain('cannot handle poison');
    // Both events wait in one partition, so they first come as one batch: that transaction rolls back at the poison
    // event, then each event is handled on its own (the poison one three times, then dead-lettered).
    expect(partitionFor('poison', 4)).toBe(partitionFor('fine', 4));
    expect(handlerCalls).toBe(1 + 3 + 1);
    expect(await effects()).toEqual([{ key: 'fine', n: 1 }]);
    // The undo registered by each rolled-back attempt ran; the committed one's never did.
    expect(undone).toEqual(['poison', 'poison', 'poison', 'poison']);
  });

  /** A delivered message carrying a ThingChanged event, as the relay would publish it. */
  function delivered(id: string, thing: string, n: number, offset: number): DeliveredMessage {
    return {
      topic: ThingChanged.topic,
      key: thing,
      value: JSON.stringify({
        id,
        type: ThingChanged.type,
        version: ThingChanged.version,
        key: thing,
        occurredAt: new Date().toISOString(),
        source: 'test',
        payload: { id: thing, n },
      }),
      headers: {},
      partition: 0,
      offset: String(offset),
      deliveryAttempt: 1,
    };
  }

  it('handles a batch in one transaction with one inbox statement, a duplicate in it and an event seen before once', async () => {
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    const seen = '33333333-3333-4333-8333-333333333333';
    const statements: string[] = [];
    let transactions = 0;
    const run = transactionRunner(t.db.sql);
    const batching = new EventConsumer<RawExecutor>({
      group: 'batching',
      transport,
      transaction: (fn) =>
        run((tx) => {
          transactions++;
          return fn({
            $executeRawUnsafe: (q, ...v) => (statements.push(q), tx.$executeRawUnsafe(q, ...v)),
            $queryRawUnsafe: (q, ...v) => (statements.push(q), tx.$queryRawUnsafe(q, ...v)),
          });
        }),
      lockKeyOf: (p) => `thing:${(p as { id: string }).id}`,
    });
    const order: string[] = [];
    const locksHeld: number[] = [];
    batching.on(ThingChanged, async (p, { tx, envelope, beforeCommit }) => {
      order.push(`${p.id}:${p.n}`);
      // The lock named by lockKeyOf is held from the inbox statement on.
      const [held] = await tx.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`,
      );
      locksHeld.push(held?.n ?? 0);
      if (order.length === 1) beforeCommit(async () => void order.push('before commit'));
      await tx.$executeRawUnsafe(
        'INSERT INTO effect (event_id, key, n) VALUES ($1::uuid, $2, $3)',
        envelope.id,
        p.id,
        p.n,
      );
    });
    expect(await batching.deliver(delivered(seen, 'b', 0, 0))).toBe('processed');
    order.length = 0;
    locksHeld.length = 0;
    statements.length = 0;
    transactions = 0;
    await batching.deliverBatch([
      delivered(ids[0] ?? '', 'b', 1, 1),
      delivered(seen, 'b', 0, 2),
      delivered(ids[1] ?? '', 'b', 2, 3),
      delivered(ids[0] ?? '', 'b', 1, 4),
    ]);
    expect(transactions).toBe(1);
    expect(statements.filter((q) => q.includes('"inbox"'))).toHaveLength(1);
    expect(locksHeld).toEqual([1, 1]);
    expect(order).toEqual(['b:1', 'b:2', 'before commit']);
    expect(await effects()).toEqual([
      { key: 'b', n: 0 },
      { key: 'b', n: 1 },
      { key: 'b', n: 2 },
    ]);
  });

  it('runs handlers registered with onRaw in raw transactions, the others in ORM ones, in delivery order', async () => {
    const ThingRenamed = defineEvent({
      type: 'test.thing.renamed',
      version: 1,
      topic: ThingChanged.topic,
      payload: z.object({ id: z.string(), n: z.number().int() }),
      key: (p) => p.id,
      description: 'test event handled on the raw executor',
    });
    const run = transactionRunner(t.db.sql);
    const kindOf = new WeakMap<object, string>();
    const transactions: string[] = [];
    const tagged =
      (kind: string) =>
      <T>(fn: (tx: RawExecutor) => Promise<T>): Promise<T> =>
        run((tx) => {
          transactions.push(kind);
          kindOf.set(tx, kind);
          return fn(tx);
        });
    let failRawOnce = false;
    const raw = tagged('raw');
    const mixed = new EventConsumer<RawExecutor>({
      group: 'mixed',
      transport,
      transaction: tagged('orm'),
      rawTransaction: (fn) =>
        failRawOnce ? ((failRawOnce = false), Promise.reject(new Error('raw commit failed'))) : raw(fn),
    });
    const seen: string[] = [];
    const effect = async (tx: RawExecutor, id: string, key: string, n: number): Promise<void> => {
      seen.push(`${key}:${n}:${kindOf.get(tx) ?? '?'}`);
      await tx.$executeRawUnsafe(
        'INSERT INTO effect (event_id, key, n) VALUES ($1::uuid, $2, $3)',
        id,
        key,
        n,
      );
    };
    mixed.on(ThingChanged, (p, { tx, envelope }) => effect(tx, envelope.id, p.id, p.n));
    mixed.onRaw(ThingRenamed, (p, { tx, envelope }) => effect(tx, envelope.id, p.id, p.n));
    const message = (id: string, type: string, n: number, offset: number): DeliveredMessage => ({
      ...delivered(id, 'm', n, offset),
      value: JSON.stringify({
        id,
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        key: 'm',
        source: 'test',
        payload: { id: 'm', n },
      }),
    });
    const ids = [1, 2, 3, 4].map((i) => `7777777${i}-7777-4777-8777-777777777777`);
    const batch = [
      message(ids[0] ?? '', ThingChanged.type, 1, 0),
      message(ids[1] ?? '', ThingRenamed.type, 2, 1),
      message(ids[2] ?? '', ThingRenamed.type, 3, 2),
      message(ids[3] ?? '', ThingChanged.type, 4, 3),
    ];
    await mixed.deliverBatch(batch);
    expect(transactions).toEqual(['orm', 'raw', 'orm']);
    expect(seen).toEqual(['m:1:orm', 'm:2:raw', 'm:3:raw', 'm:4:orm']);
    // Once applied, each event is a duplicate on either executor.
    seen.length = 0;
    expect(await mixed.deliver(batch[1] as DeliveredMessage)).toBe('duplicate');
    expect(await mixed.deliver(batch[0] as DeliveredMessage)).toBe('duplicate');
    expect(seen).toEqual([]);
    // A raw run that fails after an ORM run committed: the batch is handled one by one, nothing applied twice.
    const later = [5, 6].map((i) => `8888888${i}-8888-4888-8888-888888888888`);
    const second = [
      message(later[0] ?? '', ThingChanged.type, 5, 4),
      message(later[1] ?? '', ThingRenamed.type, 6, 5),
    ];
    failRawOnce = true;
    seen.length = 0;
    transactions.length = 0;
    await mixed.deliverBatch(second);
    // The batch: the ORM run commits, the raw one fails; then one by one: 5 is a duplicate, 6 is applied.
    expect(seen).toEqual(['m:5:orm', 'm:6:raw']);
    expect(transactions).toEqual(['orm', 'orm', 'raw']);
    const rows = await t.db.sql.query<{ n: number }>(`SELECT n FROM effect WHERE key = 'm' ORDER BY n`);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('falls back to one event at a time when a batch fails: the poison event is dead-lettered, the others applied', async () => {
    failKeys.add('poison');
    await consumer.deliverBatch([
      delivered('44444444-4444-4444-8444-444444444444', 'before', 1, 0),
      delivered('55555555-5555-4555-8555-555555555555', 'poison', 1, 1),
      delivered('66666666-6666-4666-8666-666666666666', 'after', 1, 2),
    ]);
    expect(await effects()).toEqual([
      { key: 'after', n: 1 },
      { key: 'before', n: 1 },
    ]);
    const dead = transport.read(Topics.deadLetter).map((m) => JSON.parse(m.value) as DeadLetter);
    expect(dead.map((d) => [d.key, d.attempts])).toEqual([['poison', 3]]);
    // The batch (before, poison: rolled back), then before, poison × 3, after on their own.
    expect(handlerCalls).toBe(2 + 1 + 3 + 1);
  });

  /** A consumer that lingers (see `EventConsumerOptions.lingerMs`), counting its transactions and inbox statements. */
  function lingeringConsumer(lingerMs: number): {
    consumer: EventConsumer<RawExecutor>;
    transactions: () => number;
    inboxStatements: () => number;
  } {
    let transactions = 0;
    let inboxStatements = 0;
    const run = transactionRunner(t.db.sql);
    const lingering = new EventConsumer<RawExecutor>({
      group: 'lingering',
      transport,
      transaction: (fn) =>
        run((tx) => {
          transactions++;
          const counted = (q: string): string => {
            if (q.includes('"inbox"')) inboxStatements++;
            return q;
          };
          return fn({
            $executeRawUnsafe: (q, ...v) => tx.$executeRawUnsafe(counted(q), ...v),
            $queryRawUnsafe: (q, ...v) => tx.$queryRawUnsafe(counted(q), ...v),
          });
        }),
      maxAttempts: 3,
      backoffMs: 5,
      lingerMs,
    });
    lingering.on(ThingChanged, async (p, { tx, envelope }) => {
      handlerCalls++;
      if (failKeys.has(p.id)) throw new Error(`cannot handle ${p.id}`);
      await tx.$executeRawUnsafe(
        'INSERT INTO effect (event_id, key, n) VALUES ($1::uuid, $2, $3)',
        envelope.id,
        p.id,
        p.n,
      );
    });
    return { consumer: lingering, transactions: () => transactions, inboxStatements: () => inboxStatements };
  }

  it('with lingerMs, applies what several partitions deliver meanwhile in one transaction; a duplicate and an out-of-order redelivery are absorbed', async () => {
    await consumer.stop();
    const ids = ['77777777-7777-4777-8777-777777777771', '77777777-7777-4777-8777-777777777772'];
    const seen = '77777777-7777-4777-8777-777777777773';
    // Keys on different partitions: the transport delivers them independently, the consumer gathers them.
    expect(partitionFor('b', 4)).not.toBe(partitionFor('c', 4));
    const l = lingeringConsumer(100);
    expect(await l.consumer.deliver(delivered(seen, 'b', 0, 0))).toBe('processed');
    await l.consumer.start();
    const before = { transactions: l.transactions(), inbox: l.inboxStatements() };
    const publish = (m: DeliveredMessage) =>
      transport.publish([{ topic: m.topic, key: m.key, value: m.value, headers: m.headers }]);
    await Promise.all([
      publish(delivered(ids[0] ?? '', 'b', 1, 0)),
      publish(delivered(ids[1] ?? '', 'c', 1, 0)),
      // b:0 again, after b:1 (applied before), and b:1 twice: each applied once.
      publish(delivered(seen, 'b', 0, 0)),
      publish(delivered(ids[0] ?? '', 'b', 1, 0)),
    ]);
    expect(l.transactions() - before.transactions).toBe(1);
    expect(l.inboxStatements() - before.inbox).toBe(1);
    expect(await effects()).toEqual([
      { key: 'b', n: 0 },
      { key: 'b', n: 1 },
      { key: 'c', n: 1 },
    ]);
    expect(transport.backlog()).toBe(0);
    await l.consumer.stop();
  });

  it('with lingerMs, a poison event in the middle of a lingered batch is dead-lettered and the others applied', async () => {
    await consumer.stop();
    failKeys.add('poison');
    const l = lingeringConsumer(50);
    await l.consumer.start();
    const publish = (m: DeliveredMessage) =>
      transport.publish([{ topic: m.topic, key: m.key, value: m.value, headers: m.headers }]);
    await Promise.all([
      publish(delivered('88888888-8888-4888-8888-888888888881', 'before', 1, 0)),
      publish(delivered('88888888-8888-4888-8888-888888888882', 'poison', 1, 0)),
      publish(delivered('88888888-8888-4888-8888-888888888883', 'after', 1, 0)),
    ]);
    expect(await effects()).toEqual([
      { key: 'after', n: 1 },
      { key: 'before', n: 1 },
    ]);
    const dead = transport.read(Topics.deadLetter).map((m) => JSON.parse(m.value) as DeadLetter);
    expect(dead.map((d) => [d.group, d.key, d.attempts])).toEqual([['lingering', 'poison', 3]]);
    // The lingered batch (rolled back at the poison event), then each on its own: the poison one three times.
    expect(handlerCalls).toBeLessThanOrEqual(3 + 1 + 3 + 1);
    // Nothing waits behind the poison event: every delivery committed.
    expect(transport.backlog()).toBe(0);
    await l.consumer.stop();
  });

  it('with lingerMs, stop applies what lingers at once', async () => {
    await consumer.stop();
    const l = lingeringConsumer(60_000);
    await l.consumer.start();
    const m = delivered('99999999-9999-4999-8999-999999999991', 'late', 1, 0);
    const published = transport.publish([{ topic: m.topic, key: m.key, value: m.value, headers: m.headers }]);
    await waitFor(() => transport.backlog() > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(await effects()).toEqual([]);
    await l.consumer.stop();
    await published;
    expect(await effects()).toEqual([{ key: 'late', n: 1 }]);
  });

  it('dead-letters an unparseable message at once', async () => {
    const outcome = await consumer.deliver({
      topic: ThingChanged.topic,
      key: 'k',
      value: '{not json',
      headers: {},
      partition: 0,
      offset: '9',
      deliveryAttempt: 1,
    });
    expect(outcome).toBe('dead-lettered');
    expect(transport.read(Topics.deadLetter)).toHaveLength(1);
  });

  it('lets two relays drain one outbox without loss or duplicate publishing, keeping per-key order', async () => {
    const published: string[] = [];
    const counting = {
      ...transport,
      kind: 'inprocess' as const,
      publish: async (msgs: Parameters<InProcessTransport['publish']>[0]) => {
        for (const m of msgs) published.push(m.value);
        await transport.publish(msgs);
      },
      subscribe: transport.subscribe.bind(transport),
      ping: transport.ping.bind(transport),
      close: transport.close.bind(transport),
    };
    for (let i = 1; i <= 30; i++) await changeThing(`k${i % 3}`, i);
    const r1 = new OutboxRelay({ sql: t.db.sql, transport: counting, batchSize: 4, pollIntervalMs: 5 });
    const r2 = new OutboxRelay({ sql: t.db.sql, transport: counting, batchSize: 4, pollIntervalMs: 5 });
    r1.start();
    r2.start();
    await waitFor(async () => (await r1.pending()) === 0 && (await effects()).length === 30);
    await Promise.all([r1.stop(), r2.stop()]);
    expect(published).toHaveLength(30);
    const rows = await effects();
    for (const k of ['k0', 'k1', 'k2']) {
      const ns = rows.filter((r) => r.key === k).map((r) => r.n);
      expect(ns).toHaveLength(10);
    }
    const order = await t.db.sql.query<{ key: string; n: number }>(
      'SELECT e.key, e.n FROM effect e JOIN inbox i ON i.event_id = e.event_id ORDER BY i.processed_at, e.n',
    );
    for (const k of ['k0', 'k1', 'k2']) {
      const ns = order.filter((r) => r.key === k).map((r) => r.n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
  });

  it('with Kafka, sends the events of each trace inside that trace context, in outbox order', async () => {
    const traceA = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1111111111111111-01';
    const traceB = '00-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-2222222222222222-01';
    for (const [id, tp] of [
      ['t1', traceA],
      ['t2', traceA],
      ['t3', traceB],
      ['t4', traceA],
    ] as const) {
      await t.db.sql.transaction((sql) =>
        stageEvent(
          rawExecutor(sql),
          ThingChanged,
          { id, n: 1 },
          {
            source: 'test',
            tracing: { inject: () => ({ traceparent: tp }), run: (_h, _n, fn) => fn() },
          },
        ),
      );
    }
    const sends: Array<{ context: string | undefined; keys: string[] }> = [];
    let active: string | undefined;
    const kafkaLike = {
      kind: 'kafka' as const,
      publish: async (msgs: readonly { key: string }[]) =>
        void sends.push({ context: active, keys: msgs.map((m) => m.key) }),
      subscribe: transport.subscribe.bind(transport),
      ping: async () => true,
      close: async () => undefined,
    };
    const relay = new OutboxRelay({
      sql: t.db.sql,
      transport: kafkaLike,
      tracing: {
        inject: () => ({}),
        run: (_h, _n, fn) => fn(),
        runProducer: async (headers, fn) => {
          active = headers.traceparent;
          try {
            return await fn();
          } finally {
            active = undefined;
          }
        },
      },
    });
    expect(await relay.publishBatch()).toBe(4);
    expect(sends).toEqual([
      { context: traceA, keys: ['t1', 't2'] },
      { context: traceB, keys: ['t3'] },
      { context: traceA, keys: ['t4'] },
    ]);
  });
});
