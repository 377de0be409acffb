import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { SpanKind, context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import { Observable } from 'rxjs';
import { withRequestSpan } from './case-trace.js';
import { TRACER_NAME, extractTraceContext, recordFailure } from './trace-context.js';
import type { TraceCarrier } from './trace-context.js';

/** The parts of a Fastify (or Express) request the interceptor reads. */
interface HttpRequestLike {
  method?: string;
  url?: string;
  headers?: TraceCarrier;
  routeOptions?: { url?: string };
  routerPath?: string;
}

function statusOf(err: unknown): number {
  if (err !== null && typeof err === 'object') {
    const candidate = err as { getStatus?: unknown; status?: unknown; statusCode?: unknown };
    if (typeof candidate.getStatus === 'function') {
      const status: unknown = (candidate.getStatus as () => unknown).call(err);
      if (typeof status === 'number') return status;
    }
    if (typeof candidate.status === 'number') return candidate.status;
    if (typeof candidate.statusCode === 'number') return candidate.statusCode;
  }
  return 500;
}

/**
 * Gives every HTTP request handled by Nest a server span named `<METHOD> <route>`
 * (`app.useGlobalInterceptors(new TracingInterceptor())`).
 *
 * - With the http instrumentation active (production), the request already runs in its server span: the
 *   route template is handed to it (`http.route`, span name) through the RPC metadata the instrumentation
 *   reads when the response finishes.
 * - Without it (Jest, where modules are not patched), the interceptor opens the SERVER span itself, as a
 *   child of the request's `traceparent`, and runs the handler inside it, so logs, outbox rows and events
 *   written by the handler carry the trace id.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() !== 'http') return next.handle();
    const http = executionContext.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const method = (request.method ?? 'GET').toUpperCase();
    const route =
      request.routeOptions?.url ?? request.routerPath ?? (request.url ?? '/').split('?')[0] ?? '/';

    const active = context.active();
    const rpcMetadata = getRPCMetadata(active);
    if (rpcMetadata?.type === RPCType.HTTP) {
      rpcMetadata.route = route;
      const serverSpan = trace.getSpan(active);
      if (serverSpan === undefined) return next.handle();
      return context.with(withRequestSpan(active, serverSpan), () => next.handle());
    }

    const parent =
      trace.getSpan(active)?.isRecording() === true ? active : extractTraceContext(request.headers, active);
    const span: Span = trace.getTracer(TRACER_NAME).startSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route, 'url.path': request.url ?? route },
      },
      parent,
    );
    const spanContext = withRequestSpan(trace.setSpan(parent, span), span);
    // Nest binds the handler's async scope when `handle()` is called, so calling it inside the span's
    // context makes the span active for the controller and everything it awaits.
    const handled = context.with(spanContext, () => next.handle());
    // Sampled out: the span records nothing (ending it and setting its status are no-ops), so the handler's
    // observable goes out as it is; its context (trace ids for logs and events) is bound above all the same.
    if (!span.isRecording()) return handled;

    return new Observable<unknown>((subscriber) => {
      let ended = false;
      const end = (err?: unknown): void => {
        if (ended) return;
        ended = true;
        if (err !== undefined) {
          // The final status is only known here for failures; Nest writes success statuses later.
          const status = statusOf(err);
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) recordFailure(span, err);
        }
        span.end();
      };
      const subscription = context.with(spanContext, () =>
        handled.subscribe({
          next: (value) => subscriber.next(value),
          error: (err: unknown) => {
            end(err ?? new Error('unknown error'));
            subscriber.error(err);
          },
          complete: () => {
            end();
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        end();
      };
    });
  }
}
