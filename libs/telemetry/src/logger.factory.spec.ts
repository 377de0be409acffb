import type { DestinationStream } from 'pino';
import { createLogger } from './logger.factory.js';
import { PinoNestLogger } from './pino-nest.logger.js';
import { REDACTED } from './redaction.js';
import { InMemorySpanExporter, shutdownTelemetry, startTelemetry } from './telemetry.js';
import { withExtractedContext, withSpan } from './trace-context.js';

const ID_NUMBER = '110105194912310021';
const MOBILE = '13912345678';
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJyZWFsbV9hY2Nlc3MiOnsicm9sZXMiOlsiY2xlcmsiXX19.c2lnbmF0dXJlLWJ5dGVz';

type LogLine = Record<string, unknown>;

function capture(level: 'trace' | 'debug' | 'info' = 'info') {
  const raw: string[] = [];
  const destination: DestinationStream = { write: (chunk: string) => void raw.push(chunk) };
  const logger = createLogger({ service: 'intake', level, destination });
  const lines = (): LogLine[] => raw.map((l) => JSON.parse(l) as LogLine);
  const text = (): string => raw.join('');
  return { logger, lines, text };
}

function only(lines: LogLine[]): LogLine {
  expect(lines).toHaveLength(1);
  const [line] = lines;
  if (line === undefined) throw new Error('no log line');
  return line;
}

const exporter = new InMemorySpanExporter();
beforeAll(() => startTelemetry({ serviceName: 'intake', testExporter: exporter, instrument: false }));
afterAll(() => shutdownTelemetry());

describe('createLogger: JSON lines', () => {
  it('writes one JSON object per line with service, ISO time and the level name', () => {
    const { logger, lines, text } = capture();
    logger.info({ applicationNo: 'SQ20240001' }, 'accepted');
    const line = only(lines());
    expect(line).toMatchObject({
      level: 'info',
      service: 'intake',
      msg: 'accepted',
      applicationNo: 'SQ20240001',
    });
    expect(typeof line['time']).toBe('string');
    expect(text().endsWith('\n')).toBe(true);
  });
});

describe('createLogger: redaction', () => {
  it.each(['authorization', 'password', 'token', 'access_token', 'refresh_token', 'idNumber', 'phone'])(
    'censors the key %s at the top level, nested and deep',
    (key) => {
      const { logger, lines, text } = capture();
      const secret = 'plain-secret-value';
      logger.info({
        [key]: secret,
        req: { headers: { [key]: secret } },
        a: { b: { c: { d: { e: { [key]: secret } } } } },
      });
      const line = only(lines());
      expect(line[key]).toBe(REDACTED);
      expect(line['req']).toEqual({ headers: { [key]: REDACTED } });
      expect(line['a']).toEqual({ b: { c: { d: { e: { [key]: REDACTED } } } } });
      expect(text()).not.toContain(secret);
    },
  );

  it('censors capitalised header names (Authorization) and keys inside arrays', () => {
    const { logger, text } = capture();
    logger.info({
      headers: { Authorization: 'Basic dXNlcjpwYXNz' },
      applicants: [{ name: '李四', IdNumber: 'x' }],
    });
    expect(text()).not.toContain('dXNlcjpwYXNz');
    expect(text()).toContain('"IdNumber":"[REDACTED]"');
  });

  it('masks an 18-character ID number in values and in the message', () => {
    const { logger, lines, text } = capture();
    logger.info({ remark: `证件号 ${ID_NUMBER}` }, `applicant ${ID_NUMBER} submitted`);
    const line = only(lines());
    expect(line['msg']).toBe(`applicant ${REDACTED} submitted`);
    expect(line['remark']).toBe(`证件号 ${REDACTED}`);
    expect(text()).not.toContain(ID_NUMBER);
  });

  it('masks mobile numbers in values and in the message', () => {
    const { logger, text } = capture();
    logger.warn({ contact: { note: `请拨打${MOBILE}` } }, `sms to ${MOBILE} failed`);
    expect(text()).not.toContain(MOBILE);
    expect(text()).toContain(`请拨打${REDACTED}`);
  });

  it('masks JWTs and bearer credentials wherever they appear', () => {
    const { logger, text } = capture();
    logger.info(
      { upstream: { header: `Bearer ${JWT}` }, raw: JWT },
      `forwarding Bearer opaque-${'a'.repeat(20)}`,
    );
    expect(text()).not.toContain('eyJ');
    expect(text()).not.toContain('opaque-');
    expect(text()).toContain(`Bearer ${REDACTED}`);
  });

  it('redacts child bindings and error messages and stacks', () => {
    const { logger, lines, text } = capture();
    const child = logger.child({ phone: MOBILE, applicant: { idNumber: ID_NUMBER } });
    child.error({ err: new Error(`cannot reach ${MOBILE}`) }, 'delivery failed');
    const line = only(lines());
    expect(line['phone']).toBe(REDACTED);
    expect(line['applicant']).toEqual({ idNumber: REDACTED });
    expect(line['err']).toMatchObject({ type: 'Error', message: `cannot reach ${REDACTED}` });
    expect(text()).not.toContain(MOBILE);
    expect(text()).not.toContain(ID_NUMBER);
  });

  it('does not mutate the logged object', () => {
    const { logger } = capture();
    const payload = { password: 'p', nested: { phone: MOBILE } };
    logger.info(payload);
    expect(payload).toEqual({ password: 'p', nested: { phone: MOBILE } });
  });
});

describe('createLogger: trace ids', () => {
  it('adds trace_id and span_id of the active span', async () => {
    const { logger, lines } = capture();
    const ids = await withSpan('handle request', async (span) => {
      await Promise.resolve();
      logger.info('inside');
      return span.spanContext();
    });
    const line = only(lines());
    expect(line['trace_id']).toBe(ids.traceId);
    expect(line['span_id']).toBe(ids.spanId);
    expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('carries the producer trace id in a consumer', () => {
    const { logger, lines } = capture();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    withExtractedContext(
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      () => logger.info('consumed'),
      {
        eventType: 'intake.application.accepted',
      },
    );
    expect(only(lines())['trace_id']).toBe(traceId);
  });

  it('has no trace fields outside a span', () => {
    const { logger, lines } = capture();
    logger.info('idle');
    const line = only(lines());
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('span_id');
  });
});

describe('PinoNestLogger', () => {
  it('maps Nest levels and takes a trailing string as the context', () => {
    const { logger, lines } = capture('trace');
    const nest = new PinoNestLogger(logger);
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('slow');
    nest.debug('dbg', 'Ctx');
    nest.verbose('chatty', 'Ctx');
    nest.fatal('down', 'Boot');
    expect(lines().map((l) => [l['level'], l['msg'], l['context']])).toEqual([
      ['info', 'Nest application successfully started', 'NestApplication'],
      ['warn', 'slow', undefined],
      ['debug', 'dbg', 'Ctx'],
      ['trace', 'chatty', 'Ctx'],
      ['fatal', 'down', 'Boot'],
    ]);
  });

  it('recognises the stack in error(message, stack, context) and error(message, stack)', () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger, 'Default');
    const stack = new Error('x').stack ?? '';
    nest.error('failed', stack, 'ExceptionsHandler');
    nest.error('failed again', stack);
    nest.error(new Error(`boom for ${MOBILE}`));
    const [first, second, third] = lines();
    expect(first).toMatchObject({ level: 'error', msg: 'failed', context: 'ExceptionsHandler', stack });
    expect(second).toMatchObject({ msg: 'failed again', context: 'Default', stack });
    expect(third).toMatchObject({ msg: `boom for ${REDACTED}`, err: { message: `boom for ${REDACTED}` } });
  });

  it('logs plain objects as fields (redacted) and honours setLogLevels', () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log({ event: 'login', password: 'secret' }, 'Auth');
    nest.setLogLevels(['error', 'warn']);
    nest.log('hidden');
    nest.warn('shown');
    expect(lines().map((l) => l['msg'] ?? l['event'])).toEqual(['login', 'shown']);
    expect(lines()[0]).toMatchObject({ password: REDACTED, context: 'Auth' });
  });
});
