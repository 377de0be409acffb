import {
  APPROVAL_EVENTS,
  ImplementationPublished,
  ImplementationRetired,
  INTAKE_EVENTS,
  LICENCE_EVENTS,
  type EventContract,
} from '@hall/contracts';
import type { EventConsumer, HandlerContext } from '@hall/messaging';
import type { SupervisionRawTx, SupervisionTx } from '../supervision.store.js';
import type { CaseProjector } from './case-projector.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { upsertImplementationInfo } from './case.repository.js';

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

/** What one consumer transaction gathered: its timeline entries and the cases to re-project once it handled all. */
interface Gathered {
  entries: Prisma.TimelineEntryCreateManyInput[];
  cases: Set<string>;
}

/**
 * Stores each event as a timeline entry (the history projections are rebuilt from) and re-projects its case,
 * all in the consumer's inbox transaction: a redelivered event has no second effect. When the consumer hands over
 * several events in one transaction, their entries are written in one statement and each case they touch is
 * re-projected once, after all of them (issue 22: statements per case). Every statement is raw SQL, in a transaction
 * of the database's own driver (`onRaw`): entries are sealed here, payloads revealed by the projector.
 */
export function registerCaseConsumers(
  consumer: EventConsumer<SupervisionTx>,
  projector: CaseProjector,
  /** Encrypts the entries' personal data as the client would (they are written by raw SQL). */
  sealEntries: <T>(entries: T[]) => T[],
): void {
  const gatheredIn = new WeakMap<SupervisionRawTx, Gathered>();
  const handle = async (
    payload: unknown,
    { tx, envelope, traceId, beforeCommit }: HandlerContext<SupervisionRawTx>,
  ): Promise<void> => {
    const caseNo = caseNoOf(payload);
    let gathered = gatheredIn.get(tx);
    if (gathered === undefined) {
      const g: Gathered = { entries: [], cases: new Set() };
      gatheredIn.set(tx, g);
      gathered = g;
      // The consumer's inbox statement took the lock of every case of the transaction (`lockKeyOf` in
      // SupervisionStore), so each refresh reads every entry committed before (read committed), this transaction's
      // own included: concurrent events of one case are never lost.
      beforeCommit(async () => {
        // The entries go in with the cases' read, and every case is re-projected at once (issue 22: statements
        // per case); with no case, the entries alone.
        await projector.refreshAll(tx, [...g.cases], { locked: true, append: sealEntries(g.entries) });
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
      caseNo,
    });
    if (envelope.type === ImplementationPublished.type)
      await upsertImplementationInfo(tx, ImplementationPublished.payload.parse(payload));
    if (caseNo !== null) gathered.cases.add(caseNo);
  };
  // Raw SQL on the database's own driver (issue 22: the ORM's interactive transaction cost most of the projection).
  for (const contract of SUPERVISED_EVENTS) consumer.onRaw(contract, handle);
}
