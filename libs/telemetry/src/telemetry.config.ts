import { z } from 'zod';

const emptyAsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

/** The OpenTelemetry part of a service's environment (standard OTEL_* names). */
export const telemetryEnvSchema = z.object({
  OTEL_SERVICE_NAME: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  /** Base URL of an OTLP/HTTP receiver (`http://otel-collector:4318`); unset: spans are created, not exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/ }).optional()),
  /** `true` turns tracing off entirely (no spans, no trace ids in logs). */
  OTEL_SDK_DISABLED: z.preprocess(emptyAsUnset, z.stringbool().optional()),
  /**
   * Share of new traces recorded, 0 to 1 (the standard sampler argument; the sampler is always parent-based:
   * a request or event whose trace was sampled upstream is recorded). Default: 0.1 when exporting, else 0.
   */
  OTEL_TRACES_SAMPLER_ARG: z.preprocess(emptyAsUnset, z.coerce.number().min(0).max(1).optional()),
});
export type TelemetryEnv = z.infer<typeof telemetryEnvSchema>;

/**
 * The OTLP/HTTP trace URL for an endpoint: a base URL gets the `/v1/traces` signal path appended (as the
 * OTLP spec does for OTEL_EXPORTER_OTLP_ENDPOINT); a URL already ending in `/v1/traces` is kept.
 */
export function otlpTracesUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

/**
 * Share of new traces (root spans) recorded when none is configured: every one for a test exporter, 10 % when
 * spans are exported (production: enough to follow a case, cheap enough at peak), none when spans go nowhere
 * (the embedded hall: trace ids still reach logs and event headers, nothing is recorded).
 */
export function defaultSampleRatio(o: { exporting: boolean; testExporter: boolean }): number {
  if (o.testExporter) return 1;
  return o.exporting ? 0.1 : 0;
}
