import { EventEnvelope, EventHeaders, Topics, type EventContract, type PayloadOf } from '@hall/contracts';
import type { MessagingLogger, RawExecutor, TracingHooks, TransactionRunner } from './raw-executor.js';
import { silentLogger } from './raw-executor.js';
import type { DeliveredMessage, Subscription, Transport } from './transport.js';

export interface HandlerContext<TTx extends RawExecutor> {
  /** The transaction the inbox record is written in: write the effect through it. */
  tx: TTx;
  envelope: EventEnvelope;
  /** W3C trace id carried in the message headers (one case = one trace across services). */
  traceId?: string;
}

type Handler<TTx extends RawExecutor, P> = (payload: P, ctx: HandlerContext<TTx>) => Promise<void>;

interface Registration<TTx extends RawExecutor> {
  contract: EventContract;
  handle: Handler<TTx, unknown>;
}

export interface EventConsumerOptions<TTx extends RawExecutor> {
  /** Consumer group (one per service), also the inbox's consumer name. */
  group: string;
  transport: Transport;
  transaction: TransactionRunner<TTx>;
  /** Attempts before a failing message goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  tracing?: TracingHooks;
  logger?: MessagingLogger;
}

export type ConsumeOutcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

/** Dead-letter record: everything an operator needs to inspect and replay a message. */
export interface DeadLetter {
  group: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  value: string;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * A service's event consumer: parses every message (envelope, then the contract's payload schema), applies
 * each event id once (inbox row in the same transaction as the effect), retries failures with exponential
 * backoff, and after `maxAttempts` sends the message to the dead-letter topic so the partition keeps flowing.
 */
export class EventConsumer<TTx extends RawExecutor> {
  private readonly registrations = new Map<string, Registration<TTx>>();
  private subscription: Subscription | undefined;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly logger: MessagingLogger;

  constructor(private readonly options: EventConsumerOptions<TTx>) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 100;
    this.logger = options.logger ?? silentLogger;
  }

  on<C extends EventContract>(contract: C, handle: Handler<TTx, PayloadOf<C>>): this {
    const id = `${contract.type}@${contract.version}`;
    if (this.registrations.has(id)) throw new Error(`handler for ${id} registered twice`);
    this.registrations.set(id, { contract, handle: handle as Handler<TTx, unknown> });
    return this;
  }

  get topics(): string[] {
    return [...new Set([...this.registrations.values()].map((r) => r.contract.topic))];
  }

  async start(): Promise<void> {
    if (this.subscription || this.registrations.size === 0) return;
    this.subscription = await this.options.transport.subscribe({
      group: this.options.group,
      topics: this.topics,
      handler: (m) => this.deliver(m).then(() => undefined),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Handles one delivered message with retries; resolves once it is processed, ignored or dead-lettered. */
  async deliver(message: DeliveredMessage): Promise<ConsumeOutcome> {
    let envelope: EventEnvelope;
    let registration: Registration<TTx> | undefined;
    let payload: unknown;
    try {
      envelope = EventEnvelope.parse(JSON.parse(message.value));
      registration = this.registrations.get(`${envelope.type}@${envelope.version}`);
      if (!registration) return 'ignored';
      payload = registration.contract.payload.parse(envelope.payload);
    } catch (err) {
      // A message that cannot be parsed will never succeed: dead-letter it at once.
      await this.deadLetter(message, `unparseable message: ${(err as Error).message}`, 1);
      return 'dead-lettered';
    }
    const reg = registration;
    const traceId = message.headers[EventHeaders.traceparent]?.split('-')[1];
    const run = () => this.applyOnce(reg, payload, envelope, traceId);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        const outcome = this.options.tracing
          ? await this.options.tracing.run(message.headers, `consume ${envelope.type}`, run)
          : await run();
        return outcome;
      } catch (err) {
        lastError = err;
        this.logger.warn(
          { group: this.options.group, eventId: envelope.id, type: envelope.type, attempt, err: (err as Error).message },
          'event handler failed',
        );
        if (attempt < this.maxAttempts) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
    await this.deadLetter(message, (lastError as Error)?.message ?? String(lastError), this.maxAttempts);
    return 'dead-lettered';
  }

  private async applyOnce(
    reg: Registration<TTx>,
    payload: unknown,
    envelope: EventEnvelope,
    traceId: string | undefined,
  ): Promise<ConsumeOutcome> {
    return this.options.transaction(async (tx) => {
      const inserted = await tx.$executeRawUnsafe(
        `INSERT INTO "inbox" ("consumer", "event_id", "type") VALUES ($1, $2::uuid, $3)
         ON CONFLICT ("consumer", "event_id") DO NOTHING`,
        this.options.group,
        envelope.id,
        envelope.type,
      );
      if (inserted === 0) return 'duplicate' as const;
      await reg.handle(payload, { tx, envelope, traceId });
      return 'processed' as const;
    });
  }

  private async deadLetter(message: DeliveredMessage, error: string, attempts: number): Promise<void> {
    const record: DeadLetter = {
      group: this.options.group,
      originalTopic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      headers: message.headers,
      value: message.value,
      error: error.slice(0, 4000),
      attempts,
      failedAt: new Date().toISOString(),
    };
    this.logger.error({ group: record.group, topic: record.originalTopic, key: record.key, error: record.error }, 'dead-lettered');
    await this.options.transport.publish([
      {
        topic: Topics.deadLetter,
        key: message.key,
        value: JSON.stringify(record),
        headers: {
          ...message.headers,
          'dead-letter-group': this.options.group,
          'dead-letter-topic': message.topic,
          [EventHeaders.id]: message.headers[EventHeaders.id] ?? '',
        },
      },
    ]);
  }
}
