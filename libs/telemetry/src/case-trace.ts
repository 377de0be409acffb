import { context, createContextKey, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, Link, Span, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  APPLICATION_NO_ATTRIBUTE,
  CaseTraceHeaders,
  headerText,
  injectTraceContext,
  spanContextOf,
} from './trace-context.js';
import type { TraceCarrier, TraceHeaders } from './trace-context.js';

/**
 * One trace per case (办件): the trace born with the application's submission is the case trace. Every event of the
 * case carries it as its `traceparent`, so relays and consumers of every service are its children; HTTP requests of
 * other users (their own traces by nature) name the application and link to it. See docs/observability.md.
 */

/** The request's own span (server span), set by the TracingInterceptor for the handler's context. */
const REQUEST_SPAN = createContextKey('hall.request-span');

/** `ctx` with `span` remembered as the request's span (for {@link tagApplication} deep inside the handler). */
export function withRequestSpan(ctx: Context, span: Span): Context {
  return ctx.setValue(REQUEST_SPAN, span);
}

function requestSpan(ctx: Context): Span | undefined {
  const value = ctx.getValue(REQUEST_SPAN);
  return value !== undefined && typeof (value as Partial<Span>).spanContext === 'function'
    ? (value as Span)
    : undefined;
}

function validSpanContext(span: Span | undefined): SpanContext | undefined {
  const sc = span?.spanContext();
  return sc !== undefined && isSpanContextValid(sc) ? sc : undefined;
}

function linkTo(span: Span, target: SpanContext, kind: string): void {
  const own = validSpanContext(span);
  if (own === undefined || own.traceId === target.traceId || !span.isRecording()) return;
  // One link per trace: a request that stages several events of the case is linked once.
  const existing = (span as Partial<ReadableSpan>).links;
  if (Array.isArray(existing) && existing.some((l: Link) => l.context.traceId === target.traceId)) return;
  const link: Link = { context: target, attributes: { 'hall.link': kind } };
  span.addLink(link);
}

/**
 * Names the application on the active span and on the request's span (if any), and links them to the case trace
 * when they are in another trace (an HTTP request of another user). No-op outside a recording span.
 */
export function tagApplication(
  applicationNo: string,
  caseTrace?: TraceCarrier,
  ctx: Context = context.active(),
): void {
  const target = spanContextOf(caseTrace);
  const spans = new Set<Span>();
  const active = trace.getSpan(ctx);
  if (active !== undefined) spans.add(active);
  const request = requestSpan(ctx);
  if (request !== undefined) spans.add(request);
  for (const span of spans) {
    if (!span.isRecording()) continue;
    span.setAttribute(APPLICATION_NO_ATTRIBUTE, applicationNo);
    if (target !== undefined) linkTo(span, target, 'case');
  }
}

export interface CaseEventTrace {
  /** Headers for the event: the case trace's `traceparent`, the application number, and the cause when it differs. */
  headers: TraceHeaders;
  /** The case trace to remember for this application when none was known yet (it is born now). */
  born?: TraceHeaders;
}

/**
 * Trace headers of an event of application `applicationNo` staged now, given the case trace this service knows for
 * it (`known`, from its `case_trace` row):
 * - nothing known: the active span's trace becomes the case trace (`born`);
 * - the active span is in the case trace (a consumer of the case's events): its own context, parent/child as usual;
 * - otherwise (an HTTP request of another user): the case trace's context, and the active span as the cause.
 * The active and the request span are tagged with the application number and linked to the case trace.
 */
export function caseEventTrace(
  applicationNo: string,
  known: TraceCarrier | undefined,
  ctx: Context = context.active(),
): CaseEventTrace {
  const active = injectTraceContext(ctx);
  const activeSc = trace.getSpanContext(ctx);
  const activeValid = activeSc !== undefined && isSpanContextValid(activeSc) ? activeSc : undefined;
  const caseSc = spanContextOf(known);
  const stamp = { [CaseTraceHeaders.applicationNo]: applicationNo };
  if (caseSc === undefined) {
    tagApplication(applicationNo, undefined, ctx);
    if (activeValid === undefined) return { headers: stamp };
    return { headers: { ...active, ...stamp }, born: active };
  }
  tagApplication(applicationNo, known, ctx);
  if (activeValid !== undefined && activeValid.traceId === caseSc.traceId)
    return { headers: { ...active, ...stamp } };
  const caseHeaders: TraceHeaders = {};
  const traceparent = headerText(known, 'traceparent');
  const tracestate = headerText(known, 'tracestate');
  if (traceparent !== undefined) caseHeaders['traceparent'] = traceparent;
  if (tracestate !== undefined) caseHeaders['tracestate'] = tracestate;
  const cause = active['traceparent'];
  return {
    headers: { ...caseHeaders, ...stamp, ...(cause !== undefined && { [CaseTraceHeaders.cause]: cause }) },
  };
}

/** Whether a span is an SDK span whose attributes can be read (a local parent). */
function readableAttributes(span: Span | undefined): ReadableSpan['attributes'] | undefined {
  const attributes = (span as Partial<ReadableSpan> | undefined)?.attributes;
  return attributes !== undefined && typeof attributes === 'object' ? attributes : undefined;
}

/**
 * Copies `hall.application_no` from a local parent span to each new child (database queries, nested operations), so
 * every span of a case's request or consumer can be found by the application number.
 */
export class ApplicationNoSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const own = readableAttributes(span);
    if (own?.[APPLICATION_NO_ATTRIBUTE] !== undefined) return;
    const inherited = readableAttributes(trace.getSpan(parentContext))?.[APPLICATION_NO_ATTRIBUTE];
    if (typeof inherited === 'string') span.setAttribute(APPLICATION_NO_ATTRIBUTE, inherited);
  }
  onEnd(): void {
    /* nothing */
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
