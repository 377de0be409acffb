import type { TracingHooks } from '@hall/messaging';
import { injectTraceContext, SpanKind, withExtractedContext } from '@hall/telemetry';

/** Trace propagation through event headers, backed by OpenTelemetry (libs/telemetry). */
export const telemetryTracing: TracingHooks = {
  inject: () => ({ ...injectTraceContext() }),
  run: (headers, name, fn) => withExtractedContext(headers, () => fn(), { spanName: name }),
  runProducer: (headers, fn) => withExtractedContext(headers, () => fn(), { kind: SpanKind.PRODUCER, spanName: 'outbox publish' }),
};
