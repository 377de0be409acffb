import type { TracingHooks } from '@hall/messaging';
import { injectTraceContext, withExtractedContext } from '@hall/telemetry';

/** Trace propagation through event headers, backed by OpenTelemetry (libs/telemetry). */
export const telemetryTracing: TracingHooks = {
  inject: () => ({ ...injectTraceContext() }),
  run: (headers, _name, fn) => withExtractedContext(headers, () => fn()),
};
