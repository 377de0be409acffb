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
  // Without a running SDK every span is a no-op and no context is bound (no context manager): the consumer's or the
  // relay's work runs as it is, without extracting the headers' context for nothing (issue 22: CPU per case; the
  // request hook does the same, `registerRequestTracing`).
  run: (headers, name, fn, attributes) =>
    telemetryHandle()?.enabled !== true
      ? fn()
      : withExtractedContext(headers, () => fn(), { spanName: name, ...(attributes && { attributes }) }),
  runProducer: (headers, fn) =>
    telemetryHandle()?.enabled !== true
      ? fn()
      : withExtractedContext(headers, () => fn(), { kind: SpanKind.PRODUCER, spanName: 'outbox publish' }),
  recording: () => telemetryHandle()?.enabled === true,
  forCase: (applicationNo, known) => caseEventTrace(applicationNo, known),
};
