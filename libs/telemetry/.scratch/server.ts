import http from 'node:http';
import { currentTraceId, injectTraceContext } from '@hall/telemetry';
export async function runServer(): Promise<void> {
  const server = http.createServer((req, res) => { res.end(JSON.stringify({ traceId: currentTraceId(), headers: injectTraceContext() })); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const res = await new Promise<string>((resolve) => {
    http.get({ port, host: '127.0.0.1', path: '/x', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => resolve(b)); });
  });
  console.log('response', res);
  server.close();
}
