import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { DestinationStream, LevelWithSilent, Logger, LoggerOptions } from 'pino';
import { REDACTED, REDACT_PATHS, maskSensitiveText, redactSensitiveKeys } from './redaction.js';

export type LogLevel = LevelWithSilent;
export type { Logger as HallLogger } from 'pino';

export interface CreateLoggerOptions {
  /** Written as `service` on every line (e.g. 'catalog', or 'hall' in the embedded runtime). */
  service: string;
  /** Minimum level; defaults to 'info'. */
  level?: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
  /** Extra fields on every line (e.g. `{ instance: hostname }`). Redacted like everything else. */
  base?: Record<string, unknown>;
}

/** `trace_id` / `span_id` of the span active when the line is written (nothing outside a span). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getSpanContext(context.active());
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/**
 * A JSON logger (one object per line) that carries the active trace and span ids and redacts personal data
 * and credentials: sensitive keys at any depth ({@link SENSITIVE_KEYS}) and ID numbers, mobile numbers,
 * JWTs and bearer credentials anywhere in the line.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, hostname: hostname(), pid: process.pid, ...options.base },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    mixin: traceFields,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactSensitiveKeys(bindings),
      log: (obj) => redactSensitiveKeys(obj),
    },
    hooks: { streamWrite: maskSensitiveText },
  };
  return options.destination === undefined ? pino(loggerOptions) : pino(loggerOptions, options.destination);
}
