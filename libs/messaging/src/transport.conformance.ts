import { randomUUID } from 'node:crypto';
import type { DeliveredMessage, Transport } from './transport.js';

async function waitFor(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The contract every Transport honours. Runs against the in-process transport always and against Kafka
 * when KAFKA_BROKERS is set (kafka.transport.int-spec.ts).
 */
export function describeTransportConformance(name: string, create: () => Promise<Transport>): void {
  describe(`transport conformance: ${name}`, () => {
    let transport: Transport;
    beforeEach(async () => {
      transport = await create();
    });
    afterEach(async () => {
      await transport.close();
    });

    it('delivers every message of a key in publish order', async () => {
      const topic = `conformance.order.${randomUUID()}`;
      const seen = new Map<string, number[]>();
      let count = 0;
      await transport.subscribe({
        group: 'g-order',
        topics: [topic],
        handler: async (m) => {
          const list = seen.get(m.key) ?? [];
          list.push(Number(m.value));
          seen.set(m.key, list);
          count++;
        },
      });
      const keys = ['A', 'B', 'C', 'D', 'E'];
      const messages = Array.from({ length: 100 }, (_, i) => ({
        topic,
        key: keys[i % 5] ?? 'A',
        value: String(i),
        headers: {},
      }));
      await Promise.all([transport.publish(messages.slice(0, 50)), transport.publish(messages.slice(50))]);
      await waitFor(() => count >= 100);
      for (const k of keys) {
        const values = seen.get(k) ?? [];
        expect(values).toHaveLength(20);
        expect([...values].sort((a, b) => a - b)).toEqual(values);
      }
    });

    it('gives each consumer group every message, and each message to one member of a group', async () => {
      const topic = `conformance.groups.${randomUUID()}`;
      const a: string[] = [];
      const b1: string[] = [];
      const b2: string[] = [];
      await transport.subscribe({
        group: 'g-a',
        topics: [topic],
        handler: async (m) => void a.push(m.value),
      });
      await transport.subscribe({
        group: 'g-b',
        topics: [topic],
        handler: async (m) => void b1.push(m.value),
      });
      await transport.subscribe({
        group: 'g-b',
        topics: [topic],
        handler: async (m) => void b2.push(m.value),
      });
      const messages = Array.from({ length: 40 }, (_, i) => ({
        topic,
        key: `k${i}`,
        value: String(i),
        headers: { h: 'v' },
      }));
      await transport.publish(messages);
      await waitFor(() => a.length >= 40 && b1.length + b2.length >= 40);
      await new Promise((r) => setTimeout(r, 200));
      expect(new Set(a).size).toBe(40);
      expect(a).toHaveLength(40);
      expect([...b1, ...b2].sort()).toEqual(messages.map((m) => m.value).sort());
    });

    it('redelivers a message whose handler threw, before later messages of its key', async () => {
      const topic = `conformance.redeliver.${randomUUID()}`;
      const log: Array<{ value: string; attempt: number }> = [];
      let failedOnce = false;
      await transport.subscribe({
        group: 'g-redeliver',
        topics: [topic],
        handler: async (m: DeliveredMessage) => {
          if (m.value === '1' && !failedOnce) {
            failedOnce = true;
            throw new Error('transient');
          }
          log.push({ value: m.value, attempt: m.deliveryAttempt });
        },
      });
      await transport.publish(['0', '1', '2'].map((value) => ({ topic, key: 'same', value, headers: {} })));
      await waitFor(() => log.length >= 3);
      expect(log.map((l) => l.value)).toEqual(['0', '1', '2']);
      expect(log[1]?.attempt).toBe(2);
    });

    it('hands a batch handler messages of one partition in order, and redelivers a batch that threw', async () => {
      const topic = `conformance.batch.${randomUUID()}`;
      const seen = new Map<string, number[]>();
      let count = 0;
      let failedOnce = false;
      const single = async (m: DeliveredMessage): Promise<void> => {
        const list = seen.get(m.key) ?? [];
        list.push(Number(m.value));
        seen.set(m.key, list);
        count++;
      };
      await transport.subscribe({
        group: 'g-batch',
        topics: [topic],
        handler: single,
        batchHandler: async (ms) => {
          expect(new Set(ms.map((m) => m.partition)).size).toBe(1);
          const offsets = ms.map((m) => BigInt(m.offset));
          expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
          if (!failedOnce && ms.some((m) => m.value === '7')) {
            failedOnce = true;
            throw new Error('transient');
          }
          for (const m of ms) await single(m);
        },
      });
      const keys = ['A', 'B', 'C'];
      await transport.publish(
        Array.from({ length: 30 }, (_, i) => ({
          topic,
          key: keys[i % 3] ?? 'A',
          value: String(i),
          headers: {},
        })),
      );
      await waitFor(() => count >= 30);
      for (const k of keys) {
        const values = seen.get(k) ?? [];
        // At least once: a batch that threw comes again; in order, each value at least once.
        expect(new Set(values).size).toBe(10);
        expect([...values].sort((a, b) => a - b)).toEqual(values);
      }
    });

    it('carries headers unchanged', async () => {
      const topic = `conformance.headers.${randomUUID()}`;
      let got: Record<string, string> | undefined;
      await transport.subscribe({
        group: 'g-h',
        topics: [topic],
        handler: async (m) => void (got = m.headers),
      });
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      await transport.publish([{ topic, key: 'k', value: 'v', headers: { traceparent, 'event-id': 'x' } }]);
      await waitFor(() => got !== undefined);
      expect(got).toMatchObject({ traceparent, 'event-id': 'x' });
    });
  });
}
