import {
  InProcessTransport,
  type DeliveredMessage,
  type MessageHandler,
  type SubscribeOptions,
  type Subscription,
  type TransportMessage,
} from '@hall/messaging';

interface HeldBatch {
  messages: readonly TransportMessage[];
  release: () => void;
  /** Resolves once every subscribed group has committed the batch (or it failed). */
  done: Promise<void>;
}

/**
 * The in-process transport with its deliveries under the test's control (for the model-based test of the hall):
 * - while `holding`, every relay's publish waits in a queue until the test releases it (`deliverNext`, `releaseAll`),
 *   so requests commit and answer while the events they staged are still on their way;
 * - `redeliver` hands an already delivered message to a consumer group once more (a duplicate, as after a
 *   consumer crash before its offset commit or a rebalance);
 * - `idle` tells whether nothing is held, in flight or left unconsumed by a live consumer group.
 */
export class ModelTransport extends InProcessTransport {
  holding = false;
  private readonly held: HeldBatch[] = [];
  private inflight = 0;
  private readonly handlers = new Map<string, { topics: readonly string[]; handler: MessageHandler }>();
  /** Every message whose publish completed, in order (the record duplicates are drawn from). */
  readonly delivered: TransportMessage[] = [];

  constructor() {
    super({ redeliveryDelayMs: 10 });
  }

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.handlers.set(options.group, { topics: options.topics, handler: options.handler });
    return super.subscribe(options);
  }

  override async publish(messages: readonly TransportMessage[]): Promise<void> {
    this.inflight++;
    try {
      if (this.holding) {
        let release: () => void = () => undefined;
        const released = new Promise<void>((r) => (release = r));
        let finished: () => void = () => undefined;
        const done = new Promise<void>((r) => (finished = r));
        this.held.push({ messages, release, done });
        await released;
        try {
          await super.publish(messages);
          this.delivered.push(...messages);
        } finally {
          finished();
        }
        return;
      }
      await super.publish(messages);
      this.delivered.push(...messages);
    } finally {
      this.inflight--;
    }
  }

  /** How many publish batches wait for release. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Releases the oldest held batch and waits until every consumer group has handled it. False if none was held. */
  async deliverNext(): Promise<boolean> {
    const next = this.held.shift();
    if (!next) return false;
    next.release();
    await next.done;
    return true;
  }

  releaseAll(): void {
    for (const h of this.held.splice(0)) h.release();
  }

  /** Nothing held, nothing being published, every live consumer group caught up. */
  idle(): boolean {
    return this.held.length === 0 && this.inflight === 0 && this.backlog() === 0;
  }

  /** The consumer groups subscribed to `topic`. */
  consumerGroupsOf(topic: string): string[] {
    return [...this.handlers].filter(([, h]) => h.topics.includes(topic)).map(([g]) => g);
  }

  /** Hands `message` to `group`'s consumer again, as a broker redelivers it; resolves once handled. */
  async redeliver(group: string, message: TransportMessage): Promise<void> {
    const h = this.handlers.get(group);
    if (!h) throw new Error(`no consumer group ${group}`);
    const again: DeliveredMessage = {
      ...message,
      headers: { ...message.headers },
      partition: 0,
      offset: '-1',
      deliveryAttempt: 2,
    };
    await h.handler(again);
  }
}
