import { ServicePointAdmin, ServicePointAdminList, ServicePointList } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import request from 'supertest';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/**
 * 服务网点管理 over HTTP: the catalog administrator (region 330100) creates a village 代办点 of 西湖区 and changes its
 * 预约 settings; the public list and the slots follow; bad input is a structured error that changes nothing; other
 * roles are refused; each save is in the audit trail.
 */
describe.each(kinds)('intake service point administration on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const base = snapshot.baseItem.code;
  const path = '/api/intake/service-points';
  const send = async (method: 'post' | 'put', username: string, url: string, body: object) =>
    request(h.url)
      [method](url)
      .set('authorization', `Bearer ${await h.tokenFor(username)}`)
      .send(body);
  const valid = {
    name: '庙桥村代办点',
    kind: 'agency',
    regionCode: '330106109202',
    address: '杭州市西湖区三墩镇庙桥村村委会一楼',
    openingHours: '周一至周五 8:30-11:30',
    items: [{ baseCode: base, mode: 'receive' }],
  };
  const count = async () =>
    Number(
      (await h.database.db.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM service_point'))[0]?.n,
    );

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('creates a village 代办点 and replaces its 预约 settings; the public list and the slots follow; audited', async () => {
    const created = await send('post', 'catalog.admin', path, valid);
    expect(created.status).toBe(201);
    const point = strictDeep(ServicePointAdmin).parse(created.body);
    expect(point).toMatchObject({
      name: '庙桥村代办点',
      regionCode: '330106109202',
      items: [{ baseCode: base, mode: 'receive', name: snapshot.baseItem.name }],
      clerkCount: 0,
      appointments: { periods: ['09:00-12:00', '13:30-17:00'], slotMinutes: 30, capacity: 2 },
    });
    const replaced = await send('put', 'admin', `${path}/${point.id}`, {
      ...valid,
      items: [{ baseCode: base, mode: 'accept' }],
      appointments: { periods: ['08:30-11:30'], slotMinutes: 60, capacity: 3 },
    });
    expect(replaced.status).toBe(200);
    expect(strictDeep(ServicePointAdmin).parse(replaced.body)).toMatchObject({
      id: point.id,
      items: [{ baseCode: base, mode: 'accept' }],
      appointments: { periods: ['08:30-11:30'], slotMinutes: 60, capacity: 3 },
    });

    const admin = await request(h.url)
      .get(`${path}/admin`)
      .set('authorization', `Bearer ${await h.tokenFor('catalog.admin')}`);
    expect(admin.status).toBe(200);
    expect(
      strictDeep(ServicePointAdminList)
        .parse(admin.body)
        .items.map((p) => p.id),
    ).toContain(point.id);
    const pub = await request(h.url)
      .get(path)
      .query({ implementationCode: snapshot.implementationCode, region: '330106109202' });
    const hit = strictDeep(ServicePointList)
      .parse(pub.body)
      .find((p) => p.id === point.id);
    expect(hit).toMatchObject({ mode: 'accept', nearness: 'village' });

    const audit = await h.database.db.sql.query<{ action: string; object_id: string; outcome: number }>(
      `SELECT action, object_id, outcome FROM audit_log WHERE object_type = 'service-points' ORDER BY id`,
    );
    expect(audit.map((a) => [a.action, a.object_id, a.outcome])).toEqual([
      ['POST /api/intake/service-points', point.id, 201],
      ['PUT /api/intake/service-points/:id', point.id, 200],
    ]);
  });

  it.each([
    ['an unknown field', { extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
    ['a malformed region', { regionCode: '33010610920' }, 400, 'VALIDATION_FAILED', 'regionCode'],
    [
      'a malformed period',
      { appointments: { periods: ['9-12'], slotMinutes: 30, capacity: 2 } },
      400,
      'VALIDATION_FAILED',
      'appointments.periods.0',
    ],
    ['another county', { regionCode: '330203001000' }, 403, 'SERVICE_POINT_OUTSIDE_REGION', 'regionCode'],
    [
      'a village comprehensive window',
      { acceptsAllOfRegion: true },
      422,
      'COMPREHENSIVE_WINDOW_IN_VILLAGE',
      'acceptsAllOfRegion',
    ],
    [
      'an unknown item',
      { items: [{ baseCode: '999999999999', mode: 'receive' }] },
      422,
      'BASE_ITEM_UNKNOWN',
      'items.0.baseCode',
    ],
    [
      'overlapping periods',
      { appointments: { periods: ['09:00-12:00', '11:00-15:00'], slotMinutes: 30, capacity: 2 } },
      422,
      'APPOINTMENT_PERIOD_INVALID',
      'appointments.periods.1',
    ],
  ])(
    'refuses %s with a structured error naming the field, saving nothing',
    async (_l, over, status, code, field) => {
      const before = await count();
      const res = await send('post', 'catalog.admin', path, { ...valid, ...over });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(JSON.stringify(res.body.details)).toContain(field);
      expect(await count()).toBe(before);
    },
  );

  it('is for administrators only; an unknown point is a 404', async () => {
    for (const user of ['clerk.xihu', 'lisi', 'supervisor']) {
      expect((await send('post', user, path, valid)).status).toBe(403);
      const list = await request(h.url)
        .get(`${path}/admin`)
        .set('authorization', `Bearer ${await h.tokenFor(user)}`);
      expect(list.status).toBe(403);
    }
    expect((await request(h.url).post(path).send(valid)).status).toBe(401);
    const unknown = await send('put', 'catalog.admin', `${path}/sp-unknown`, valid);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
