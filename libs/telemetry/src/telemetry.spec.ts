import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { otlpTracesUrl } from './telemetry.config.js';
import {
  InMemorySpanExporter,
  flushTelemetry,
  getTestSpans,
  shutdownTelemetry,
  startTelemetry,
  telemetryHandle,
  telemetryOptionsFromEnv,
} from './telemetry.js';
import { currentTraceId, withSpan } from './trace-context.js';

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
