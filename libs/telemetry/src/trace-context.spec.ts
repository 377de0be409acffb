import { Buffer } from 'node:buffer';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  flushTelemetry,
  getTestSpans,
  resetTestSpans,
  shutdownTelemetry,
  startTelemetry,
} from './telemetry.js';
import {
  SpanKind,
  currentTraceId,
  extractTraceContext,
  injectTraceContext,
  withExtractedContext,
  withSpan,
} from './trace-context.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

beforeAll(() =>
  startTelemetry({ serviceName: 'approval', testExporter: new InMemorySpanExporter(), instrument: false }),
);
afterAll(() => shutdownTelemetry());
beforeEach(() => resetTestSpans());

function spanNamed(name: string) {
  const span = getTestSpans().find((s) => s.name === name);
  if (span === undefined)
    throw new Error(
      `no span ${name}; have ${getTestSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return span;
}

describe('injectTraceContext', () => {
  it('returns a W3C traceparent for the active span', () => {
    withSpan('produce', (span) => {
      const headers = injectTraceContext();
      const { traceId, spanId } = span.spanContext();
      expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      expect(Object.keys(headers)).toEqual(['traceparent']);
    });
  });

  it('passes tracestate through', () => {
    const headers = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'hall=1',
    };
    withExtractedContext(headers, () => {
      expect(injectTraceContext().tracestate).toBe('hall=1');
    });
  });

  it('returns nothing outside a span', () => {
    expect(injectTraceContext()).toEqual({});
    expect(currentTraceId()).toBeUndefined();
  });
});

describe('inject/extract round trip', () => {
  it('keeps the trace id from the HTTP span through the outbox headers into the consumer', async () => {
    const outbox: Array<{ type: string; headers: Record<string, string> }> = [];

    const producerTraceId = await withSpan(
      'POST /api/intake/applications',
      async () => {
        await Promise.resolve();
        outbox.push({ type: 'intake.application.submitted', headers: { ...injectTraceContext() } });
        return currentTraceId();
      },
      SpanKind.SERVER,
    );
    expect(producerTraceId).toMatch(/^[0-9a-f]{32}$/);

    // The relay publishes later, outside the request; the consumer runs in yet another context.
    const [row] = outbox;
    if (row === undefined) throw new Error('outbox empty');
    const consumed = await withExtractedContext(row.headers, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return { traceId: currentTraceId(), forwarded: injectTraceContext() };
    });

    expect(consumed.traceId).toBe(producerTraceId);
    expect(consumed.forwarded.traceparent).toMatch(TRACEPARENT);
    expect(TRACEPARENT.exec(consumed.forwarded.traceparent ?? '')?.[1]).toBe(producerTraceId);

    await flushTelemetry();
    const server = spanNamed('POST /api/intake/applications');
    const consumer = spanNamed('consume event');
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('reads Kafka-style Buffer and array headers and names the span after the event type', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const headers = {
      traceparent: Buffer.from(`00-${traceId}-b7ad6b7169203331-01`),
      'event-type': [Buffer.from('approval.case.decided')],
    };
    expect(withExtractedContext(headers, () => currentTraceId())).toBe(traceId);
    expect(spanNamed('consume approval.case.decided').attributes['hall.event.type']).toBe(
      'approval.case.decided',
    );
  });

  it('extracts case-insensitively (HTTP header casing)', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const ctx = extractTraceContext({ TraceParent: `00-${traceId}-b7ad6b7169203331-01` });
    withExtractedContext({ TraceParent: `00-${traceId}-b7ad6b7169203331-01` }, () => {
      expect(currentTraceId()).toBe(traceId);
    });
    expect(ctx).toBeDefined();
  });

  it('nests under an active span of the same trace instead of restarting from the headers', () => {
    withSpan('process hall.intake.application.v1', (outer) => {
      const headers = injectTraceContext();
      withExtractedContext(headers, () => undefined, { eventType: 'intake.application.accepted' });
      const inner = spanNamed('consume intake.application.accepted');
      expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    });
  });

  it('starts a new trace when the headers carry no (valid) traceparent', () => {
    const a = withExtractedContext({}, () => currentTraceId());
    const b = withExtractedContext({ traceparent: 'garbage' }, () => currentTraceId());
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('supports a PRODUCER span for the outbox relay', () => {
    withSpan('request', () => {
      const headers = injectTraceContext();
      withExtractedContext(headers, () => undefined, {
        kind: SpanKind.PRODUCER,
        eventType: 'licence.issued',
      });
    });
    expect(spanNamed('publish licence.issued').kind).toBe(SpanKind.PRODUCER);
  });
});

describe('withSpan', () => {
  it('returns the value of a synchronous function and ends the span', () => {
    expect(withSpan('sync', () => 42)).toBe(42);
    expect(spanNamed('sync').ended).toBe(true);
  });

  it('records a rejection on the span and rethrows it', async () => {
    await expect(
      withSpan('failing', async () => {
        await Promise.resolve();
        throw new Error('rule violated');
      }),
    ).rejects.toThrow('rule violated');
    const span = spanNamed('failing');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toContain('exception');
  });

  it('records a synchronous throw', () => {
    expect(() =>
      withSpan('throwing', () => {
        throw new Error('nope');
      }),
    ).toThrow('nope');
    expect(spanNamed('throwing').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('creates child spans of the active span with the given kind', () => {
    withSpan('parent', (parent) => {
      withSpan('child', () => undefined, SpanKind.CLIENT);
      const child = spanNamed('child');
      expect(child.kind).toBe(SpanKind.CLIENT);
      expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    });
  });
});
