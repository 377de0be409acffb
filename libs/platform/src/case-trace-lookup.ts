import { ApplicationNo } from '@hall/contracts';
import type { CaseTraceCache } from '@hall/messaging';
import type { SqlRunner } from '@hall/persistence';
import type { RequestTracingOptions } from '@hall/telemetry';

/**
 * The service's case-trace lookup for its request tracing (`registerRequestTracing`): a path parameter in the form of an application number names the case;
 * its case trace is read from the service's `case_trace` table (libs/messaging keeps it). A failed read only leaves
 * the request span unlinked: tracing never fails a request. A case trace read once is remembered in `cache` (shared
 * with the service's outbox staging): later requests naming the application read nothing.
 */
export function caseTraceLookup(
  sql: SqlRunner,
  cache?: CaseTraceCache,
): NonNullable<RequestTracingOptions['caseTrace']> {
  return {
    isApplicationNo: (value) => ApplicationNo.safeParse(value).success,
    caseTrace: async (applicationNo): Promise<Record<string, string> | undefined> => {
      const remembered = cache?.get(applicationNo);
      if (remembered !== undefined) return remembered;
      try {
        const [row] = await sql.query<{ traceparent: string; tracestate: string | null }>(
          'SELECT "traceparent", "tracestate" FROM "case_trace" WHERE "application_no" = $1',
          [applicationNo],
        );
        if (row === undefined) return undefined;
        const headers: Record<string, string> =
          row.tracestate === null
            ? { traceparent: row.traceparent }
            : { traceparent: row.traceparent, tracestate: row.tracestate };
        cache?.set(applicationNo, headers);
        return headers;
      } catch {
        return undefined;
      }
    },
  };
}
