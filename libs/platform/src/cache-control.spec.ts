import Fastify from 'fastify';
import { registerCacheControl } from './cache-control.js';

// Routes of the services set no caching of their own today; this covers one that does (a public, cacheable
// resource), and the rule that a request with credentials never gets a shared or stored copy.
describe('registerCacheControl', () => {
  const app = Fastify();
  registerCacheControl(app);
  app.get('/plain', async () => ({ ok: true }));
  app.get('/public', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=600').send({ ok: true }),
  );
  app.get('/private', async (_req, reply) =>
    reply.header('cache-control', 'private, no-store').send({ ok: true }),
  );
  app.get('/fails', async () => {
    throw Object.assign(new Error('nope'), { statusCode: 418 });
  });
  let base = '';
  beforeAll(async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const cacheOf = async (url: string, headers: Record<string, string> = {}) =>
    (await fetch(`${base}${url}`, { headers })).headers.get('cache-control');

  it('answers no-store when the route chose nothing, errors included', async () => {
    expect(await cacheOf('/plain')).toBe('no-store');
    expect(await cacheOf('/fails')).toBe('no-store');
    expect(await cacheOf('/nowhere')).toBe('no-store');
  });

  it("keeps a route's own caching for anonymous requests", async () => {
    expect(await cacheOf('/public')).toBe('public, max-age=600');
  });

  it('answers no-store to a request with credentials whatever the route chose, unless the route already says no-store', async () => {
    expect(await cacheOf('/public', { authorization: 'Bearer x' })).toBe('no-store');
    expect(await cacheOf('/plain', { authorization: 'Bearer x' })).toBe('no-store');
    expect(await cacheOf('/private', { authorization: 'Bearer x' })).toBe('private, no-store');
  });
});
