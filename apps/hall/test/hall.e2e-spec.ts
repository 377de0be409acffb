/**
 * The walking skeleton end to end, over real HTTP: the embedded hall (PGlite per service, in-process
 * transport, s3rver, dev identity provider) boots; a catalog administrator publishes an implementation
 * (row + outbox event in one transaction); intake's read model and supervision's timeline receive it
 * through the transport; everything under the trace id the request came in with.
 */
import { randomBytes } from 'node:crypto';
import { Agent, get, type IncomingMessage } from 'node:http';
import { shutdownTelemetry, startTelemetry } from '@hall/telemetry';
import request from 'supertest';
import { KEEP_ALIVE_TIMEOUT_MS, startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';

startTelemetry({ serviceName: 'hall-e2e' });

let hall: EmbeddedHall;

async function tokenFor(username: string): Promise<string> {
  const res = await request(hall.url)
    .post('/realms/hall/protocol/openid-connect/token')
    .type('form')
    .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error('not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  hall = await startEmbeddedHall({ port: 0, logLevel: 'silent' });
}, 300_000);

afterAll(async () => {
  await hall?.close();
  await shutdownTelemetry();
});

describe('embedded hall', () => {
  it('reports every service ready (database, transport, storage)', async () => {
    for (const name of ['catalog', 'intake', 'approval', 'licence', 'supervision']) {
      const res = await request(hall.url).get(`/api/${name}/health`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'up', service: name });
      const docs = await request(hall.url).get(`/api/${name}/docs-json`);
      expect(docs.status).toBe(200);
      expect((docs.body as { info: { title: string } }).info.title).toBeTruthy();
    }
  });

  it('keeps an idle connection open longer than a reverse proxy does (72 s), and one idle 6 s serves the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const fetchOnce = () =>
      new Promise<{ res: IncomingMessage; port: number | undefined; reused: boolean }>((resolve, reject) => {
        const req = get(`${hall.url}/api/catalog/health/live`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ res, port: req.socket?.localPort, reused: req.reusedSocket }));
        });
        req.on('error', reject);
      });
    try {
      const first = await fetchOnce();
      expect(first.res.statusCode).toBe(200);
      expect(first.res.headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
      // Node's default would have closed it after 5 s.
      await new Promise((r) => setTimeout(r, 6_000));
      const second = await fetchOnce();
      expect(second.res.statusCode).toBe(200);
      expect(second.reused).toBe(true);
      expect(second.port).toBe(first.port);
    } finally {
      agent.destroy();
    }
  }, 20_000);

  it('serves the web app (SPA fallback, path-safe) and the identity provider on the same origin', async () => {
    // apps/web/dist when built, else a page saying how to build it: both are the hall's HTML shell.
    const web = await request(hall.url).get('/');
    expect(web.status).toBe(200);
    expect(web.text).toContain('一网通办');
    expect(web.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(web.headers['content-security-policy']).toContain('frame-src blob:');
    const deepLink = await request(hall.url).get('/items/11330102007796929X4010010010001');
    expect(deepLink.status).toBe(200);
    expect(deepLink.text).toBe(web.text);
    expect((await request(hall.url).get('/assets/missing-file.js')).status).toBe(404);
    for (const sneaky of [
      '/../package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await request(hall.url).get(sneaky);
      expect(res.text).not.toContain('"devDependencies"');
    }
    const discovery = await request(hall.url).get('/realms/hall/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ issuer: `${hall.url}/realms/hall` });
  });

  it('seeds the demo catalog on first start and finds items by Chinese, pinyin and region', async () => {
    for (const q of ['食品经营', 'spjy', 'shipinjingying']) {
      const res = await request(hall.url).get('/api/catalog/implementations').query({ q, region: '330106' });
      expect(res.status).toBe(200);
      expect(res.body.items.some((i: { name: string }) => i.name.startsWith('食品经营许可'))).toBe(true);
    }
    const all = await request(hall.url).get('/api/catalog/implementations').query({ pageSize: 100 });
    expect(all.body.total).toBeGreaterThanOrEqual(40);
  });

  it('publishes the demo 主动公开 items on first start, policies together with their 政策解读, found by pinyin too', async () => {
    const res = await request(hall.url).get('/api/disclosure/public/items').query({ pageSize: 50 });
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{
      title: string;
      kind: string;
      indexNo: string;
      keyArea: string | null;
      openCategory: string;
    }>;
    expect(items).toHaveLength(34);
    expect(items.filter((i) => i.kind === 'policy')).toHaveLength(3);
    expect(items.filter((i) => i.kind === 'interpretation')).toHaveLength(3);
    expect(new Set(items.map((i) => i.openCategory)).size).toBe(5);
    expect(new Set(items.map((i) => i.indexNo)).size).toBe(34);
    expect(items.every((i) => i.indexNo.startsWith('330100-SCJG/2026-'))).toBe(true);
    const food = await request(hall.url).get('/api/disclosure/public/items').query({ keyArea: 'food-drug' });
    expect(food.body.total).toBe(7);
    const budget = await request(hall.url).get('/api/disclosure/public/items').query({ q: 'czyjs' });
    expect(budget.body.total).toBe(items.filter((i) => i.keyArea === 'budget').length);
  });

  it('guards routes: no token 401, wrong role 403, right role passes', async () => {
    const none = await request(hall.url).get('/api/catalog/export');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'AUTH_TOKEN_MISSING' });
    const applicant = await tokenFor('zhangsan');
    const wrong = await request(hall.url)
      .get('/api/catalog/export')
      .set('authorization', `Bearer ${applicant}`);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    const admin = await tokenFor('catalog.admin');
    const ok = await request(hall.url).get('/api/catalog/export').set('authorization', `Bearer ${admin}`);
    expect(ok.status).toBe(200);
    expect(ok.body.format).toBe('hall-catalog/1');
  });

  it('carries one publish from catalog to intake and supervision through the outbox, under one trace id', async () => {
    const admin = await tokenFor('catalog.admin');
    const supervisor = await tokenFor('supervisor');
    const found = await request(hall.url)
      .get('/api/catalog/implementations')
      .query({ q: '食品经营许可', region: '330106' });
    const hit = (
      found.body.items as Array<{ implementationCode: string; version: number; promisedDays: number }>
    )[0];
    if (!hit) throw new Error('demo catalog has no 食品经营许可 in 330106');
    const code = hit.implementationCode;
    const before = await eventually(async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${code}`);
      return res.status === 200 ? (res.body as { version: number }) : undefined;
    });
    expect(before.version).toBe(hit.version);

    const patched = await request(hall.url)
      .patch(`/api/catalog/implementations/${code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ promisedLimitDays: Math.max(0, hit.promisedDays - 1) });
    expect(patched.status).toBe(200);
    const traceId = randomBytes(16).toString('hex');
    const published = await request(hall.url)
      .post(`/api/catalog/implementations/${code}/publish`)
      .set('authorization', `Bearer ${admin}`)
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      implementationCode: code,
      version: hit.version + 1,
      published: true,
    });

    const view = await eventually(async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${code}`);
      return (res.body as { version?: number }).version === hit.version + 1
        ? (res.body as Record<string, unknown>)
        : undefined;
    });
    expect(view).toMatchObject({ code, promisedLimitDays: Math.max(0, hit.promisedDays - 1) });

    const entries = await eventually(async () => {
      const res = await request(hall.url)
        .get(`/api/supervision/timelines/${code}`)
        .set('authorization', `Bearer ${supervisor}`);
      const list = (res.body as { entries?: Array<Record<string, unknown>> }).entries ?? [];
      return list.some((e) => e.traceId === traceId) ? list : undefined;
    });
    expect(entries.find((e) => e.traceId === traceId)).toMatchObject({
      type: 'catalog.implementation.published',
      source: 'catalog',
    });
  });
});
