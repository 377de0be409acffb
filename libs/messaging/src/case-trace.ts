import type { RawExecutor } from './raw-executor.js';

/**
 * The case trace a service knows per application (table `case_trace`, see MESSAGING_PRISMA_MODELS): the W3C trace
 * context of the trace born with the application's submission. The messaging lib keeps it without any service code:
 * staging the first event of an application records the active trace, consuming an event of an application records
 * the trace it carries; later events of the application are staged in that trace (TracingHooks.forCase).
 */

/** The application (办件) an event belongs to: its payload's `applicationNo`, if any (contracts name it so). */
export function caseKeyOf(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const no = (payload as { applicationNo?: unknown }).applicationNo;
  return typeof no === 'string' && no.length > 0 ? no : undefined;
}

/**
 * The case traces a service has read, by application number, in memory (issue 22: one `case_trace` read per
 * application and process, not one per transaction that stages its events). A stored case trace never changes (the
 * first one recorded wins), so a remembered one stays right; only committed rows are remembered, never one recorded in
 * the reading transaction (it may still roll back: see `recordedIn`). Bounded: the oldest entries go first.
 */
export class CaseTraceCache {
  private readonly known = new Map<string, Record<string, string>>();

  constructor(private readonly maxEntries = 10_000) {}

  get(applicationNo: string): Record<string, string> | undefined {
    return this.known.get(applicationNo);
  }

  set(applicationNo: string, headers: Record<string, string>): void {
    if (this.known.has(applicationNo)) return;
    if (this.known.size >= this.maxEntries) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
    this.known.set(applicationNo, headers);
  }

  get size(): number {
    return this.known.size;
  }
}

/** The stored case trace of `applicationNo` (`{ traceparent, tracestate? }`), if known. */
export async function readCaseTrace(
  tx: RawExecutor,
  applicationNo: string,
): Promise<Record<string, string> | undefined> {
  const rows = await tx.$queryRawUnsafe<Array<{ traceparent: string; tracestate: string | null }>>(
    `SELECT "traceparent", "tracestate" FROM "case_trace" WHERE "application_no" = $1`,
    applicationNo,
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return row.tracestate === null
    ? { traceparent: row.traceparent }
    : { traceparent: row.traceparent, tracestate: row.tracestate };
}

/** Applications whose case trace transaction `tx` recorded (maybe not committed yet), gone with the transaction. */
const recordedInTx = new WeakMap<RawExecutor, Set<string>>();

/** Whether transaction `tx` recorded the case trace of `applicationNo` itself (a read of it is not committed yet). */
export function recordedIn(tx: RawExecutor, applicationNo: string): boolean {
  return recordedInTx.get(tx)?.has(applicationNo) === true;
}

/** Records the case trace of `applicationNo` unless one is known already (the first one wins). */
export async function recordCaseTrace(
  tx: RawExecutor,
  applicationNo: string,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  const traceparent = headers['traceparent'];
  if (traceparent === undefined || traceparent.length === 0) return;
  const recorded = recordedInTx.get(tx) ?? new Set<string>();
  recorded.add(applicationNo);
  recordedInTx.set(tx, recorded);
  await tx.$executeRawUnsafe(
    `INSERT INTO "case_trace" ("application_no", "traceparent", "tracestate") VALUES ($1, $2, $3)
     ON CONFLICT ("application_no") DO NOTHING`,
    applicationNo,
    traceparent,
    headers['tracestate'] ?? null,
  );
}
