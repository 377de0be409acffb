import { defineEvent, EventEnvelope, Topics } from '@hall/contracts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import { z } from 'zod';
import { EventConsumer, type DeadLetter } from './event-consumer.js';
import { InProcessTransport } from './in-process.transport.js';
import { stageEvent } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import type { PayloadCodec } from './payload-codec.js';
import type { RawExecutor } from './raw-executor.js';
import { messagingFixtureMigrations, rawExecutor, transactionRunner } from './testing/sql-executor.js';

const PersonRegistered = defineEvent({
  type: 'test.person.registered',
  version: 1,
  topic: 'hall.test.person.v1',
  payload: z.object({ ref: z.string(), idNumber: z.string().regex(/^[0-9X]{18}$/) }),
  key: (p) => p.ref,
  description: 'test event with a personal field',
});

const ID = '11010519491231002X';

/**
 * A stand-in for the platform's PII codec (which lives above this lib): seals `idNumber` as `sealed:<reversed>`,
 * opens it while `canOpen` holds (a service that has the key), passes plaintext through.
 */
function testCodec(state: { canOpen: boolean }): PayloadCodec {
  return {
    seal: (_c, p) => ({
      ...(p as object),
      idNumber: `sealed:${[...(p as { idNumber: string }).idNumber].reverse().join('')}`,
    }),
    open: (_c, p) => {
      const v = (p as { idNumber: string }).idNumber;
      if (!v.startsWith('sealed:')) return p;
      if (!state.canOpen)
        throw new Error('personal data cannot be decrypted: key id "k2" is not in the keyring');
      return { ...(p as object), idNumber: [...v.slice('sealed:'.length)].reverse().join('') };
    },
  };
}

const kinds = await testDatabaseKinds();

describe.each(kinds)(
  'payload codec: sealed in the outbox, on the transport and in dead letters, opened for the handler (%s)',
  (kind) => {
    let t: TestDatabase;
    let transport: InProcessTransport;
    const state = { canOpen: true };
    const codec = testCodec(state);
    const seen: Array<{ payload: unknown; envelopePayload: unknown }> = [];

    const consumerOf = (c: PayloadCodec | undefined) => {
      const consumer = new EventConsumer<RawExecutor>({
        group: 'people',
        transport,
        transaction: transactionRunner(t.db.sql),
        maxAttempts: 2,
        backoffMs: 5,
        deadLetterStore: true,
        maskError: (text) => text.replaceAll(ID, '[REDACTED]'),
        ...(c && { codec: c }),
      });
      consumer.on(PersonRegistered, async (payload, { envelope }) => {
        // A handler whose error quotes the number it got.
        if (payload.ref.startsWith('throws')) throw new Error(`no person with ID ${payload.idNumber}`);
        seen.push({ payload, envelopePayload: envelope.payload });
      });
      return consumer;
    };
    const stage = (ref: string, c: PayloadCodec | undefined) =>
      t.db.sql.transaction((sql) =>
        stageEvent(
          rawExecutor(sql),
          PersonRegistered,
          { ref, idNumber: ID },
          { source: 'test', ...(c && { codec: c }) },
        ),
      );
    const drain = async () => {
      const relay = new OutboxRelay({ sql: t.db.sql, transport, pollIntervalMs: 10 });
      while ((await relay.publishBatch()) > 0) {
        /* publish everything */
      }
    };

    beforeAll(async () => {
      t = await createTestDatabase(kind, {
        label: 'payload_codec',
        migrationsDir: messagingFixtureMigrations,
      });
    });
    afterAll(async () => {
      await t.dispose();
    });
    beforeEach(async () => {
      await t.db.sql.exec('TRUNCATE outbox, inbox, dead_letter');
      transport = new InProcessTransport({ redeliveryDelayMs: 5 });
      seen.length = 0;
      state.canOpen = true;
    });
    afterEach(async () => {
      await transport.close();
    });

    it('validates in clear, stores and carries the payload sealed, hands the handler the plaintext', async () => {
      await expect(
        t.db.sql.transaction((sql) =>
          stageEvent(
            rawExecutor(sql),
            PersonRegistered,
            { ref: 'bad', idNumber: 'nope' },
            { source: 'test', codec },
          ),
        ),
      ).rejects.toThrow();
      const consumer = consumerOf(codec);
      await consumer.start();
      await stage('p1', codec);
      const [row] = await t.db.sql.query<{ key: string; text: string }>(
        'SELECT key, payload::text AS text FROM outbox',
      );
      expect(row?.key).toBe('p1');
      expect(row?.text).not.toContain(ID);
      expect(row?.text).toContain('sealed:');
      await drain();
      const [message] = transport.read(PersonRegistered.topic);
      expect(message?.value).not.toContain(ID);
      expect(seen).toEqual([
        { payload: { ref: 'p1', idNumber: ID }, envelopePayload: { ref: 'p1', idNumber: ID } },
      ]);
      const inbox = await t.db.sql.query<{ text: string }>('SELECT i::text AS text FROM inbox i');
      expect(inbox).toHaveLength(1);
      expect(inbox[0]?.text).not.toContain(ID);
      await consumer.stop();
    });

    it('a row staged before sealing (plaintext) still opens', async () => {
      const consumer = consumerOf(codec);
      await consumer.start();
      await stage('legacy', undefined);
      await drain();
      expect(seen).toEqual([
        { payload: { ref: 'legacy', idNumber: ID }, envelopePayload: { ref: 'legacy', idNumber: ID } },
      ]);
      await consumer.stop();
    });

    it('a consumer without the codec refuses a sealed payload: dead-lettered, never taken for data', async () => {
      const consumer = consumerOf(undefined);
      await consumer.start();
      await stage('old-consumer', codec);
      await drain();
      expect(seen).toEqual([]);
      const [dead] = await consumer.listDeadLetters();
      expect(dead).toMatchObject({ key: 'old-consumer', attempts: 1 });
      expect(dead?.error).toContain('unparseable message');
      await consumer.stop();
    });

    it('a payload it cannot open is dead-lettered at once, still sealed; the replay opens it once the key is there', async () => {
      const consumer = consumerOf(codec);
      await consumer.start();
      state.canOpen = false;
      await stage('rotated', codec);
      await drain();
      expect(seen).toEqual([]);
      const [dead] = await consumer.listDeadLetters();
      expect(dead).toMatchObject({ key: 'rotated', attempts: 1 });
      expect(dead?.error).toContain('key id "k2" is not in the keyring');
      expect(dead?.error).not.toContain(ID);
      const stored = await t.db.sql.query<{ text: string }>('SELECT d::text AS text FROM dead_letter d');
      expect(stored[0]?.text).not.toContain(ID);
      expect(EventEnvelope.parse(JSON.parse(dead?.value ?? '{}')).payload).toMatchObject({
        idNumber: expect.stringMatching(/^sealed:/),
      });
      const onTopic = JSON.parse(transport.read(Topics.deadLetter)[0]?.value ?? '{}') as DeadLetter;
      expect(onTopic.value).not.toContain(ID);
      expect(await consumer.replayDeadLetter(dead?.id ?? '')).toMatchObject({ outcome: 'failed' });
      state.canOpen = true;
      expect(await consumer.replayDeadLetter(dead?.id ?? '')).toEqual({
        id: dead?.id,
        outcome: 'processed',
        alreadyReplayed: false,
      });
      expect(seen).toEqual([
        { payload: { ref: 'rotated', idNumber: ID }, envelopePayload: { ref: 'rotated', idNumber: ID } },
      ]);
      await consumer.stop();
    });

    it('a handler error that quotes personal data is masked in the dead letter (table, topic) and in a failed replay', async () => {
      const consumer = consumerOf(codec);
      await consumer.start();
      await stage('throws-1', codec);
      await drain();
      const [dead] = await consumer.listDeadLetters();
      expect(dead).toMatchObject({ key: 'throws-1', attempts: 2, error: 'no person with ID [REDACTED]' });
      const stored = await t.db.sql.query<{ text: string }>('SELECT d::text AS text FROM dead_letter d');
      expect(stored[0]?.text).not.toContain(ID);
      expect(
        transport
          .read(Topics.deadLetter)
          .map((m) => m.value)
          .join('\n'),
      ).not.toContain(ID);
      expect(await consumer.replayDeadLetter(dead?.id ?? '')).toMatchObject({
        outcome: 'failed',
        error: 'no person with ID [REDACTED]',
      });
      await consumer.stop();
    });
  },
);
