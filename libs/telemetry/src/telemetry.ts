import { register } from 'node:module';
import { DiagLogLevel, context, diag, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { Logger } from 'pino';
import { ApplicationNoSpanProcessor } from './case-trace.js';
import { defaultSampleRatio, otlpTracesUrl, telemetryEnvSchema } from './telemetry.config.js';

export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
export type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface TelemetryOptions {
  /** `service.name` of every span ('catalog', …; 'hall' in the embedded runtime). */
  serviceName: string;
  /**
   * OTLP/HTTP endpoint, base URL (`http://otel-collector:4318`) or full `/v1/traces` URL. Unset: spans are
   * still created (trace ids in logs and event headers) but not exported.
   */
  otlpEndpoint?: string | undefined;
  /** `false`: no SDK at all (no spans, no trace ids). Default true. */
  enabled?: boolean | undefined;
  /** Also hand every finished span to this exporter, synchronously (tests: an {@link InMemorySpanExporter}). */
  testExporter?: SpanExporter | undefined;
  /** Auto-instrumentation of http, pg, kafkajs, Prisma (and NestJS core where supported). Default true. */
  instrument?: boolean | undefined;
  /**
   * Register the import-in-the-middle loader so ESM imports of http, kafkajs and pg get instrumented
   * (CommonJS `require` is covered without it). Default: true, except under Jest (its VM modules bypass
   * Node's loader anyway). Registration happens once per process.
   */
  esmHooks?: boolean | undefined;
  /** Where OpenTelemetry's own warnings and errors (e.g. a failing export) go. Default: nowhere. */
  diagLogger?: Logger | undefined;
  /**
   * Share of new traces recorded (0–1), parent-based: a request or event that arrives in a sampled trace is always
   * recorded, one in an unsampled trace never. Unrecorded spans still carry trace ids (logs, event headers) but
   * cost next to nothing, and database statements get spans only inside recorded ones. Default
   * {@link defaultSampleRatio}: 1 with a test exporter, 0.1 when exporting, 0 otherwise.
   */
  sampleRatio?: number | undefined;
}

export interface TelemetryHandle {
  readonly serviceName: string;
  /** Spans are recorded (the SDK runs). */
  readonly enabled: boolean;
  /** The OTLP trace URL spans are exported to, if any. */
  readonly exportUrl: string | undefined;
}

interface TelemetryState {
  readonly handle: TelemetryHandle;
  readonly sdk: NodeSDK | undefined;
  readonly instrumentations: ReadonlyArray<{ disable(): void }>;
  readonly spanProcessors: readonly SpanProcessor[];
  readonly testExporter: SpanExporter | undefined;
}

/**
 * Modules whose ESM imports the loader hook wraps. `@nestjs/core` is left out on purpose: its
 * instrumentation supports Nest < 12 only, so wrapping its (large) ESM graph would cost without benefit;
 * {@link TracingInterceptor} names the HTTP spans after Nest routes instead. Prisma needs no module hook
 * (the client reads a global the Prisma instrumentation sets).
 */
export const ESM_INSTRUMENTED_MODULES: readonly string[] = ['http', 'https', 'kafkajs', 'pg', 'pg-pool'];

// Kept on globalThis so two copies of this module (different import paths) still share one SDK.
const STATE_KEY = Symbol.for('hall.telemetry.state');
const ESM_HOOKS_KEY = Symbol.for('hall.telemetry.esm-hooks');
type TelemetryGlobal = typeof globalThis & { [STATE_KEY]?: TelemetryState; [ESM_HOOKS_KEY]?: boolean };
const globalRef = globalThis as TelemetryGlobal;

function registerEsmHooks(): void {
  if (globalRef[ESM_HOOKS_KEY] === true) return;
  globalRef[ESM_HOOKS_KEY] = true;
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: [...ESM_INSTRUMENTED_MODULES] },
  });
}

function createInstrumentations() {
  return [
    new HttpInstrumentation({
      // Container health probes would otherwise produce a root span every few seconds.
      ignoreIncomingRequestHook: (req) => /\/health(?:\/|\?|$)/.test(req.url ?? ''),
    }),
    new NestInstrumentation(),
    // Only inside a traced operation: the outbox relay's polling must not produce a root span per query.
    new PgInstrumentation({ requireParentSpan: true }),
    new KafkaJsInstrumentation(),
    new PrismaInstrumentation(),
  ];
}

function routeDiagnostics(logger: Logger): void {
  diag.setLogger(
    {
      error: (message, ...args) => logger.error({ otel: args }, message),
      warn: (message, ...args) => logger.warn({ otel: args }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

/**
 * Starts OpenTelemetry tracing for this process: W3C trace-context propagation, auto-instrumentation and,
 * when `otlpEndpoint` is set, OTLP/HTTP export. Idempotent: a second call returns the first handle and
 * changes nothing (the embedded runtime starts once as 'hall' for all five services).
 *
 * Call it first thing in `main.ts` and import the application module dynamically afterwards, so the
 * instrumented libraries are loaded after the hooks are in place:
 * ```ts
 * startTelemetry(telemetryOptionsFromEnv(process.env, { serviceName: 'catalog' }));
 * const { bootstrap } = await import('./bootstrap.js');
 * ```
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const existing = globalRef[STATE_KEY];
  if (existing !== undefined) return existing.handle;

  if (options.enabled === false) {
    const handle: TelemetryHandle = {
      serviceName: options.serviceName,
      enabled: false,
      exportUrl: undefined,
    };
    globalRef[STATE_KEY] = {
      handle,
      sdk: undefined,
      instrumentations: [],
      spanProcessors: [],
      testExporter: undefined,
    };
    return handle;
  }

  if (options.diagLogger !== undefined) routeDiagnostics(options.diagLogger);

  const exportUrl = options.otlpEndpoint === undefined ? undefined : otlpTracesUrl(options.otlpEndpoint);
  // First, so exporters see the application number every child inherits from its parent.
  const spanProcessors: SpanProcessor[] = [new ApplicationNoSpanProcessor()];
  if (exportUrl !== undefined)
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: exportUrl })));
  if (options.testExporter !== undefined) spanProcessors.push(new SimpleSpanProcessor(options.testExporter));

  const instrument = options.instrument ?? true;
  const esmHooks = options.esmHooks ?? process.env['JEST_WORKER_ID'] === undefined;
  if (instrument && esmHooks) registerEsmHooks();
  const instrumentations = instrument ? createInstrumentations() : [];

  const ratio =
    options.sampleRatio ??
    defaultSampleRatio({
      exporting: exportUrl !== undefined,
      testExporter: options.testExporter !== undefined,
    });
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations,
    // Traces only: logs go to stdout as JSON, metrics are not collected (and must not default to OTLP).
    metricReaders: [],
    logRecordProcessors: [],
    // Host detection resolves asynchronously, which would delay synchronous test exports.
    autoDetectResources: options.testExporter === undefined,
  });
  sdk.start();

  const handle: TelemetryHandle = { serviceName: options.serviceName, enabled: true, exportUrl };
  globalRef[STATE_KEY] = {
    handle,
    sdk,
    instrumentations,
    spanProcessors,
    testExporter: options.testExporter,
  };
  return handle;
}

/** {@link TelemetryOptions} from OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SDK_DISABLED and OTEL_TRACES_SAMPLER_ARG. */
export function telemetryOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: Omit<TelemetryOptions, 'otlpEndpoint' | 'enabled'>,
): TelemetryOptions {
  const parsed = telemetryEnvSchema.parse(env);
  return {
    ...defaults,
    serviceName: parsed.OTEL_SERVICE_NAME ?? defaults.serviceName,
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    enabled: parsed.OTEL_SDK_DISABLED !== true,
    ...(parsed.OTEL_TRACES_SAMPLER_ARG !== undefined && { sampleRatio: parsed.OTEL_TRACES_SAMPLER_ARG }),
  };
}

/** The handle of the running telemetry, if started. */
export function telemetryHandle(): TelemetryHandle | undefined {
  return globalRef[STATE_KEY]?.handle;
}

/** Exports every finished span that is still buffered (call before reading test spans or exiting). */
export async function flushTelemetry(): Promise<void> {
  const state = globalRef[STATE_KEY];
  if (state === undefined) return;
  await Promise.all(state.spanProcessors.map((p) => p.forceFlush()));
}

/**
 * Flushes and stops the SDK, removes the instrumentation patches and unregisters the global tracer,
 * context manager and propagator, so `startTelemetry` can start afresh (tests) or the process can exit.
 */
export async function shutdownTelemetry(): Promise<void> {
  const state = globalRef[STATE_KEY];
  if (state === undefined) return;
  globalRef[STATE_KEY] = undefined;
  for (const instrumentation of state.instrumentations) instrumentation.disable();
  try {
    await state.sdk?.shutdown();
  } finally {
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

/** Finished spans seen by the `testExporter` (when it is an {@link InMemorySpanExporter}). */
export function getTestSpans(): ReadableSpan[] {
  const exporter = globalRef[STATE_KEY]?.testExporter;
  return exporter instanceof InMemorySpanExporter ? exporter.getFinishedSpans() : [];
}

/** Forgets the spans collected so far by the in-memory `testExporter`. */
export function resetTestSpans(): void {
  const exporter = globalRef[STATE_KEY]?.testExporter;
  if (exporter instanceof InMemorySpanExporter) exporter.reset();
}
