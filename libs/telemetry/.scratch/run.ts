import { createLogger, withSpan, startTelemetry, PinoNestLogger } from '@hall/telemetry';
startTelemetry({ serviceName: 'x' });
const l = createLogger({ service: 'catalog', level: 'info' });
l.child({ token: 'abc', req: { headers: { authorization: 'Bearer zzz' } } }).info({ user: { phone: '13800138000', password: 'p' }, n: 'id 110105194912310021' }, 'hello 13800138000');
withSpan('s', () => l.info('in span'));
new PinoNestLogger(l).error(new Error('bad'));
