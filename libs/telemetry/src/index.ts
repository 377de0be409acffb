// Public API of @hall/telemetry: OpenTelemetry setup, trace context in event headers, JSON logging.
export {
  ESM_INSTRUMENTED_MODULES,
  InMemorySpanExporter,
  flushTelemetry,
  getTestSpans,
  resetTestSpans,
  shutdownTelemetry,
  startTelemetry,
  telemetryHandle,
  telemetryOptionsFromEnv,
} from './telemetry.js';
export type { ReadableSpan, SpanExporter, TelemetryHandle, TelemetryOptions } from './telemetry.js';
export { defaultSampleRatio, otlpTracesUrl, telemetryEnvSchema } from './telemetry.config.js';
export type { TelemetryEnv } from './telemetry.config.js';
export { ApplicationNoSpanProcessor, caseEventTrace, tagApplication, withRequestSpan } from './case-trace.js';
export type { CaseEventTrace } from './case-trace.js';
export {
  APPLICATION_NO_ATTRIBUTE,
  CaseTraceHeaders,
  SpanKind,
  TRACER_NAME,
  causeLinks,
  currentTraceId,
  extractTraceContext,
  headerText,
  injectTraceContext,
  runInSpan,
  spanContextOf,
  withExtractedContext,
  withSpan,
} from './trace-context.js';
export type {
  Attributes,
  ExtractedContextOptions,
  HeaderValue,
  Span,
  TraceCarrier,
  TraceHeaders,
} from './trace-context.js';
export { createLogger, traceFields } from './logger.factory.js';
export type { CreateLoggerOptions, HallLogger, LogLevel } from './logger.factory.js';
export { PinoNestLogger } from './pino-nest.logger.js';
export { recordRequestFailure, registerRequestTracing } from './request-tracing.js';
export type { RequestTracingHost, RequestTracingOptions } from './request-tracing.js';
export {
  REDACTED,
  REDACT_PATHS,
  SENSITIVE_KEYS,
  isSensitiveKey,
  maskSensitiveText,
  redactSensitiveKeys,
} from './redaction.js';
