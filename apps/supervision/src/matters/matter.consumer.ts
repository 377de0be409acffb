import {
  DISCLOSURE_EVENTS,
  DISCLOSURE_REQUEST_EVENTS,
  ENQUIRY_EVENTS,
  type EventContract,
} from '@hall/contracts';
import type { EventConsumer, HandlerContext } from '@hall/messaging';
import type { Prisma } from '../generated/prisma/client.js';
import type { SupervisionTx } from '../supervision.store.js';
import type { MatterProjector } from './matter-projector.service.js';
import { matterNoOf } from './matter.projection.js';
import { appendMatterEntries } from './matter.repository.js';

/**
 * The contracts of clocked matters supervision watches: 依申请公开 requests, 主动公开 items (their publication
 * deadline) and enquiries.
 */
export const MATTER_EVENTS: readonly EventContract[] = [
  ...DISCLOSURE_REQUEST_EVENTS,
  ...DISCLOSURE_EVENTS,
  ...ENQUIRY_EVENTS,
];

interface Gathered {
  entries: Prisma.TimelineEntryCreateManyInput[];
  matters: Set<string>;
}

/**
 * Stores each request, item or enquiry event as a timeline entry under its matter number and re-projects the matter,
 * in the consumer's inbox transaction (a redelivered event has no second effect: the inbox skips it, and the
 * entry's event id is its key). Several events of one transaction: one insert, one re-projection per matter.
 */
export function registerMatterConsumers(
  consumer: EventConsumer<SupervisionTx>,
  projector: MatterProjector,
): void {
  const gatheredIn = new WeakMap<SupervisionTx, Gathered>();
  const handle = async (
    payload: unknown,
    { tx, envelope, traceId, beforeCommit }: HandlerContext<SupervisionTx>,
  ): Promise<void> => {
    const matterNo = matterNoOf(envelope.type, payload);
    let gathered = gatheredIn.get(tx);
    if (gathered === undefined) {
      const g: Gathered = { entries: [], matters: new Set() };
      gatheredIn.set(tx, g);
      gathered = g;
      beforeCommit(async () => {
        await appendMatterEntries(tx, g.entries);
        for (const no of [...g.matters].sort()) await projector.refresh(tx, no);
      });
    }
    gathered.entries.push({
      eventId: envelope.id,
      key: envelope.key,
      type: envelope.type,
      source: envelope.source,
      occurredAt: new Date(envelope.occurredAt),
      traceId: traceId ?? null,
      payload: JSON.parse(JSON.stringify(payload)) as object,
      // An enquiry may name the application it is about: the case keeps its own timeline, this is the matter's.
      caseNo: null,
      matterNo,
    });
    if (matterNo !== null) gathered.matters.add(matterNo);
  };
  for (const contract of MATTER_EVENTS) consumer.on(contract, handle);
}
