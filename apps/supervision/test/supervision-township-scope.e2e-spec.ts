import { Role } from '@hall/auth';
import { type DemoAccount } from '@hall/auth/dev';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

/** A supervisor scoped to a region (test-only account; the demo realm has no supervisor below the city). */
const supervisorAt = (username: string, id: string, region: string): DemoAccount =>
  ({
    id,
    username,
    password: 'demo',
    name: `${username}测`,
    email: `${username}@township-scope.example`,
    description: '乡镇/村监察（测试）',
    roles: [Role.Supervisor],
    kind: 'staff',
    region,
    department: 'service-center',
    departmentRole: 'officer',
  }) as DemoAccount;

const SUPERVISORS = [
  supervisorAt('sup.sandun', '0b8e4c1e-5c55-4a0e-9d0e-2a1d6f3b9a01', '330106109000'),
  supervisorAt('sup.raocheng', '0b8e4c1e-5c55-4a0e-9d0e-2a1d6f3b9a02', '330106109201'),
  supervisorAt('sup.zhuantang', '0b8e4c1e-5c55-4a0e-9d0e-2a1d6f3b9a03', '330106008000'),
  supervisorAt('sup.xihu', '0b8e4c1e-5c55-4a0e-9d0e-2a1d6f3b9a04', '330106'),
];

const raocheng = { id: 'sp-raocheng', name: '绕城村便民服务站', regionCode: '330106109201' };
const zhuantang = { id: 'sp-zhuantang', name: '转塘街道便民服务中心', regionCode: '330106008000' };
/** 三墩镇's own item (乡镇级): the implementation's region is the township. */
const TOWNSHIP_ITEM = {
  region: '330106109000',
  departmentCode: 'natural-resources',
  itemName: '农村村民宅基地审批',
  implementationCode: '11330106002510733D5010040030000',
};

type Nos = { applicationNo: string }[];
const nosOf = (items: Nos) => items.map((i) => i.applicationNo).sort();

/**
 * A supervision service with the scoped supervisors and the cases' events published live (the clock then set to
 * `now`), and its API as each of them.
 */
function scopedSupervision(kind: 'pg' | 'pglite', cases: readonly CaseHistory[], now: string) {
  let h: ServiceHarness;
  beforeAll(async () => {
    const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
      extraAccounts: SUPERVISORS,
    });
    await publishLive(
      h,
      clock,
      cases.flatMap((c) => c.events),
    );
    clock.set(at(now));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  const auth = async (user: string) => `Bearer ${await h.tokenFor(user)}`;
  return {
    get: async (user: string, path: string, query: Record<string, string> = {}) =>
      request(h.url)
        .get(`/api/supervision${path}`)
        .query(query)
        .set('authorization', await auth(user)),
    post: async (user: string, path: string, body: object) =>
      request(h.url)
        .post(`/api/supervision${path}`)
        .set('authorization', await auth(user))
        .send(body),
  };
}

/**
 * Supervision scope below the county (受理下移): a case belongs to its implementation's region (the county window, or
 * the township for a 乡镇级 item) and to the township or village whose point took it in. A township supervisor sees
 * its villages' cases and its own items' and not another township's; a village supervisor only its own; the county
 * sees all of them. Out of scope is the 404 of an unknown case (as the other access suites); statistics roll village
 * → township → county → city.
 */
describe.each(kinds)('supervision scope at township and village depth on %s', (kind) => {
  // Taken in at 绕城村 (三墩镇), at 转塘街道, and at the county window, all of 西湖区's food licence; and 三墩镇's own item.
  const village = new CaseHistory({ takenIn: raocheng })
    .submitted(at('2026-09-14 09:00'))
    .handedOver(at('2026-09-14 15:00'), raocheng)
    .accepted(at('2026-09-15 10:00'));
  const otherTownship = new CaseHistory({ takenIn: zhuantang })
    .submitted(at('2026-09-14 09:30'))
    .accepted(at('2026-09-15 11:00'));
  const countyWindow = new CaseHistory().submitted(at('2026-09-14 10:00')).accepted(at('2026-09-15 12:00'));
  const township = new CaseHistory(TOWNSHIP_ITEM)
    .submitted(at('2026-09-14 10:30'))
    .accepted(at('2026-09-15 14:00'));
  const { get } = scopedSupervision(
    kind,
    [village, otherTownship, countyWindow, township],
    '2026-09-16 09:00',
  );

  const reach: Record<string, string[]> = {
    'sup.sandun': [village.no, township.no],
    'sup.raocheng': [village.no],
    'sup.zhuantang': [otherTownship.no],
    'sup.xihu': [village.no, otherTownship.no, countyWindow.no, township.no],
  };
  const visible: [string, string, number][] = Object.entries(reach).flatMap(([user, seen]) =>
    [village, otherTownship, countyWindow, township].map((c): [string, string, number] => [
      user,
      c.no,
      seen.includes(c.no) ? 200 : 404,
    ]),
  );

  it.each(visible)('%s reads the timeline of %s: %i', async (user, no, status) => {
    const res = await get(user, `/cases/${no}/timeline`);
    expect(res.status).toBe(status);
    if (status === 404) {
      expect(res.body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toMatch(/绕城村|宅基地/);
    }
    const raw = await get(user, `/timelines/${no}`);
    expect(raw.status).toBe(status);
  });

  it('each supervisor ranks only the cases of its reach; a township counts its villages and its own items', async () => {
    for (const [user, seen] of Object.entries(reach)) {
      const risk = await get(user, '/risk');
      expect(risk.status).toBe(200);
      expect({ user, risk: nosOf(risk.body.items as Nos) }).toEqual({ user, risk: [...seen].sort() });
    }
    const stats = await get('sup.sandun', '/stats', { groupBy: 'department' });
    expect(stats.status).toBe(200);
    expect(stats.body.total).toMatchObject({ received: 2, accepted: 2, handedOver: 1 });
  });

  it('statistics roll up village → township → county → city', async () => {
    const keys = async (level?: string) => {
      const res = await get('sup.xihu', '/stats', { groupBy: 'region', ...(level ? { level } : {}) });
      expect(res.status).toBe(200);
      return Object.fromEntries(
        (res.body.rows as { key: string; received: number }[]).map((r) => [r.key, r.received]),
      );
    };
    const places = { '330106': 1, '330106008000': 1, '330106109000': 1, '330106109201': 1 };
    expect(await keys()).toEqual(places);
    expect(await keys('village')).toEqual(places);
    expect(await keys('township')).toEqual({ '330106': 1, '330106008000': 1, '330106109000': 2 });
    expect(await keys('county')).toEqual({ '330106': 4 });
    expect(await keys('city')).toEqual({ '330100': 4 });
    const bad = await get('sup.xihu', '/stats', { groupBy: 'region', level: 'street' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.details)).toContain('level');
  });
});

/**
 * The monthly per-department table, ratings (好差评) and rectifications (整改) follow the same reach: a case counts
 * and lists under the township or village whose point took it in as well as under the implementation's region.
 */
describe.each(kinds)(
  'monthly table, ratings and rectifications at township and village depth on %s',
  (kind) => {
    // A completed case 绕城村 took in, one 转塘街道 took in, and one of the county window; all of 西湖区.
    const village = CaseHistory.clean({ takenIn: raocheng });
    const otherTownship = CaseHistory.clean({ takenIn: zhuantang });
    const countyWindow = CaseHistory.clean();
    const { get, post } = scopedSupervision(kind, [village, otherTownship, countyWindow], '2026-09-22 10:00');

    it('the monthly table counts each case under the point that took it in; a township sees only its villages', async () => {
      const rows = async (user: string) => {
        const res = await get(user, '/stats/monthly', { from: '2026-09', to: '2026-09' });
        expect(res.status).toBe(200);
        return (res.body.rows as { regionCode: string; received: number; completed: number }[])
          .map((r) => [r.regionCode, r.received, r.completed])
          .sort();
      };
      const expected: Record<string, (string | number)[][]> = {
        'sup.sandun': [['330106109201', 1, 1]],
        'sup.raocheng': [['330106109201', 1, 1]],
        'sup.zhuantang': [['330106008000', 1, 1]],
        'sup.xihu': [
          ['330106', 1, 1],
          ['330106008000', 1, 1],
          ['330106109201', 1, 1],
        ],
      };
      for (const [user, table] of Object.entries(expected))
        expect({ user, rows: await rows(user) }).toEqual({ user, rows: table });
    });

    it('ratings and rectifications list where the case was taken in; a rectification outside the reach is a 404', async () => {
      const ratingIds: Record<string, string> = {};
      for (const c of [village, otherTownship, countyWindow]) {
        const rated = await post('lisi', '/ratings', {
          applicationNo: c.no,
          level: 5,
          comment: '等候时间长',
        });
        expect(rated.status).toBe(201);
        ratingIds[c.no] = rated.body.rectification.id as string;
      }
      const listed = async (user: string) => {
        const ratings = await get(user, '/ratings', { bad: '1' });
        expect(ratings.status).toBe(200);
        const rects = await get(user, '/rectifications');
        expect(rects.status).toBe(200);
        return { ratings: nosOf(ratings.body.items as Nos), rectifications: nosOf(rects.body.items as Nos) };
      };
      const reach: Record<string, string[]> = {
        'sup.sandun': [village.no],
        'sup.raocheng': [village.no],
        'sup.zhuantang': [otherTownship.no],
        'sup.xihu': [village.no, otherTownship.no, countyWindow.no].sort(),
      };
      for (const [user, seen] of Object.entries(reach))
        expect({ user, ...(await listed(user)) }).toEqual({ user, ratings: seen, rectifications: seen });

      const callback = { method: 'phone', reached: true, summary: '已电话回访，说明改进措施' };
      const villageRect = ratingIds[village.no] ?? '';
      const outside = await post('sup.zhuantang', `/rectifications/${villageRect}/callback`, callback);
      expect(outside.status).toBe(404);
      expect(outside.body.code).toBe('NOT_FOUND');
      const countyRect = ratingIds[countyWindow.no] ?? '';
      expect((await post('sup.sandun', `/rectifications/${countyRect}/callback`, callback)).status).toBe(404);
      const own = await post('sup.raocheng', `/rectifications/${villageRect}/callback`, callback);
      expect(own.status).toBe(201);
      expect(own.body.status).toBe('called-back');
    });
  },
);
