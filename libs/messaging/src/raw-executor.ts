/** What the messaging lib needs from a service's Prisma client or transaction client. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Runs `fn` in one database transaction of the service (e.g. `(fn) => prisma.$transaction(fn)`). */
export type TransactionRunner<TTx extends RawExecutor> = <T>(fn: (tx: TTx) => Promise<T>) => Promise<T>;

/** Optional trace propagation (wired to libs/telemetry by the platform; absent in plain unit tests). */
export interface TracingHooks {
  /** W3C trace context headers for the active span (`traceparent`, `tracestate`). */
  inject(): Record<string, string>;
  /** Runs `fn` inside the context carried by `headers`, in a consumer span named `name` (with `attributes`). */
  run<T>(
    headers: Record<string, string>,
    name: string,
    fn: () => Promise<T>,
    attributes?: Record<string, string>,
  ): Promise<T>;
  /**
   * Runs a publish inside the context carried by `headers` (a producer span), so instrumented clients
   * that inject their own `traceparent` on send (kafkajs) stay in the event's trace.
   */
  runProducer?<T>(headers: Record<string, string>, fn: () => Promise<T>): Promise<T>;
  /**
   * Trace headers of an event of application `applicationNo` staged now, given the case trace the service knows for
   * it (`known`; see case-trace.ts): `headers` replace `inject()`'s; `born` is the case trace to record when none was
   * known. Present: the service keeps a `case_trace` table, and consumers record the case trace of what they consume.
   */
  /**
   * False when this process records no traces at all (telemetry not started or disabled): a stored case trace would
   * change nothing then, so none is read (issue 22: a `case_trace` read per staged event for nothing). Absent: true.
   */
  recording?(): boolean;
  forCase?(
    applicationNo: string,
    known: Record<string, string> | undefined,
  ): { headers: Record<string, string>; born?: Record<string, string> };
}

export interface MessagingLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: MessagingLogger = { warn: () => undefined, error: () => undefined };
