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

/** An outbox row as staged: validated, keyed, sealed and serialised, not yet written. */
export interface PreparedEvent {
  id: string;
  topic: string;
  key: string;
  type: string;
  version: number;
  payload: string;
  headers: string;
  occurredAt: string;
  source: string;
}

/**
 * Prepares an event for the outbox: validates the payload in clear, takes its key from the clear payload (contracts
 * key by non-personal fields: `personal-data.spec.ts`), then seals it with `options.codec`, if any. Trace headers may
 * read or record the case trace in `tx`.
 */
export async function prepareEvent<C extends EventContract>(
  tx: RawExecutor,
  contract: C,
  payload: PayloadOf<C>,
  options: StageOptions,
): Promise<PreparedEvent> {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const id = options.eventId ?? randomUUID();
  const occurredAt = options.occurredAt ?? new Date();
  const headers: Record<string, string> = {
    [EventHeaders.id]: id,
    [EventHeaders.type]: contract.type,
    [EventHeaders.version]: String(contract.version),
    [EventHeaders.source]: options.source,
    ...(await traceHeaders(tx, parsed, options.tracing, options.caseTraces)),
  };
  return {
    id,
    topic: contract.topic,
    key: contract.key(parsed),
    type: contract.type,
    version: contract.version,
    payload: JSON.stringify(options.codec ? options.codec.seal(contract, parsed) : parsed),
    headers: JSON.stringify(headers),
    occurredAt: occurredAt.toISOString(),
    source: options.source,
  };
}

/** Most rows one outbox INSERT carries (9 parameters each, well under PostgreSQL's 65,535). */
const OUTBOX_INSERT_MAX = 500;

/** Writes prepared events in `tx`, in their order (their `seq` follows it), one statement per 500 rows. */
export async function insertPreparedEvents(tx: RawExecutor, rows: readonly PreparedEvent[]): Promise<void> {
  for (let from = 0; from < rows.length; from += OUTBOX_INSERT_MAX) {
    const chunk = rows.slice(from, from + OUTBOX_INSERT_MAX);
    const values: unknown[] = [];
    const tuples = chunk.map((r) => {
      const b = values.length;
      values.push(r.id, r.topic, r.key, r.type, r.version, r.payload, r.headers, r.occurredAt, r.source);
      return `($${b + 1}::uuid, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::integer, $${b + 6}::jsonb, $${b + 7}::jsonb, $${b + 8}::timestamptz, $${b + 9})`;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO "outbox" ("id", "topic", "key", "type", "version", "payload", "headers", "occurred_at", "source")
       VALUES ${tuples.join(', ')}`,
      ...values,
    );
  }
}

/**
 * Writes an event to the service's `outbox` table inside the caller's transaction, so the state change and
 * its event commit or roll back together. The relay publishes it afterwards. Returns the event id.
 * (`ServiceMessaging` defers the write to the end of its own transactions, so that their events go in one statement.)
 */
export async function stageEvent<C extends EventContract>(
  tx: RawExecutor,
  contract: C,
  payload: PayloadOf<C>,
  options: StageOptions,
): Promise<string> {
  const row = await prepareEvent(tx, contract, payload, options);
  await insertPreparedEvents(tx, [row]);
  return row.id;
}
