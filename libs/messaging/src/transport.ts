/** A message as transports carry it: Kafka-shaped (topic, key, string value, string headers). */
export interface TransportMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface DeliveredMessage extends TransportMessage {
  partition: number;
  offset: string;
  /** How many times this message has been handed to this consumer group (1 = first delivery). */
  deliveryAttempt: number;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

/**
 * Several messages of one partition, in offset order, handled together. A throw redelivers the whole batch (each
 * message's `deliveryAttempt` counted up); resolving commits them all.
 */
export type BatchHandler = (messages: readonly DeliveredMessage[]) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: each group gets every message once (at-least-once); members share partitions. */
  group: string;
  topics: readonly string[];
  handler: MessageHandler;
  /**
   * Optional: when present, the transport hands over the messages of a partition that are waiting (in-process) or were
   * fetched together (Kafka's `eachBatch`), up to its batch size, in one call instead of calling `handler` once per
   * message (issue 22: fewer statements); a single message may still go to `handler`. Partitions are delivered
   * concurrently, each in order, so a subscriber may gather several (see `EventConsumerOptions.lingerMs`).
   */
  batchHandler?: BatchHandler;
}

export interface Subscription {
  close(): Promise<void>;
}

/**
 * The one interface both transports implement (see transport.conformance.ts):
 * - `publish` resolves once the messages are durably accepted (Kafka: acks=all; in-process: delivered to and
 *   committed by every group subscribed to the topic, since the in-process log itself is not durable);
 * - per-key ordering within a group; at-least-once delivery; a handler that throws gets the same message
 *   again (after a short backoff), later messages of that partition wait behind it.
 */
export interface Transport {
  readonly kind: 'kafka' | 'inprocess';
  publish(messages: readonly TransportMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Stable partition for a key (same function for both transports' bookkeeping). */
export function partitionFor(key: string, partitions: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % partitions;
}
