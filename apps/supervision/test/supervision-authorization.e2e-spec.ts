import { Role } from '@hall/auth';
import { type DemoAccount } from '@hall/auth/dev';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const READ_PATHS = [
  '/alerts',
  '/anomalies',
  '/risk',
  '/stats',
  '/stats/monthly',
  '/stats/export.xlsx',
  '/stats/export.csv',
  '/ratings?bad=1',
  '/rectifications',
  '/calendar/2026',
];
// A district supervisor (西湖区): reads its district, may not replace the hall's working calendar.
const DISTRICT_SUPERVISOR: DemoAccount = {
  id: '5d1c3a52-0b7e-4f43-9a51-2f6f3c1d7e01',
  username: 'supervisor.xihu',
  password: 'demo',
  name: '西湖监察测',
  email: 'supervisor.xihu@authorization.example',
  description: '西湖区电子监察（测试）',
  roles: [Role.Supervisor],
  kind: 'staff',
  region: '330106',
  department: 'service-center',
  departmentRole: 'officer',
};
const NON_SUPERVISORS = [
  'zhangsan',
  'xihu-tech',
  'clerk.xihu',
  'approver.market',
  'head.market',
  'catalog.admin',
];

describe.each(kinds)('supervision authorization on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
  const token = async (user: string) => `Bearer ${await h.tokenFor(user)}`;
  // 西湖区 (330106, inside 杭州 330100) and 海曙区 (330203, 宁波: outside the supervisors' region).
  const inRegion = new CaseHistory({ region: '330106' })
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-22 10:00'));
  const outside = new CaseHistory({ region: '330203' })
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-22 10:00'));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
      extraAccounts: [DISTRICT_SUPERVISOR],
    });
    await publishLive(h, clock, [...inRegion.events, ...outside.events]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(READ_PATHS)('GET %s: 401 without a token', async (path) => {
    expect((await request(h.url).get(`/api/supervision${path}`)).status).toBe(401);
  });

  it.each(READ_PATHS.flatMap((path) => NON_SUPERVISORS.map((user) => [path, user] as const)))(
    'GET %s: 403 for %s',
    async (path, user) => {
      expect(
        (
          await request(h.url)
            .get(`/api/supervision${path}`)
            .set('authorization', await token(user))
        ).status,
      ).toBe(403);
    },
  );

  it.each(READ_PATHS.flatMap((path) => ['supervisor', 'admin'].map((user) => [path, user] as const)))(
    'GET %s: 200 for %s',
    async (path, user) => {
      expect(
        (
          await request(h.url)
            .get(`/api/supervision${path}`)
            .set('authorization', await token(user))
        ).status,
      ).toBe(200);
    },
  );

  it('supervisors and admins see their region (330100 covers 3301xx) and nothing outside it', async () => {
    for (const user of ['supervisor', 'admin']) {
      const auth = await token(user);
      expect(
        (
          await request(h.url)
            .get(`/api/supervision/cases/${inRegion.no}/timeline`)
            .set('authorization', auth)
        ).status,
      ).toBe(200);
      expect(
        (await request(h.url).get(`/api/supervision/cases/${outside.no}/timeline`).set('authorization', auth))
          .status,
      ).toBe(404);
      const anomalies = await request(h.url).get('/api/supervision/anomalies').set('authorization', auth);
      const nos = anomalies.body.items.map((a: { applicationNo: string }) => a.applicationNo);
      expect(nos).toContain(inRegion.no); // A02: accepted after 5 working days
      expect(nos).not.toContain(outside.no);
      const alerts = await request(h.url)
        .get('/api/supervision/alerts')
        .query({ applicationNo: outside.no })
        .set('authorization', auth);
      expect(alerts.body.items).toEqual([]);
      const stats = await request(h.url)
        .get('/api/supervision/stats')
        .query({ groupBy: 'region' })
        .set('authorization', auth);
      expect(stats.body.rows.map((r: { key: string }) => r.key)).toEqual(['330106']);
      const risk = await request(h.url).get('/api/supervision/risk').set('authorization', auth);
      expect(risk.body.items.map((i: { applicationNo: string }) => i.applicationNo)).toEqual([inRegion.no]);
    }
  });

  it('an applicant reads only their own timeline, in the reduced view', async () => {
    const own = await request(h.url)
      .get(`/api/supervision/cases/${inRegion.no}/timeline`)
      .set('authorization', await token('lisi'));
    expect(own.status).toBe(200);
    expect(own.body.view).toBe('applicant');
    expect(own.body).not.toHaveProperty('anomalies');
    expect(own.body.entries[0]).not.toHaveProperty('payload');
    expect(own.body.entries[1].actor).toEqual({ name: '刘洋', role: 'clerk' });
    expect(
      (
        await request(h.url)
          .get(`/api/supervision/cases/${inRegion.no}/timeline`)
          .set('authorization', await token('zhangsan'))
      ).status,
    ).toBe(404);
  });

  it.each(['clerk.xihu', 'approver.market', 'catalog.admin'])(
    '%s cannot read a case timeline',
    async (user) => {
      expect(
        (
          await request(h.url)
            .get(`/api/supervision/cases/${inRegion.no}/timeline`)
            .set('authorization', await token(user))
        ).status,
      ).toBe(403);
    },
  );

  it.each(['zhangsan', 'clerk.xihu', 'approver.market', 'catalog.admin'])(
    '%s cannot change the calendar, act on alerts or rectifications',
    async (user) => {
      const auth = await token(user);
      const id = '00000000-0000-4000-8000-000000000000';
      expect(
        (
          await request(h.url)
            .put('/api/supervision/calendar/2026')
            .set('authorization', auth)
            .send({ holidays: [], workdays: [] })
        ).status,
      ).toBe(403);
      expect(
        (await request(h.url).post(`/api/supervision/alerts/${id}/ack`).set('authorization', auth).send({}))
          .status,
      ).toBe(403);
      expect(
        (
          await request(h.url)
            .post(`/api/supervision/alerts/${id}/resolve`)
            .set('authorization', auth)
            .send({ result: 'x' })
        ).status,
      ).toBe(403);
      expect(
        (
          await request(h.url)
            .post(`/api/supervision/rectifications/${id}/callback`)
            .set('authorization', auth)
            .send({})
        ).status,
      ).toBe(403);
    },
  );

  it('a district supervisor reads the working calendar but cannot replace it; the city supervisor can', async () => {
    const district = await token('supervisor.xihu');
    const before = await request(h.url).get('/api/supervision/calendar/2026').set('authorization', district);
    expect(before.status).toBe(200);
    const refused = await request(h.url)
      .put('/api/supervision/calendar/2026')
      .set('authorization', district)
      .send({ holidays: [], workdays: [] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CALENDAR_SCOPE' });
    expect(
      (await request(h.url).get('/api/supervision/calendar/2026').set('authorization', district)).body,
    ).toEqual(before.body);
    const city = await request(h.url)
      .put('/api/supervision/calendar/2026')
      .set('authorization', await token('supervisor'))
      .send({ holidays: before.body.holidays, workdays: before.body.workdays });
    expect(city.status).toBe(200);
  });

  it('supervisors and admins cannot rate; approvers cannot rate', async () => {
    for (const user of ['supervisor', 'admin', 'approver.market']) {
      expect(
        (
          await request(h.url)
            .post('/api/supervision/ratings')
            .set('authorization', await token(user))
            .send({ applicationNo: inRegion.no, level: 1 })
        ).status,
      ).toBe(403);
    }
  });
});
