import { Buffer } from 'node:buffer';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import type {
  Attributes,
  Context,
  Link,
  Span,
  SpanContext,
  SpanOptions,
  TextMapGetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export { SpanKind } from '@opentelemetry/api';
export type { Attributes, Span } from '@opentelemetry/api';

export const TRACER_NAME = '@hall/telemetry';

/**
 * Event headers always use W3C trace context (`traceparent`, `tracestate`), whatever OTEL_PROPAGATORS says:
 * the header format is part of the event contract, not a deployment choice.
 */
const propagator = new W3CTraceContextPropagator();

/** Header values as they come from Kafka (Buffers, arrays), HTTP (arrays) or the outbox (strings). */
export type HeaderValue = string | Uint8Array | ReadonlyArray<string | Uint8Array> | null | undefined;
export type TraceCarrier = Readonly<Record<string, HeaderValue>>;

/** W3C trace context of an active span, as stored in event headers: `{ traceparent, tracestate? }`. */
export type TraceHeaders = Record<string, string>;

function asText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
}

/** Looks a header up case-insensitively and decodes Buffers. */
export function headerText(headers: TraceCarrier | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  let value = headers[name];
  if (value === undefined) {
    const lower = name.toLowerCase();
    const key = Object.keys(headers).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? undefined : headers[key];
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || value instanceof Uint8Array) return asText(value);
  const first = value[0];
  return first === undefined ? undefined : asText(first);
}

const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => headerText(carrier, key),
};

/** `{ traceparent, tracestate? }` for the active (or given) context; `{}` outside any span. */
export function injectTraceContext(ctx: Context = context.active()): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/** The context described by `traceparent` / `tracestate` in `headers` (ROOT_CONTEXT when absent/invalid). */
export function extractTraceContext(
  headers: TraceCarrier | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  if (headers === undefined) return base;
  return propagator.extract(base, headers, carrierGetter);
}

/** Trace id of the active span, if there is one. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? typeof err;
  } catch {
    return typeof err;
  }
}

/** Records `err` on `span` (exception event, ERROR status); the caller ends the span. */
export function recordFailure(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : errorText(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(err) });
}

function fail(span: Span, err: unknown): void {
  recordFailure(span, err);
  span.end();
}

/**
 * Runs `fn` inside a new span that is a child of `parent`; the span ends when `fn` returns or, for a
 * promise, settles. A throw or rejection is recorded on the span and rethrown.
 */
export function runInSpan<T>(name: string, options: SpanOptions, parent: Context, fn: (span: Span) => T): T {
  const span = trace.getTracer(TRACER_NAME).startSpan(name, options, parent);
  try {
    const result = context.with(trace.setSpan(parent, span), fn, undefined, span);
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (err: unknown) => {
          fail(span, err);
          throw err;
        },
      ) as T;
    }
    span.end();
    return result;
  } catch (err) {
    fail(span, err);
    throw err;
  }
}

/** Runs `fn` inside a new span (child of the active one); sync or async. */
export function withSpan<T>(name: string, fn: (span: Span) => T, kind: SpanKind = SpanKind.INTERNAL): T {
  return runInSpan(name, { kind }, context.active(), fn);
}

export interface ExtractedContextOptions {
  /** Event type for the default span name `consume <eventType>` (read from an `event-type` header otherwise). */
  eventType?: string;
  /** Overrides the span name. */
  spanName?: string;
  /** CONSUMER by default; the outbox relay uses PRODUCER (`publish <eventType>`). */
  kind?: SpanKind;
  attributes?: Attributes;
}

/** The span attribute that names the application (办件编号) a span belongs to. */
export const APPLICATION_NO_ATTRIBUTE = 'hall.application_no';

/** Event headers of the case trace (besides W3C `traceparent` / `tracestate`). */
export const CaseTraceHeaders = {
  /** The application number, so relays and consumers name the case before parsing the payload. */
  applicationNo: 'hall-application-no',
  /**
   * W3C traceparent of the span that staged the event when that span is not in the case trace (an HTTP request of
   * a clerk or an officer): consumers link to it, so the cause of the event stays one click away.
   */
  cause: 'hall-cause-traceparent',
} as const;

/** The span context a stored or received `traceparent` describes, if valid. */
export function spanContextOf(headers: TraceCarrier | undefined): SpanContext | undefined {
  const sc = trace.getSpanContext(extractTraceContext(headers));
  return sc !== undefined && isSpanContextValid(sc) ? sc : undefined;
}

/** Links for a span started from an event: to the span that caused the event in another trace, if any. */
export function causeLinks(headers: TraceCarrier | undefined): Link[] {
  const cause = headerText(headers, CaseTraceHeaders.cause);
  if (cause === undefined) return [];
  const sc = spanContextOf({ traceparent: cause });
  return sc === undefined ? [] : [{ context: sc, attributes: { 'hall.link': 'cause' } }];
}

const EVENT_TYPE_HEADERS = ['event-type', 'eventType', 'type', 'ce-type'] as const;

/**
 * Runs `fn` inside the trace described by `headers` (an event's `traceparent`), in a new CONSUMER span
 * named `consume <eventType>`: log lines, database spans and events emitted by `fn` carry the producer's
 * trace id. When the active span already belongs to that trace (the kafkajs instrumentation opened a
 * `process` span from the same headers), the new span nests under it instead. Without a valid
 * `traceparent` the span is a child of whatever is active (a new trace when nothing is).
 */
export function withExtractedContext<T>(
  headers: TraceCarrier | undefined,
  fn: (span: Span) => T,
  options: ExtractedContextOptions = {},
): T {
  const active = context.active();
  const extracted = extractTraceContext(headers);
  const remote = trace.getSpanContext(extracted);
  const activeSpanContext = trace.getSpanContext(active);
  let parent = active;
  if (remote !== undefined && isSpanContextValid(remote)) {
    const sameTrace =
      activeSpanContext !== undefined &&
      isSpanContextValid(activeSpanContext) &&
      activeSpanContext.traceId === remote.traceId;
    parent = sameTrace ? active : extracted;
  }
  let eventType = options.eventType;
  for (const header of EVENT_TYPE_HEADERS) {
    eventType ??= headerText(headers, header);
  }
  const kind = options.kind ?? SpanKind.CONSUMER;
  const verb = kind === SpanKind.PRODUCER ? 'publish' : 'consume';
  const name = options.spanName ?? `${verb} ${eventType ?? 'event'}`;
  const attributes: Attributes = { ...options.attributes };
  if (eventType !== undefined) attributes['hall.event.type'] = eventType;
  attributes['messaging.operation.type'] = kind === SpanKind.PRODUCER ? 'send' : 'process';
  const applicationNo = headerText(headers, CaseTraceHeaders.applicationNo);
  if (applicationNo !== undefined && applicationNo.length > 0)
    attributes[APPLICATION_NO_ATTRIBUTE] = applicationNo;
  return runInSpan(name, { kind, attributes, links: causeLinks(headers) }, parent, fn);
}
