import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultSampleRatio, otlpTracesUrl } from './telemetry.config.js';
import {
  InMemorySpanExporter,
  flushTelemetry,
  getTestSpans,
  shutdownTelemetry,
  startTelemetry,
  telemetryHandle,
  telemetryOptionsFromEnv,
} from './telemetry.js';
import { currentTraceId, extractTraceContext, withSpan } from './trace-context.js';
import { context, trace } from '@opentelemetry/api';

afterEach(() => shutdownTelemetry());

describe('startTelemetry', () => {
  it('is idempotent: a second call returns the first handle and changes nothing', async () => {
    const first = new InMemorySpanExporter();
    const second = new InMemorySpanExporter();
    const handle = startTelemetry({ serviceName: 'hall', testExporter: first, instrument: false });
    const again = startTelemetry({ serviceName: 'catalog', testExporter: second, instrument: false });
    expect(again).toBe(handle);
    expect(telemetryHandle()?.serviceName).toBe('hall');

    withSpan('once', () => undefined);
    await flushTelemetry();
    expect(first.getFinishedSpans().map((s) => s.name)).toEqual(['once']);
    expect(second.getFinishedSpans()).toEqual([]);
    expect(first.getFinishedSpans()[0]?.resource.attributes['service.name']).toBe('hall');
  });

  it('creates trace ids without an exporter', () => {
    const handle = startTelemetry({ serviceName: 'licence', instrument: false });
    expect(handle).toEqual({ serviceName: 'licence', enabled: true, exportUrl: undefined });
    expect(withSpan('no export', () => currentTraceId())).toMatch(/^[0-9a-f]{32}$/);
  });

  it('starts with the default auto-instrumentation (as the hall e2e suite does) and stops cleanly', async () => {
    const handle = startTelemetry({ serviceName: 'hall-e2e' });
    expect(handle.enabled).toBe(true);
    expect(withSpan('instrumented', () => currentTraceId())).toMatch(/^[0-9a-f]{32}$/);
    await shutdownTelemetry();
    expect(withSpan('after shutdown', () => currentTraceId())).toBeUndefined();
  });

  it('can be disabled: no spans, no trace ids', () => {
    const handle = startTelemetry({ serviceName: 'licence', enabled: false });
    expect(handle.enabled).toBe(false);
    expect(withSpan('nothing', () => currentTraceId())).toBeUndefined();
    expect(getTestSpans()).toEqual([]);
  });

  it('starts afresh after shutdownTelemetry', async () => {
    startTelemetry({ serviceName: 'a', testExporter: new InMemorySpanExporter(), instrument: false });
    await shutdownTelemetry();
    expect(telemetryHandle()).toBeUndefined();
    const exporter = new InMemorySpanExporter();
    startTelemetry({ serviceName: 'b', testExporter: exporter, instrument: false });
    withSpan('after restart', () => undefined);
    await flushTelemetry();
    expect(exporter.getFinishedSpans()[0]?.resource.attributes['service.name']).toBe('b');
  });

  it('exports spans over OTLP/HTTP to <endpoint>/v1/traces', async () => {
    const received: Array<{ url: string | undefined; body: string }> = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      const handle = startTelemetry({
        serviceName: 'supervision',
        otlpEndpoint: `http://127.0.0.1:${port}/`,
        instrument: false,
        sampleRatio: 1,
      });
      expect(handle.exportUrl).toBe(`http://127.0.0.1:${port}/v1/traces`);
      const traceId = withSpan('exported', () => currentTraceId());
      await flushTelemetry();
      expect(received).toHaveLength(1);
      expect(received[0]?.url).toBe('/v1/traces');
      expect(received[0]?.body).toContain('"supervision"');
      expect(received[0]?.body).toContain('"exported"');
      expect(received[0]?.body).toContain(traceId);
    } finally {
      await shutdownTelemetry();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});

describe('sampling (parent-based ratio)', () => {
  it('records no new trace at ratio 0 but still hands out trace ids', async () => {
    const exporter = new InMemorySpanExporter();
    startTelemetry({ serviceName: 'intake', testExporter: exporter, instrument: false, sampleRatio: 0 });
    const traceId = withSpan('unsampled', (span) => {
      expect(span.isRecording()).toBe(false);
      return currentTraceId();
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await flushTelemetry();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('follows the caller: a sampled traceparent is recorded at ratio 0, an unsampled one is not at ratio 1', async () => {
    const exporter = new InMemorySpanExporter();
    startTelemetry({ serviceName: 'approval', testExporter: exporter, instrument: false, sampleRatio: 0 });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const sampled = extractTraceContext(
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      context.active(),
    );
    context.with(sampled, () => withSpan('from a sampled caller', () => undefined));
    await flushTelemetry();
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.spanContext().traceId])).toEqual([
      ['from a sampled caller', traceId],
    ]);
    await shutdownTelemetry();

    const all = new InMemorySpanExporter();
    startTelemetry({ serviceName: 'approval', testExporter: all, instrument: false, sampleRatio: 1 });
    const unsampled = extractTraceContext(
      { traceparent: `00-${traceId}-00f067aa0ba902b7-00` },
      context.active(),
    );
    context.with(unsampled, () =>
      withSpan('from an unsampled caller', () => expect(trace.getActiveSpan()?.isRecording()).toBe(false)),
    );
    withSpan('a new trace', () => undefined);
    await flushTelemetry();
    expect(all.getFinishedSpans().map((s) => s.name)).toEqual(['a new trace']);
  });

  it('defaults: everything for a test exporter, 10 % when exporting, nothing when spans go nowhere', () => {
    expect(defaultSampleRatio({ exporting: false, testExporter: true })).toBe(1);
    expect(defaultSampleRatio({ exporting: true, testExporter: false })).toBe(0.1);
    expect(defaultSampleRatio({ exporting: false, testExporter: false })).toBe(0);
  });

  it('reads OTEL_TRACES_SAMPLER_ARG and refuses a value outside 0..1', () => {
    expect(
      telemetryOptionsFromEnv({ OTEL_TRACES_SAMPLER_ARG: '0.25' }, { serviceName: 'hall' }).sampleRatio,
    ).toBe(0.25);
    expect(() =>
      telemetryOptionsFromEnv({ OTEL_TRACES_SAMPLER_ARG: '2' }, { serviceName: 'hall' }),
    ).toThrow();
  });
});

describe('telemetryOptionsFromEnv', () => {
  it('reads the standard OTEL_* variables', () => {
    expect(
      telemetryOptionsFromEnv(
        { OTEL_SERVICE_NAME: 'intake', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' },
        { serviceName: 'fallback' },
      ),
    ).toEqual({ serviceName: 'intake', otlpEndpoint: 'http://otel-collector:4318', enabled: true });
  });

  it('falls back to the default service name and treats empty values as unset', () => {
    expect(
      telemetryOptionsFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SDK_DISABLED: 'true' },
        { serviceName: 'hall' },
      ),
    ).toEqual({ serviceName: 'hall', otlpEndpoint: undefined, enabled: false });
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() =>
      telemetryOptionsFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' },
        { serviceName: 'hall' },
      ),
    ).toThrow();
  });
});

describe('otlpTracesUrl', () => {
  it.each([
    ['http://otel-collector:4318', 'http://otel-collector:4318/v1/traces'],
    ['http://otel-collector:4318/', 'http://otel-collector:4318/v1/traces'],
    ['https://otel.example.cn/v1/traces', 'https://otel.example.cn/v1/traces'],
  ])('%s → %s', (endpoint, url) => {
    expect(otlpTracesUrl(endpoint)).toBe(url);
  });
});
