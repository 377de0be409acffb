import type { TracingHooks } from '@hall/messaging';
import {
  caseEventTrace,
  injectTraceContext,
  SpanKind,
  telemetryHandle,
  withExtractedContext,
} from '@hall/telemetry';

/**
 * Trace propagation through event headers, backed by OpenTelemetry (libs/telemetry), with one trace per case: events
 * of an application travel in its case trace (`forCase`), whichever request or consumer staged them.
 */
export const telemetryTracing: TracingHooks = {
  inject: () => ({ ...injectTraceContext() }),
  run: (headers, name, fn, attributes) =>
    withExtractedContext(headers, () => fn(), { spanName: name, ...(attributes && { attributes }) }),
  runProducer: (headers, fn) =>
    withExtractedContext(headers, () => fn(), { kind: SpanKind.PRODUCER, spanName: 'outbox publish' }),
  recording: () => telemetryHandle()?.enabled === true,
  forCase: (applicationNo, known) => caseEventTrace(applicationNo, known),
};
