import type { HandlerContext } from '@hall/messaging';
import type { SupervisionTx } from '../supervision.store.js';

/** Records any event of the hall as a timeline entry of its key (case number or implementation code). */
export async function recordTimelineEntry(payload: unknown, { tx, envelope, traceId }: HandlerContext<SupervisionTx>): Promise<void> {
  await tx.timelineEntry.create({
    data: {
      eventId: envelope.id,
      key: envelope.key,
      type: envelope.type,
      source: envelope.source,
      occurredAt: new Date(envelope.occurredAt),
      traceId: traceId ?? null,
      payload: payload as object,
    },
  });
}
