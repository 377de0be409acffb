export {
  partitionFor,
  type BatchHandler,
  type DeliveredMessage,
  type MessageHandler,
  type SubscribeOptions,
  type Subscription,
  type Transport,
  type TransportMessage,
} from './transport.js';
export { InProcessTransport, type InProcessTransportOptions } from './in-process.transport.js';
export { KafkaTransport, type KafkaTransportOptions } from './kafka.transport.js';
export {
  silentLogger,
  type MessagingLogger,
  type RawExecutor,
  type TracingHooks,
  type TransactionRunner,
} from './raw-executor.js';
export { type PayloadCodec } from './payload-codec.js';
export { sealStoredPayloads, type SealStoredOptions } from './seal-stored.js';
export {
  insertPreparedEvents,
  prepareEvent,
  stageEvent,
  type PreparedEvent,
  type StageOptions,
} from './outbox.js';
export { CaseTraceCache, caseKeyOf, readCaseTrace, recordCaseTrace } from './case-trace.js';
export { OutboxRelay, RelayCrash, type OutboxRelayOptions } from './outbox-relay.js';
export {
  EventConsumer,
  type ConsumeOutcome,
  type DeadLetter,
  type EventConsumerOptions,
  type HandlerContext,
  type ReplayResult,
  type StoredDeadLetter,
} from './event-consumer.js';
export { MESSAGING_PRISMA_MODELS } from './schema.js';
