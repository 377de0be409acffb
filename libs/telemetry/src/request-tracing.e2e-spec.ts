import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, HttpException, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpanStatusCode } from '@opentelemetry/api';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { createLogger } from './logger.factory.js';
import {
  InMemorySpanExporter,
  flushTelemetry,
  getTestSpans,
  resetTestSpans,
  shutdownTelemetry,
  startTelemetry,
} from './telemetry.js';
import {
  APPLICATION_NO_ATTRIBUTE,
  SpanKind,
  currentTraceId,
  injectTraceContext,
  withExtractedContext,
} from './trace-context.js';
import type { TraceHeaders } from './trace-context.js';
import { registerRequestTracing } from './request-tracing.js';

const logLines: string[] = [];
const destination: DestinationStream = { write: (line: string) => void logLines.push(line) };
const logger = createLogger({ service: 'intake', destination });
const outbox: Array<{ type: string; headers: TraceHeaders }> = [];

@Controller('api/intake/applications')
class ApplicationsController {
  @Post(':no/accept')
  async accept(@Param('no') no: string): Promise<{ traceId: string | undefined }> {
    await sleep(2); // the span must survive awaits
    outbox.push({ type: 'intake.application.accepted', headers: injectTraceContext() });
    logger.info({ applicationNo: no }, 'application accepted');
    return { traceId: currentTraceId() };
  }

  @Get(':no')
  find(@Param('no') no: string): never {
    throw new HttpException({ code: 'BROKEN', message: `cannot load ${no}` }, 503);
  }
}

@Module({ controllers: [ApplicationsController] })
class TestModule {}

let app: NestFastifyApplication;
const CASE_TRACE = '0af7651916cd43dd8448eb211c80319c';

beforeAll(async () => {
  startTelemetry({ serviceName: 'intake', testExporter: new InMemorySpanExporter(), instrument: false });
  app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
  registerRequestTracing(app.getHttpAdapter().getInstance(), {
    caseTrace: {
      isApplicationNo: (value) => /^SQ\d{4}$/.test(value),
      caseTrace: (no) =>
        Promise.resolve(
          no === 'SQ0004' ? { traceparent: `00-${CASE_TRACE}-00f067aa0ba902b7-01` } : undefined,
        ),
    },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});

afterAll(async () => {
  await app.close();
  await shutdownTelemetry();
});

beforeEach(() => {
  resetTestSpans();
  outbox.length = 0;
  logLines.length = 0;
});

describe('registerRequestTracing (HTTP → outbox → consumer)', () => {
  it('keeps one trace id from the HTTP request through the outbox headers into the consumer', async () => {
    const res = await request(app.getHttpServer()).post('/api/intake/applications/SQ0001/accept').expect(201);
    const { traceId } = res.body as { traceId: string };
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const [row] = outbox;
    if (row === undefined) throw new Error('nothing in the outbox');
    expect(row.headers.traceparent).toContain(traceId);
    const consumerTraceId = await withExtractedContext(
      row.headers,
      async () => {
        await sleep(1);
        logger.info('case opened');
        return currentTraceId();
      },
      { eventType: row.type },
    );
    expect(consumerTraceId).toBe(traceId);

    await flushTelemetry();
    const spans = getTestSpans();
    const server = spans.find((s) => s.kind === SpanKind.SERVER);
    const consumer = spans.find((s) => s.name === 'consume intake.application.accepted');
    expect(server?.name).toBe('POST /api/intake/applications/:no/accept');
    expect(server?.attributes['http.route']).toBe('/api/intake/applications/:no/accept');
    expect(consumer?.spanContext().traceId).toBe(traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);

    const traced = logLines.map((l) => JSON.parse(l) as { msg: string; trace_id?: string });
    expect(traced.map((l) => [l.msg, l.trace_id])).toEqual([
      ['application accepted', traceId],
      ['case opened', traceId],
    ]);
  });

  it('continues the caller trace from an incoming traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await request(app.getHttpServer())
      .post('/api/intake/applications/SQ0002/accept')
      .set('traceparent', `00-${callerTrace}-00f067aa0ba902b7-01`)
      .expect(201);
    expect((res.body as { traceId: string }).traceId).toBe(callerTrace);
    const server = getTestSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('marks the span as failed for a 5xx error', async () => {
    await request(app.getHttpServer()).get('/api/intake/applications/SQ0003').expect(503);
    await flushTelemetry();
    const server = getTestSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.name).toBe('GET /api/intake/applications/:no');
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes['http.response.status_code']).toBe(503);
  });

  it('names the application on the request span and links it to the case trace', async () => {
    await request(app.getHttpServer()).post('/api/intake/applications/SQ0004/accept').expect(201);
    await flushTelemetry();
    const server = getTestSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.attributes[APPLICATION_NO_ATTRIBUTE]).toBe('SQ0004');
    expect(server?.attributes['http.response.status_code']).toBe(201);
    expect(server?.links.map((l) => l.context.traceId)).toEqual([CASE_TRACE]);
  });

  it('opens no span for a path no route answers (404)', async () => {
    await request(app.getHttpServer()).get('/api/intake/nothing-here').expect(404);
    await flushTelemetry();
    expect(getTestSpans().filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
  });

  it('opens one span for a HEAD request on a GET route (the HEAD route copies the GET route options)', async () => {
    await request(app.getHttpServer()).head('/api/intake/applications/SQ0005').expect(503);
    await flushTelemetry();
    const servers = getTestSpans().filter((s) => s.kind === SpanKind.SERVER);
    expect(servers.map((s) => s.name)).toEqual(['HEAD /api/intake/applications/:no']);
  });
});
