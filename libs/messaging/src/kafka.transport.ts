import { Kafka, logLevel, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';
import type {
  DeliveredMessage,
  SubscribeOptions,
  Subscription,
  Transport,
  TransportMessage,
} from './transport.js';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this transport creates. */
  partitions?: number;
  replicationFactor?: number;
  /** Topics to create at start (idempotent). */
  topics?: readonly string[];
  /** Most messages handed to a subscriber's `batchHandler` at once (default 50). */
  maxBatch?: number;
  /** Partitions a subscriber with a `batchHandler` handles at the same time, each in order (default 3). */
  partitionsConsumedConcurrently?: number;
}

function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * Production transport on Kafka (kafkajs): idempotent producer with acks=all, one consumer group per
 * service, message key = partition key. A throwing handler makes kafkajs re-deliver from the last
 * committed offset (at-least-once); retries and dead letters are the consumer runner's job. A subscriber with a
 * `batchHandler` is fed by `eachBatch` (a partition's fetched messages together), the others by `eachMessage`.
 */
export class KafkaTransport implements Transport {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];
  private readonly ensured = new Set<string>();

  constructor(private readonly options: KafkaTransportOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((t) => !this.ensured.has(t));
    if (missing.length === 0) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const toCreate = missing.filter((t) => !existing.has(t));
      if (toCreate.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: toCreate.map((topic) => ({
            topic,
            numPartitions: this.options.partitions ?? 6,
            replicationFactor: this.options.replicationFactor ?? 1,
          })),
        });
      }
      for (const t of missing) this.ensured.add(t);
    } finally {
      await admin.disconnect();
    }
  }

  async publish(messages: readonly TransportMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.ensureTopics([...new Set(messages.map((m) => m.topic))]);
    const producer = await this.getProducer();
    const byTopic = new Map<string, TransportMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, msgs]) => ({
        topic,
        messages: msgs.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.ensureTopics(options.topics);
    const consumer = this.kafka.consumer({ groupId: options.group, allowAutoTopicCreation: false });
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    const attempts = new Map<string, number>();
    const deliveredOf = (topic: string, partition: number, message: KafkaMessage): DeliveredMessage => {
      const id = `${topic}:${partition}:${message.offset}`;
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      return {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? '',
        value: message.value?.toString('utf8') ?? '',
        headers: headersToRecord(message.headers),
        deliveryAttempt: attempt,
      };
    };
    const done = (m: DeliveredMessage): void => void attempts.delete(`${m.topic}:${m.partition}:${m.offset}`);
    const batchHandler = options.batchHandler;
    if (batchHandler === undefined) {
      await consumer.run({
        autoCommit: true,
        eachMessage: async ({ topic, partition, message }) => {
          const delivered = deliveredOf(topic, partition, message);
          await options.handler(delivered);
          done(delivered);
        },
      });
    } else {
      // A batch handler gets what a fetch brought of one partition, in offset order, up to `maxBatch` at a time; its
      // offsets are resolved (and committed) once it resolves. A throw leaves them unresolved: kafkajs fetches the
      // partition again from the last resolved offset (at-least-once, later messages wait behind), as with
      // eachMessage. Partitions are handled concurrently (each one in order), so a consumer may gather several.
      const maxBatch = Math.max(1, this.options.maxBatch ?? 50);
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, this.options.partitionsConsumedConcurrently ?? 3),
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (let start = 0; start < batch.messages.length; start += maxBatch) {
            if (!isRunning() || isStale()) return;
            const chunk = batch.messages
              .slice(start, start + maxBatch)
              .map((m) => deliveredOf(batch.topic, batch.partition, m));
            const [only] = chunk;
            if (chunk.length === 1 && only !== undefined) await options.handler(only);
            else await batchHandler(chunk);
            for (const m of chunk) {
              resolveOffset(m.offset);
              done(m);
            }
            await heartbeat();
          }
        },
      });
    }
    this.consumers.push(consumer);
    return {
      close: async () => {
        await consumer.disconnect();
      },
    };
  }

  async ping(): Promise<boolean> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
    await this.producer?.disconnect().catch(() => undefined);
  }
}
