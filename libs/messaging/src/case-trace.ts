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

/** Records the case trace of `applicationNo` unless one is known already (the first one wins). */
export async function recordCaseTrace(
  tx: RawExecutor,
  applicationNo: string,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  const traceparent = headers['traceparent'];
  if (traceparent === undefined || traceparent.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "case_trace" ("application_no", "traceparent", "tracestate") VALUES ($1, $2, $3)
     ON CONFLICT ("application_no") DO NOTHING`,
    applicationNo,
    traceparent,
    headers['tracestate'] ?? null,
  );
}
