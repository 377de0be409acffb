import { defineEvent } from '@hall/contracts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import { z } from 'zod';
import { CaseTraceCache, readCaseTrace } from './case-trace.js';
import { EventConsumer } from './event-consumer.js';
import { InProcessTransport } from './in-process.transport.js';
import { stageEvent } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import type { RawExecutor, TracingHooks } from './raw-executor.js';
import { messagingFixtureMigrations, rawExecutor, transactionRunner } from './testing/sql-executor.js';

const CaseStepped = defineEvent({
  type: 'test.case.stepped',
  version: 1,
  topic: 'hall.test.case.v1',
  payload: z.object({ applicationNo: z.string(), step: z.string() }),
  key: (p) => p.applicationNo,
  description: 'test event of a case',
});

const tp = (trace: string, span: string) =>
  `00-${trace.repeat(32).slice(0, 32)}-${span.repeat(16).slice(0, 16)}-01`;

/**
 * Tracing hooks whose "active span" is a variable: `forCase` answers like libs/telemetry's rule (known case trace
 * unless the active span is in it), so the test sees what the messaging lib stores and forwards.
 */
function fakeTracing(active: { traceparent: string | undefined }): TracingHooks {
  const inject = (): Record<string, string> =>
    active.traceparent === undefined ? {} : { traceparent: active.traceparent };
  return {
    inject,
    run: (_headers, _name, fn) => fn(),
    forCase: (applicationNo, known) => {
      const own = inject();
      if (known === undefined)
        return {
          headers: { ...own, 'hall-application-no': applicationNo },
          ...(own.traceparent && { born: own }),
        };
      const sameTrace = own.traceparent?.split('-')[1] === known['traceparent']?.split('-')[1];
      return { headers: { ...(sameTrace ? own : known), 'hall-application-no': applicationNo } };
    },
  };
}

const kinds = await testDatabaseKinds();

describe.each(kinds)('case traces in the outbox and the inbox on %s', (kind) => {
  let producer: TestDatabase;
  let consumerDb: TestDatabase;
  beforeAll(async () => {
    producer = await createTestDatabase(kind, {
      label: 'case_trace_p',
      migrationsDir: messagingFixtureMigrations,
    });
    consumerDb = await createTestDatabase(kind, {
      label: 'case_trace_c',
      migrationsDir: messagingFixtureMigrations,
    });
  });
  afterAll(async () => {
    await producer?.dispose();
    await consumerDb?.dispose();
  });

  const headersOf = async (db: TestDatabase, step: string) => {
    const [row] = await db.db.sql.query<{ headers: Record<string, string> | string }>(
      `SELECT headers FROM outbox WHERE payload->>'step' = $1`,
      [step],
    );
    if (row === undefined) throw new Error(`no outbox row for ${step}`);
    return typeof row.headers === 'string'
      ? (JSON.parse(row.headers) as Record<string, string>)
      : row.headers;
  };

  it('records the case trace with the first event, stages later events of the case in it, and teaches it to consumers', async () => {
    const active: { traceparent: string | undefined } = { traceparent: tp('a', '1') };
    const tracing = fakeTracing(active);
    const stage = (db: TestDatabase, step: string) =>
      db.db.sql.transaction((sql) =>
        stageEvent(rawExecutor(sql), CaseStepped, { applicationNo: 'N1', step }, { source: 'p', tracing }),
      );

    // The submission: its trace becomes the case trace.
    await stage(producer, 'submitted');
    expect(await producer.db.sql.transaction((sql) => readCaseTrace(rawExecutor(sql), 'N1'))).toEqual({
      traceparent: tp('a', '1'),
    });
    expect(await headersOf(producer, 'submitted')).toMatchObject({
      traceparent: tp('a', '1'),
      'hall-application-no': 'N1',
    });

    // Another user's request (trace b): the event still travels in the case trace; the stored one is not replaced.
    active.traceparent = tp('b', '2');
    await stage(producer, 'accepted');
    expect((await headersOf(producer, 'accepted'))['traceparent']).toBe(tp('a', '1'));
    expect(await producer.db.sql.transaction((sql) => readCaseTrace(rawExecutor(sql), 'N1'))).toEqual({
      traceparent: tp('a', '1'),
    });

    // A consumer in another service learns the case trace from the event (with its inbox row), once.
    const transport = new InProcessTransport({ redeliveryDelayMs: 5 });
    const consumer = new EventConsumer<RawExecutor>({
      group: 'c',
      transport,
      transaction: transactionRunner(consumerDb.db.sql),
      tracing,
    });
    const seen: Array<string | undefined> = [];
    consumer.on(CaseStepped, async (_p, { traceId }) => {
      seen.push(traceId);
    });
    await consumer.start();
    const relay = new OutboxRelay({ sql: producer.db.sql, transport });
    await relay.publishBatch();
    await consumer.stop();
    await transport.close();
    expect(seen).toEqual(['a'.repeat(32), 'a'.repeat(32)]);
    expect(await consumerDb.db.sql.transaction((sql) => readCaseTrace(rawExecutor(sql), 'N1'))).toEqual({
      traceparent: tp('a', '1'),
    });

    // The consumer's service then stages an event of the case from its own request (trace c): in the case trace too.
    active.traceparent = tp('c', '3');
    await stage(consumerDb, 'decided');
    expect((await headersOf(consumerDb, 'decided'))['traceparent']).toBe(tp('a', '1'));
  });

  it('with a cache, reads a stored case trace once per service, not once per transaction; never remembers its own uncommitted record', async () => {
    const active: { traceparent: string | undefined } = { traceparent: tp('d', '4') };
    const tracing = fakeTracing(active);
    const caseTraces = new CaseTraceCache();
    let reads = 0;
    const stage = (applicationNo: string, step: string, fail = false) =>
      producer.db.sql.transaction(async (sql) => {
        const raw = rawExecutor(sql);
        const counting: RawExecutor = {
          $executeRawUnsafe: (q, ...v) => raw.$executeRawUnsafe(q, ...v),
          $queryRawUnsafe: <T>(q: string, ...v: unknown[]) => {
            if (q.includes('FROM "case_trace"')) reads += 1;
            return raw.$queryRawUnsafe<T>(q, ...v);
          },
        };
        await stageEvent(
          counting,
          CaseStepped,
          { applicationNo, step },
          { source: 'p', tracing, caseTraces },
        );
        if (fail) throw new Error('rolled back');
      });

    // Born in a transaction that rolls back: nothing stored, nothing remembered.
    await expect(stage('N3', 'n3-lost', true)).rejects.toThrow('rolled back');
    expect(caseTraces.size).toBe(0);
    await stage('N3', 'n3-submitted');
    expect(caseTraces.size).toBe(0);
    reads = 0;
    active.traceparent = tp('e', '5');
    for (const step of ['n3-accepted', 'n3-examined', 'n3-decided']) await stage('N3', step);
    expect(reads).toBe(1);
    for (const step of ['n3-accepted', 'n3-examined', 'n3-decided'])
      expect((await headersOf(producer, step))['traceparent']).toBe(tp('d', '4'));
  });

  it('reads no case trace when the process records no traces (telemetry off), and still names the application', async () => {
    const tracing: TracingHooks = { ...fakeTracing({ traceparent: undefined }), recording: () => false };
    let reads = 0;
    await producer.db.sql.transaction(async (sql) => {
      const raw = rawExecutor(sql);
      const counting: RawExecutor = {
        $executeRawUnsafe: (q, ...v) => raw.$executeRawUnsafe(q, ...v),
        $queryRawUnsafe: <T>(q: string, ...v: unknown[]) => {
          if (q.includes('FROM "case_trace"')) reads += 1;
          return raw.$queryRawUnsafe<T>(q, ...v);
        },
      };
      await stageEvent(
        counting,
        CaseStepped,
        { applicationNo: 'N1', step: 'untraced' },
        { source: 'p', tracing },
      );
    });
    expect(reads).toBe(0);
    expect(await headersOf(producer, 'untraced')).toEqual(
      expect.objectContaining({ 'hall-application-no': 'N1' }),
    );
  });

  it('stores nothing and forwards no traceparent when there is no span at all', async () => {
    const tracing = fakeTracing({ traceparent: undefined });
    await producer.db.sql.transaction((sql) =>
      stageEvent(
        rawExecutor(sql),
        CaseStepped,
        { applicationNo: 'N2', step: 'quiet' },
        { source: 'p', tracing },
      ),
    );
    expect(await producer.db.sql.transaction((sql) => readCaseTrace(rawExecutor(sql), 'N2'))).toBeUndefined();
    expect(await headersOf(producer, 'quiet')).toEqual(
      expect.not.objectContaining({ traceparent: expect.anything() }),
    );
  });
});
