import { randomUUID } from 'node:crypto';
import type { EventContract, PayloadOf } from '@hall/contracts';
import {
  InProcessTransport,
  type DeliveredMessage,
  type PayloadCodec,
  type MessageHandler,
  type SubscribeOptions,
  type Subscription,
} from '@hall/messaging';

/**
 * The in-process transport, plus direct access to each consumer group's handler: a test can hand a service's
 * consumer the same message several times at once, which the transport itself never does within a partition
 * (but a rebalancing Kafka group or a second replica can).
 */
export class CapturingTransport extends InProcessTransport {
  private readonly handlers = new Map<string, MessageHandler>();

  constructor() {
    super({ redeliveryDelayMs: 10 });
  }

  override async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.handlers.set(options.group, options.handler);
    return super.subscribe(options);
  }

  /** Delivers `message` to `group`'s consumer as a broker would (resolves once processed or dead-lettered). */
  async deliver(group: string, message: DeliveredMessage): Promise<void> {
    const handler = this.handlers.get(group);
    if (!handler) throw new Error(`no consumer group ${group} subscribed`);
    await handler(message);
  }

  /** Delivers a message three times: twice at the same moment, then once more (a redelivery). */
  async deliverThrice(group: string, message: DeliveredMessage): Promise<void> {
    await Promise.all([
      this.deliver(group, message),
      this.deliver(group, { ...message, deliveryAttempt: 2 }),
    ]);
    await this.deliver(group, { ...message, deliveryAttempt: 3 });
  }
}

let offset = 0;
/**
 * A message exactly as a producing service's relay publishes it (envelope and headers); with `codec`, its personal
 * data sealed as a service seals it (without: plaintext, as staged before sealing).
 */
export function messageOf<C extends EventContract>(
  contract: C,
  payload: PayloadOf<C>,
  opts: { eventId?: string; occurredAt?: string; codec?: PayloadCodec } = {},
): DeliveredMessage {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const id = opts.eventId ?? randomUUID();
  const key = contract.key(parsed);
  const source = contract.type.split('.')[0] ?? 'test';
  offset += 1;
  return {
    topic: contract.topic,
    key,
    partition: 0,
    offset: String(offset),
    deliveryAttempt: 1,
    headers: {
      'event-id': id,
      'event-type': contract.type,
      'event-version': String(contract.version),
      'event-source': source,
    },
    value: JSON.stringify({
      id,
      type: contract.type,
      version: contract.version,
      key,
      occurredAt: opts.occurredAt ?? new Date().toISOString(),
      source,
      payload: opts.codec ? opts.codec.seal(contract, parsed) : parsed,
    }),
  };
}
