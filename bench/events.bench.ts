/**
 * Event latency (issue #9 §4): commit → consumer effect with the in-process transport, as the services wire it
 * (ServiceMessaging: a state change + `stageEvent` in one transaction, the relay nudged after commit and polling
 * every 250 ms when idle; the consumer applies its effect + inbox row in its own transaction). Latency is from the
 * producer's COMMIT returning to the consumer's COMMIT returning. Events are offered at a steady rate over many
 * keys. Baseline: a bare `pg` INSERT committed in the same database (the floor of any "effect").
 * Budget: p99 ≤ 100 ms.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { defineEvent } from '@hall/contracts';
import {
  EventConsumer,
  InProcessTransport,
  OutboxRelay,
  stageEvent,
  type RawExecutor,
} from '@hall/messaging';
import { createTestDatabase, isPostgresAvailable } from '@hall/persistence';
import { messagingFixtureMigrations, rawExecutor } from '../libs/messaging/src/testing/sql-executor.js';
import { chart, measure, note, percentiles, progress, size } from './bench-kit.js';

const ThingChanged = defineEvent({
  type: 'bench.thing.changed',
  version: 1,
  topic: 'hall.bench.thing.v1',
  payload: z.object({ id: z.string(), n: z.number().int() }),
  key: (p) => p.id,
  description: 'benchmark event',
});

export async function runEventsBench(): Promise<void> {
  const kind = (await isPostgresAvailable()) ? 'pg' : 'pglite';
  const events = size('BENCH_EVENTS', 3000, 300);
  const rate = size('BENCH_EVENT_RATE', 50, 50);
  const t = await createTestDatabase(kind, {
    label: 'bench_events',
    migrationsDir: messagingFixtureMigrations,
  });
  const transport = new InProcessTransport();
  const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 250 });
  const committed = new Map<string, number>();
  const effected = new Map<string, number>();
  type Tx = RawExecutor & { applied?: string };
  const consumer = new EventConsumer<Tx>({
    group: 'bench',
    transport,
    transaction: async (fn) => {
      let applied: string | undefined;
      const result = await t.db.sql.transaction(async (sql) => {
        const tx: Tx = rawExecutor(sql);
        const r = await fn(tx);
        applied = tx.applied;
        return r;
      });
      if (applied) effected.set(applied, performance.now());
      return result;
    },
  });
  consumer.on(ThingChanged, async (p, { tx, envelope }) => {
    await tx.$executeRawUnsafe(
      'INSERT INTO effect (event_id, key, n) VALUES ($1::uuid, $2, $3)',
      envelope.id,
      p.id,
      p.n,
    );
    tx.applied = `${p.id}:${p.n}`;
  });
  await consumer.start();
  relay.start();
  try {
    const baseline: number[] = [];
    const started = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < events; i++) {
      // Steady offered load: event i is due at started + i / rate.
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = `thing-${i % 97}`;
      inFlight.push(
        (async () => {
          await t.db.sql.transaction(async (sql) => {
            const tx = rawExecutor(sql);
            await tx.$executeRawUnsafe(
              'INSERT INTO thing (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = $2',
              id,
              i,
            );
            await stageEvent(tx, ThingChanged, { id, n: i }, { source: 'bench' });
          });
          committed.set(`${id}:${i}`, performance.now());
          relay.nudge();
        })(),
      );
      if (i % 10 === 0) {
        const b0 = performance.now();
        await t.db.sql.execute(
          'INSERT INTO thing (id, n) VALUES ($1, 0) ON CONFLICT (id) DO UPDATE SET n = thing.n + 1',
          ['baseline'],
        );
        baseline.push(performance.now() - b0);
      }
      progress('events offered', i + 1, events);
    }
    await Promise.all(inFlight);
    const deadline = performance.now() + 60_000;
    while (effected.size < events && performance.now() < deadline) {
      progress('effects applied', effected.size, events);
      await new Promise((r) => setTimeout(r, 50));
    }
    progress('effects applied', effected.size, events);
    process.stdout.write('\n');
    const latencies = [...committed.entries()].flatMap(([k, c]) => {
      const e = effected.get(k);
      return e === undefined ? [] : [Math.max(0, e - c)];
    });
    const p = percentiles(latencies);
    const b = percentiles(baseline);
    const [dupes] = await t.db.sql.query<{ n: number }>(
      "SELECT (count(*) - count(DISTINCT key || ':' || n))::int AS n FROM effect",
    );
    note(
      'setup',
      `${events} events at ${rate}/s over 97 keys, ${kind}, relay poll 250 ms + nudge after commit`,
    );
    measure({
      name: 'commit → effect p50',
      value: p.p50,
      unit: 'ms',
      baseline: b.p50,
      note: 'baseline: one bare INSERT commit',
    });
    measure({
      name: 'commit → effect p99',
      value: p.p99,
      unit: 'ms',
      baseline: b.p99,
      budget: { text: 'p99 ≤ 100 ms', met: p.p99 <= 100 },
    });
    measure({ name: 'commit → effect max', value: p.max, unit: 'ms' });
    measure({
      name: 'effects applied / events committed',
      value: latencies.length,
      unit: 'events',
      note: `of ${events}; duplicate effects ${dupes?.n ?? '?'}`,
    });
    chart('Commit to consumer effect', 'ms', [
      { label: 'bare INSERT commit p99', value: b.p99, kind: 'baseline' },
      { label: 'event p50', value: p.p50 },
      { label: 'event p99', value: p.p99, kind: p.p99 <= 100 ? 'service' : 'missed' },
    ]);
  } finally {
    await consumer.stop();
    await relay.stop({ drain: true }).catch(() => undefined);
    await transport.close();
    await t.dispose();
  }
}
