import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { tagApplication, withRequestSpan } from './case-trace.js';
import { telemetryHandle } from './telemetry.js';
import { TRACER_NAME, extractTraceContext, recordFailure } from './trace-context.js';
import type { TraceCarrier, TraceHeaders } from './trace-context.js';

/** The parts of a Fastify request the hooks read. */
interface RequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: TraceCarrier;
  readonly params?: unknown;
}

/** The parts of a Fastify instance the hooks are added to (structural: no dependency on Fastify's types). */
/** The parts of a route's options the hooks read and extend (Fastify's `onRoute`). */
interface RouteLike {
  readonly url: string;
  readonly method: string | readonly string[];
  preHandler?: unknown;
}

export interface RequestTracingHost {
  addHook(name: 'onRoute', hook: (route: RouteLike) => void): unknown;
  addHook(
    name: 'onResponse',
    hook: (request: RequestLike, reply: { readonly statusCode: number }, done: () => void) => void,
  ): unknown;
}

export interface RequestTracingOptions {
  /**
   * One trace per case: a recorded request with a path parameter in the form of an application number (办件编号:
   * `/applications/:no`, `/cases/:idOrNo` …) has its span named with `hall.application_no` (its child spans inherit
   * it) and linked to the case trace, before the handler runs. Requests that change a case are tagged anyway when
   * they stage its events (see `caseEventTrace`).
   */
  readonly caseTrace?: {
    /** Whether a path parameter's value is an application number. */
    readonly isApplicationNo: (value: string) => boolean;
    /** The case trace the service knows for an application (its `case_trace` row), if any. Must not throw. */
    readonly caseTrace: (applicationNo: string) => Promise<TraceHeaders | undefined>;
  };
}

/** Marks the tracing hook in a route's hooks (Fastify copies a GET route's options into its HEAD route). */
const TRACING_HOOK = Symbol('hall.request-tracing.hook');

/** The span the hooks opened for a request (not the http instrumentation's: that one ends itself). */
const OWN_SPAN = Symbol('hall.request-tracing.span');
type Traced = RequestLike & { [OWN_SPAN]?: Span };

/**
 * Records a failure on the request's span (a 5xx answered by the error filter: the exception and its message). No-op
 * outside a recording span. The status code itself is set when the response is sent.
 */
export function recordRequestFailure(err: unknown, ctx: Context = context.active()): void {
  const span = trace.getSpan(ctx);
  if (span?.isRecording() === true) recordFailure(span, err);
}

function applicationNoOf(params: unknown, isApplicationNo: (value: string) => boolean): string | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  for (const value of Object.values(params as Record<string, unknown>)) {
    if (typeof value === 'string' && isApplicationNo(value)) return value;
  }
  return undefined;
}

/**
 * Gives every request of a service a server span named `<METHOD> <route>` and runs its handler (guards, pipes,
 * interceptors, controller, error filter) inside it, as two Fastify hooks rather than a Nest interceptor (a Nest
 * interceptor wraps each request in several observable layers; a callback hook costs a function call):
 *
 * - with the http instrumentation active (production), the request already runs in its server span: the route
 *   template is handed to it (`http.route`, span name) through the RPC metadata the instrumentation reads when the
 *   response finishes;
 * - without it (Jest, where modules are not patched), the hook opens the SERVER span itself, as a child of the
 *   request's `traceparent`, and ends it when the response is sent, with `http.response.status_code` (5xx: error).
 *
 * Sampled out, the span records nothing, but its context (trace ids for logs, outbox rows and events) is bound all
 * the same. Register before the routes.
 */
export function registerRequestTracing(
  fastify: RequestTracingHost,
  options: RequestTracingOptions = {},
): void {
  const tracer = trace.getTracer(TRACER_NAME);
  const caseTrace = options.caseTrace;
  // One hook per route, added as the route is: the route template and span name are known once (Fastify's
  // `request.routeOptions` builds an object on every read). A path no route answers (not found) gets no span.
  fastify.addHook('onRoute', (route) => {
    const own = route.preHandler === undefined ? [] : [route.preHandler].flat();
    if (own.some((hook) => (hook as Partial<Record<typeof TRACING_HOOK, true>>)[TRACING_HOOK] === true))
      return;
    const template = route.url;
    const fixedMethod = typeof route.method === 'string' ? route.method.toUpperCase() : undefined;
    const hook = (request: Traced, _reply: unknown, done: (err?: Error) => void): void => {
      // No telemetry running (no SDK: spans and contexts would be no-ops): nothing to bind.
      if (telemetryHandle()?.enabled !== true) {
        done();
        return;
      }
      const active = context.active();
      const rpcMetadata = getRPCMetadata(active);
      let spanContext: Context;
      let span: Span | undefined;
      if (rpcMetadata?.type === RPCType.HTTP) {
        rpcMetadata.route = template;
        span = trace.getSpan(active);
        if (span === undefined) {
          done();
          return;
        }
        spanContext = withRequestSpan(active, span);
      } else {
        const method = fixedMethod ?? request.method.toUpperCase();
        const parent =
          trace.getSpan(active)?.isRecording() === true
            ? active
            : extractTraceContext(request.headers, active);
        span = tracer.startSpan(
          `${method} ${template}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': method, 'http.route': template, 'url.path': request.url },
          },
          parent,
        );
        if (span.isRecording()) request[OWN_SPAN] = span;
        spanContext = withRequestSpan(trace.setSpan(parent, span), span);
      }
      // `done()` runs the rest of the request (the handler and everything it awaits) inside the span's context.
      const applicationNo =
        caseTrace !== undefined && span.isRecording()
          ? applicationNoOf(request.params, caseTrace.isApplicationNo)
          : undefined;
      if (caseTrace === undefined || applicationNo === undefined) {
        context.with(spanContext, done);
        return;
      }
      void caseTrace
        .caseTrace(applicationNo)
        .catch(() => undefined)
        .then((known) => {
          tagApplication(applicationNo, known, spanContext);
          context.with(spanContext, done);
        });
    };
    route.preHandler = [...own, Object.assign(hook, { [TRACING_HOOK]: true as const })];
  });
  fastify.addHook('onResponse', (request: Traced, reply, done) => {
    const span = request[OWN_SPAN];
    if (span !== undefined) {
      request[OWN_SPAN] = undefined;
      span.setAttribute('http.response.status_code', reply.statusCode);
      // A failure the error filter recorded keeps its message.
      if (reply.statusCode >= 500 && (span as Partial<ReadableSpan>).status?.code !== SpanStatusCode.ERROR)
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
