import {
  APPROVAL_EVENTS,
  ImplementationPublished,
  ImplementationRetired,
  INTAKE_EVENTS,
  LICENCE_EVENTS,
  type EventContract,
} from '@hall/contracts';
import type { EventConsumer, HandlerContext } from '@hall/messaging';
import type { SupervisionTx } from '../supervision.store.js';
import type { CaseProjector } from './case-projector.service.js';
import { appendTimelineEntry, upsertImplementationInfo } from './case.repository.js';

/** Every contract supervision records (catalog, intake, approval, licence). */
export const SUPERVISED_EVENTS: readonly EventContract[] = [
  ImplementationPublished,
  ImplementationRetired,
  ...INTAKE_EVENTS,
  ...APPROVAL_EVENTS,
  ...LICENCE_EVENTS,
];

/** The application number an event belongs to, when it has one. */
export function caseNoOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('applicationNo' in payload)) return null;
  const no = payload.applicationNo;
  return typeof no === 'string' && no.length > 0 ? no : null;
}

/**
 * Stores each event as a timeline entry (the history projections are rebuilt from) and re-projects its case,
 * all in the consumer's inbox transaction: a redelivered event has no second effect.
 */
export function registerCaseConsumers(
  consumer: EventConsumer<SupervisionTx>,
  projector: CaseProjector,
): void {
  const handle = async (
    payload: unknown,
    { tx, envelope, traceId }: HandlerContext<SupervisionTx>,
  ): Promise<void> => {
    const caseNo = caseNoOf(payload);
    // No case lock before the append: the refresh below takes it, and then reads every entry committed before it
    // (read committed), this transaction's own included, so concurrent events of one case are never lost.
    await appendTimelineEntry(tx, {
      eventId: envelope.id,
      key: envelope.key,
      type: envelope.type,
      source: envelope.source,
      occurredAt: new Date(envelope.occurredAt),
      traceId: traceId ?? null,
      payload: JSON.parse(JSON.stringify(payload)) as object,
      caseNo,
    });
    if (envelope.type === ImplementationPublished.type)
      await upsertImplementationInfo(tx, ImplementationPublished.payload.parse(payload));
    if (caseNo !== null) await projector.refresh(tx, caseNo);
  };
  for (const contract of SUPERVISED_EVENTS) consumer.on(contract, handle);
}
