import {
  partitionFor,
  type BatchHandler,
  type DeliveredMessage,
  type MessageHandler,
  type SubscribeOptions,
  type Subscription,
  type Transport,
  type TransportMessage,
} from './transport.js';

interface Waiter {
  offset: number;
  groups: Set<string>;
  resolve: () => void;
}

interface Partition {
  /** The retained messages: `log[i]` has offset `base + i`. */
  log: TransportMessage[];
  base: number;
  waiters: Waiter[];
}

/** The offset the next message of a partition gets. */
const endOf = (part: Partition): number => part.base + part.log.length;

interface Member {
  handler: MessageHandler;
  batchHandler?: BatchHandler;
}

interface GroupState {
  name: string;
  topic: string;
  members: Member[];
  /** Next offset to deliver, per partition. */
  offsets: number[];
  running: boolean[];
  closed: boolean;
}

export interface InProcessTransportOptions {
  partitions?: number;
  /** Pause before redelivering a message whose handler threw (ms). */
  redeliveryDelayMs?: number;
  /** Most messages handed to a member's `batchHandler` at once (default 50). */
  maxBatch?: number;
  /**
   * Messages kept per partition once every group that ever subscribed to the topic has committed them (default
   * 2048): the log is cut back to this many when it holds twice as many, as Kafka's retention would. A group that
   * subscribes later reads from the oldest message kept; a message some group has not committed is never cut.
   */
  retainMessages?: number;
}

/**
 * Kafka semantics in one process: topics split into partitions by key, consumer groups with their own
 * offsets, at-least-once delivery (a throwing handler gets the message again), per-key order.
 * The log lives in memory, so `publish` resolves only when every group subscribed to the topic has
 * committed the messages: the outbox row stays unsent until then and survives a crash. Committed messages are kept
 * only up to `retainMessages` per partition, so a long-running embedded hall does not grow with its history.
 */
export class InProcessTransport implements Transport {
  readonly kind = 'inprocess' as const;
  private readonly partitions: number;
  private readonly redeliveryDelayMs: number;
  private readonly maxBatch: number;
  private readonly retain: number;
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, GroupState>();
  private closed = false;

  constructor(options: InProcessTransportOptions = {}) {
    this.partitions = options.partitions ?? 4;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 50;
    this.maxBatch = Math.max(1, options.maxBatch ?? 50);
    this.retain = Math.max(1, options.retainMessages ?? 2048);
  }

  private topic(name: string): Partition[] {
    let parts = this.topics.get(name);
    if (!parts) {
      parts = Array.from({ length: this.partitions }, () => ({ log: [], base: 0, waiters: [] }));
      this.topics.set(name, parts);
    }
    return parts;
  }

  private groupsOf(topic: string): GroupState[] {
    return [...this.groups.values()].filter((g) => g.topic === topic && !g.closed);
  }

  async publish(messages: readonly TransportMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process transport is closed');
    const pending: Promise<void>[] = [];
    for (const msg of messages) {
      const parts = this.topic(msg.topic);
      const p = partitionFor(msg.key, this.partitions);
      const partition = parts[p];
      if (!partition) continue;
      partition.log.push({ ...msg, headers: { ...msg.headers } });
      const offset = endOf(partition) - 1;
      const groups = this.groupsOf(msg.topic);
      if (groups.length > 0) {
        pending.push(
          new Promise<void>((resolve) => {
            partition.waiters.push({ offset, groups: new Set(groups.map((g) => g.name)), resolve });
          }),
        );
      }
      for (const g of groups) this.pump(g, p);
    }
    await Promise.all(pending);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const states: GroupState[] = [];
    const member: Member = {
      handler: options.handler,
      ...(options.batchHandler !== undefined && { batchHandler: options.batchHandler }),
    };
    for (const topic of options.topics) {
      const id = `${options.group}\u0000${topic}`;
      let state = this.groups.get(id);
      if (!state) {
        state = {
          name: options.group,
          topic,
          members: [],
          offsets: Array.from({ length: this.partitions }, () => 0),
          running: Array.from({ length: this.partitions }, () => false),
          closed: false,
        };
        this.groups.set(id, state);
      }
      state.closed = false;
      state.members.push(member);
      states.push(state);
      this.topic(topic);
      for (let p = 0; p < this.partitions; p++) this.pump(state, p);
    }
    return {
      close: async () => {
        for (const s of states) {
          s.members = s.members.filter((m) => m !== member);
          if (s.members.length === 0) {
            s.closed = true;
            this.releaseGroup(s);
          }
        }
      },
    };
  }

  /** Drives one partition of one group: delivers in order, one message (or one batch) at a time. */
  private pump(state: GroupState, p: number): void {
    if (state.running[p] || state.closed) return;
    state.running[p] = true;
    void this.drain(state, p).finally(() => {
      state.running[p] = false;
      const part = this.topics.get(state.topic)?.[p];
      if (part && !state.closed && (state.offsets[p] ?? 0) < endOf(part)) this.pump(state, p);
    });
  }

  private async drain(state: GroupState, p: number): Promise<void> {
    const part = this.topics.get(state.topic)?.[p];
    if (!part) return;
    // Let the publish in progress append all its messages first, so a batch handler gets them together.
    await Promise.resolve();
    let attempt = 1;
    while (!state.closed && !this.closed && (state.offsets[p] ?? 0) < endOf(part)) {
      // A group newer than the oldest message kept starts there.
      const offset = Math.max(state.offsets[p] ?? 0, part.base);
      const member = state.members[p % Math.max(1, state.members.length)];
      if (!member) return;
      const size = member.batchHandler ? Math.min(this.maxBatch, endOf(part) - offset) : 1;
      const delivered: DeliveredMessage[] = [];
      for (let i = 0; i < size; i++) {
        const msg = part.log[offset - part.base + i];
        if (!msg) break;
        delivered.push({
          ...msg,
          headers: { ...msg.headers },
          partition: p,
          offset: String(offset + i),
          deliveryAttempt: attempt,
        });
      }
      if (delivered.length === 0) return;
      try {
        if (member.batchHandler && delivered.length > 1) await member.batchHandler(delivered);
        else await member.handler(delivered[0] as DeliveredMessage);
      } catch {
        attempt++;
        await new Promise((r) => setTimeout(r, this.redeliveryDelayMs));
        continue;
      }
      attempt = 1;
      const last = offset + delivered.length - 1;
      state.offsets[p] = last + 1;
      this.commit(part, state.name, last);
      this.trim(state.topic, part, p);
    }
  }

  /** Cuts the partition's log back to `retain` messages once it holds twice as many, never past a group's offset. */
  private trim(topic: string, part: Partition, p: number): void {
    if (part.log.length <= this.retain * 2) return;
    let cut = endOf(part) - this.retain;
    for (const g of this.groups.values()) if (g.topic === topic) cut = Math.min(cut, g.offsets[p] ?? 0);
    if (cut <= part.base) return;
    part.log.splice(0, cut - part.base);
    part.base = cut;
  }

  private commit(part: Partition, group: string, offset: number): void {
    part.waiters = part.waiters.filter((w) => {
      if (w.offset <= offset) w.groups.delete(group);
      if (w.groups.size === 0) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  private releaseGroup(state: GroupState): void {
    for (const part of this.topics.get(state.topic) ?? []) {
      part.waiters = part.waiters.filter((w) => {
        w.groups.delete(state.name);
        if (w.groups.size === 0) {
          w.resolve();
          return false;
        }
        return true;
      });
    }
  }

  /**
   * Messages some subscribed (not closed) group has not committed yet, or is handling right now; 0 when every live
   * consumer has caught up. Tests use it to wait until the system is quiescent (e.g. after a consumer restarts).
   */
  backlog(): number {
    let n = 0;
    for (const g of this.groups.values()) {
      if (g.closed) continue;
      const parts = this.topics.get(g.topic) ?? [];
      parts.forEach((part, p) => {
        n += Math.max(0, endOf(part) - Math.max(g.offsets[p] ?? 0, part.base)) + (g.running[p] ? 1 : 0);
      });
    }
    return n;
  }

  /** Messages kept on a topic (all partitions, in partition then offset order); for tests and operators. */
  read(topic: string): TransportMessage[] {
    return (this.topics.get(topic) ?? []).flatMap((p) => p.log);
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.groups.values()) {
      g.closed = true;
      this.releaseGroup(g);
    }
  }
}
