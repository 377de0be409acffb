/**
 * The walking skeleton end to end, over real HTTP: the embedded hall (PGlite per service, in-process
 * transport, s3rver, dev identity provider) boots; a catalog administrator publishes an implementation
 * (row + outbox event in one transaction); intake's read model and supervision's timeline receive it
 * through the transport; everything under the trace id the request came in with.
 */
import { randomBytes } from 'node:crypto';
import { shutdownTelemetry, startTelemetry } from '@hall/telemetry';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';

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

async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
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
}, 120_000);

afterAll(async () => {
  await hall?.close();
  await shutdownTelemetry();
});

const implementation = {
  code: '11330100MB0000001X-0001',
  name: '食品经营许可',
  baseCode: '000140100000',
  itemType: '01',
  regionCode: '330100',
  implementingBody: '杭州市市场监督管理局',
  legalLimitDays: 20,
  promisedLimitDays: 10,
};

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

  it('serves the web placeholder and the identity provider on the same origin', async () => {
    const web = await request(hall.url).get('/');
    expect(web.status).toBe(200);
    expect(web.text).toContain('一网通办');
    const discovery = await request(hall.url).get('/realms/hall/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ issuer: `${hall.url}/realms/hall` });
  });

  it('guards routes: no token 401, wrong role 403, right role passes', async () => {
    const body = { ...implementation, code: '11330100MB0000001X-0002' };
    const none = await request(hall.url).post('/api/catalog/implementations').send(body);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'AUTH_TOKEN_MISSING' });
    const applicant = await tokenFor('zhangsan');
    const wrong = await request(hall.url).post('/api/catalog/implementations').set('authorization', `Bearer ${applicant}`).send(body);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    const admin = await tokenFor('catalog.admin');
    const ok = await request(hall.url).post('/api/catalog/implementations').set('authorization', `Bearer ${admin}`).send(body);
    expect(ok.status).toBe(201);
  });

  it('rejects bad input with a structured error naming the field, and changes nothing', async () => {
    const admin = await tokenFor('catalog.admin');
    const code = '11330100MB0000001X-0003';
    const bad = await request(hall.url)
      .post('/api/catalog/implementations')
      .set('authorization', `Bearer ${admin}`)
      .send({ ...implementation, code, regionCode: '33010' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((bad.body as { message: string }).message).toContain('regionCode');
    expect((bad.body as { correlationId: string }).correlationId).toBeTruthy();
    const limits = await request(hall.url)
      .post('/api/catalog/implementations')
      .set('authorization', `Bearer ${admin}`)
      .send({ ...implementation, code, promisedLimitDays: 21 });
    expect(limits.status).toBe(422);
    expect(limits.body).toMatchObject({ code: 'PROMISED_LIMIT_EXCEEDS_LEGAL', details: { field: 'promisedLimitDays' } });
    const get = await request(hall.url).get(`/api/catalog/implementations/${code}`);
    expect(get.status).toBe(404);
  });

  it('carries one publish from catalog to intake and supervision through the outbox, under one trace id', async () => {
    const admin = await tokenFor('catalog.admin');
    const supervisor = await tokenFor('supervisor');
    const created = await request(hall.url).post('/api/catalog/implementations').set('authorization', `Bearer ${admin}`).send(implementation);
    expect(created.status).toBe(201);

    const traceId = randomBytes(16).toString('hex');
    const published = await request(hall.url)
      .post(`/api/catalog/implementations/${implementation.code}/publish`)
      .set('authorization', `Bearer ${admin}`)
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ implementationCode: implementation.code, version: 1 });

    const view = await eventually(async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${implementation.code}`);
      return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
    });
    expect(view).toMatchObject({ code: implementation.code, version: 1, name: '食品经营许可', promisedLimitDays: 10 });

    const entries = await eventually(async () => {
      const res = await request(hall.url).get(`/api/supervision/timelines/${implementation.code}`).set('authorization', `Bearer ${supervisor}`);
      const list = (res.body as { entries?: Array<Record<string, unknown>> }).entries ?? [];
      return list.length > 0 ? list : undefined;
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'catalog.implementation.published', source: 'catalog', traceId });

    // Publishing again makes version 2; the read model moves forward, the timeline grows by one.
    await request(hall.url).post(`/api/catalog/implementations/${implementation.code}/publish`).set('authorization', `Bearer ${admin}`).expect(200);
    await eventually(async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${implementation.code}`);
      return (res.body as { version?: number }).version === 2 ? true : undefined;
    });
  });
});
