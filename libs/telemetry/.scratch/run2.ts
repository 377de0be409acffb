import { startTelemetry, InMemorySpanExporter, getTestSpans, flushTelemetry, currentTraceId, injectTraceContext } from '@hall/telemetry';
const exp = new InMemorySpanExporter();
startTelemetry({ serviceName: 'x', testExporter: exp });
const { runServer } = await import('./server.js');
await runServer();
await flushTelemetry();
console.log(getTestSpans().map((s) => `${s.name} kind=${s.kind} trace=${s.spanContext().traceId} parent=${s.parentSpanContext?.spanId}`));
const kafka = await import('kafkajs');
console.log('kafka wrapped', Boolean((kafka.Kafka.prototype.producer as unknown as { __wrapped?: boolean }).__wrapped));
