import { context, trace } from '@opentelemetry/api';
import {
  APPLICATION_NO_ATTRIBUTE,
  CaseTraceHeaders,
  SpanKind,
  withExtractedContext,
  withSpan,
} from './trace-context.js';
import { caseEventTrace, tagApplication, withRequestSpan } from './case-trace.js';
import {
  InMemorySpanExporter,
  getTestSpans,
  resetTestSpans,
  shutdownTelemetry,
  startTelemetry,
} from './telemetry.js';

const NO = '330102202612040000017';
const CASE = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const CASE_TRACE = '0af7651916cd43dd8448eb211c80319c';

beforeAll(() =>
  startTelemetry({ serviceName: 'hall', testExporter: new InMemorySpanExporter(), instrument: false }),
);
afterAll(() => shutdownTelemetry());
beforeEach(() => resetTestSpans());

const spanNamed = (name: string) => {
  const span = getTestSpans().find((s) => s.name === name);
  if (span === undefined) throw new Error(`no span ${name}`);
  return span;
};

describe('caseEventTrace', () => {
  it('makes the active trace the case trace when none is known yet (the submission)', () => {
    const result = withSpan('POST /applications', (span) => {
      const r = caseEventTrace(NO, undefined);
      const { traceId, spanId } = span.spanContext();
      expect(r.born).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
      expect(r.headers).toEqual({
        traceparent: `00-${traceId}-${spanId}-01`,
        [CaseTraceHeaders.applicationNo]: NO,
      });
      return r;
    });
    expect(result.headers[CaseTraceHeaders.cause]).toBeUndefined();
    expect(spanNamed('POST /applications').attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
  });

  it('keeps parent/child inside the case trace (a consumer staging a follow-up event)', () => {
    withExtractedContext(CASE, (consumer) => {
      const r = caseEventTrace(NO, CASE);
      expect(r.born).toBeUndefined();
      expect(r.headers['traceparent']).toBe(`00-${CASE_TRACE}-${consumer.spanContext().spanId}-01`);
      expect(r.headers[CaseTraceHeaders.cause]).toBeUndefined();
    });
    expect(spanNamed('consume event').links).toEqual([]);
  });

  it('stages in the case trace from another trace, with the staging span as cause, tagged and linked', () => {
    const request = withSpan(
      'POST /tasks/:id/complete',
      (span) => {
        const inRequest = withRequestSpan(context.active(), span);
        const nested = context.with(inRequest, () =>
          withSpan('prisma:transaction', () => caseEventTrace(NO, CASE)),
        );
        expect(nested.headers['traceparent']).toBe(CASE.traceparent);
        expect(nested.headers[CaseTraceHeaders.applicationNo]).toBe(NO);
        expect(nested.headers[CaseTraceHeaders.cause]).toMatch(
          new RegExp(`^00-${span.spanContext().traceId}-[0-9a-f]{16}-01$`),
        );
        return nested;
      },
      SpanKind.SERVER,
    );
    expect(request.born).toBeUndefined();
    for (const name of ['POST /tasks/:id/complete', 'prisma:transaction']) {
      const s = spanNamed(name);
      expect(s.attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
      expect(s.links.map((l) => l.context.traceId)).toEqual([CASE_TRACE]);
    }
  });

  it('without any span: the known case trace, no cause', () => {
    expect(caseEventTrace(NO, CASE).headers).toEqual({ ...CASE, [CaseTraceHeaders.applicationNo]: NO });
    expect(caseEventTrace(NO, undefined)).toEqual({ headers: { [CaseTraceHeaders.applicationNo]: NO } });
  });
});

describe('consuming a case event', () => {
  it('is a child of the case trace, names the application and links to the cause', () => {
    const cause = '00-11111111111111111111111111111111-2222222222222222-01';
    withExtractedContext(
      {
        ...CASE,
        [CaseTraceHeaders.applicationNo]: NO,
        [CaseTraceHeaders.cause]: cause,
        'event-type': 'approval.case.decided',
      },
      () => {
        withSpan('prisma:query', () => undefined);
      },
    );
    const consumer = spanNamed('consume approval.case.decided');
    expect(consumer.spanContext().traceId).toBe(CASE_TRACE);
    expect(consumer.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(consumer.attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
    expect(consumer.links.map((l) => `${l.context.traceId}/${l.context.spanId}`)).toEqual([
      '11111111111111111111111111111111/2222222222222222',
    ]);
    // Child spans inherit the number (ApplicationNoSpanProcessor).
    expect(spanNamed('prisma:query').attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
  });
});

describe('tagApplication', () => {
  it('tags the request span as well as the active one, and links to the case trace once per span', () => {
    withSpan(
      'GET /cases/:id',
      (request) => {
        const ctx = withRequestSpan(context.active(), request);
        context.with(ctx, () =>
          withSpan('guard', () => {
            tagApplication(NO, CASE);
            tagApplication(NO, CASE, trace.setSpan(ctx, request));
          }),
        );
      },
      SpanKind.SERVER,
    );
    const request = spanNamed('GET /cases/:id');
    expect(request.attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
    expect(spanNamed('guard').attributes[APPLICATION_NO_ATTRIBUTE]).toBe(NO);
    expect(request.links.map((l) => l.context.traceId)).toEqual([CASE_TRACE]);
  });
});
