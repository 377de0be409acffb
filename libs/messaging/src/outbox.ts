import { randomUUID } from 'node:crypto';
import { EventHeaders, type EventContract, type PayloadOf } from '@hall/contracts';
import { caseKeyOf, readCaseTrace, recordCaseTrace, recordedIn, type CaseTraceCache } from './case-trace.js';
import type { PayloadCodec } from './payload-codec.js';
import type { RawExecutor, TracingHooks } from './raw-executor.js';

export interface StageOptions {
  /** Producing service name (envelope `source`). */
  source: string;
  tracing?: TracingHooks;
  /** Override the event id (tests, or a deterministic id derived from an idempotency key). */
  eventId?: string;
  occurredAt?: Date;
  /** Seals personal data of the payload (after validation) before it is written: the row never holds it in clear. */
  codec?: PayloadCodec;
  /** The case traces this service has read already (one per service database); without it each transaction reads. */
  caseTraces?: CaseTraceCache;
}

/**
 * The trace headers of an event: those of the active span, or, for an event of an application when the service keeps
 * case traces, the case trace's (recorded here when this event is the first the service knows of the application).
 */
async function traceHeaders(
  tx: RawExecutor,
  payload: unknown,
  tracing: TracingHooks | undefined,
  cache: CaseTraceCache | undefined,
): Promise<Record<string, string>> {
  if (tracing === undefined) return {};
  const applicationNo = caseKeyOf(payload);
  if (applicationNo === undefined || tracing.forCase === undefined) return tracing.inject();
  // Several events of one application staged in one transaction (a case opening and its tasks) read the case trace
  // once: what this transaction read or recorded is what it would read again.
  let seen = traceSeenIn.get(tx);
  if (seen === undefined) {
    seen = new Map<string, Record<string, string> | undefined>();
    traceSeenIn.set(tx, seen);
  }
  let known = seen.has(applicationNo) ? seen.get(applicationNo) : cache?.get(applicationNo);
  if (known === undefined && !seen.has(applicationNo) && tracing.recording?.() !== false) {
    known = await readCaseTrace(tx, applicationNo);
    if (known !== undefined && !recordedIn(tx, applicationNo)) cache?.set(applicationNo, known);
  }
  const { headers, born } = tracing.forCase(applicationNo, known);
  if (known === undefined && born !== undefined) await recordCaseTrace(tx, applicationNo, born);
  seen.set(applicationNo, known ?? born);
  return headers;
}

/** The case traces a transaction has read or recorded, by application number (gone with the transaction). */
const traceSeenIn = new WeakMap<RawExecutor, Map<string, Record<string, string> | undefined>>();

/**
 * Writes an event to the service's `outbox` table inside the caller's transaction, so the state change and
 * its event commit or roll back together. The relay publishes it afterwards. Returns the event id.
 *
 * The payload is validated in clear, its key taken from the clear payload (contracts key by non-personal fields:
 * `personal-data.spec.ts`), then sealed with `options.codec`, if any, and stored.
 */
export async function stageEvent<C extends EventContract>(
  tx: RawExecutor,
  contract: C,
  payload: PayloadOf<C>,
  options: StageOptions,
): Promise<string> {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const id = options.eventId ?? randomUUID();
  const occurredAt = options.occurredAt ?? new Date();
  const key = contract.key(parsed);
  const headers: Record<string, string> = {
    [EventHeaders.id]: id,
    [EventHeaders.type]: contract.type,
    [EventHeaders.version]: String(contract.version),
    [EventHeaders.source]: options.source,
    ...(await traceHeaders(tx, parsed, options.tracing, options.caseTraces)),
  };
  await tx.$executeRawUnsafe(
    `INSERT INTO "outbox" ("id", "topic", "key", "type", "version", "payload", "headers", "occurred_at", "source")
     VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz, $9)`,
    id,
    contract.topic,
    key,
    contract.type,
    contract.version,
    JSON.stringify(options.codec ? options.codec.seal(contract, parsed) : parsed),
    JSON.stringify(headers),
    occurredAt.toISOString(),
    options.source,
  );
  return id;
}
