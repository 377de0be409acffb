import { ApplicationView } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import request from 'supertest';
import type { ServicePoint } from '../src/service-points/service-network.js';
import {
  completeMaterials,
  foodSnapshot,
  intakeEvents,
  publishImplementation,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';
import {
  clerkAt,
  countyWindow,
  demoIdOf,
  pointsFor,
  queueOf,
  servicePoint,
  startServiceNetwork,
} from './factories/service-network.factory.js';

const kinds = await testDatabaseKinds();

/** Clerks of the points the demo realm has none of (test-only accounts); 三墩镇's is the demo clerk.sandun. */
const MIAOQIAO = clerkAt('clerk.miaoqiao', '庙桥村代办测', '330106109202');
const ZHUANTANG = clerkAt('clerk.zhuantang', '转塘街道窗口测', '330106008000');

/**
 * The service network (服务网点) down to the village, object-level: the 绕城村 station takes a walk-in application in
 * (收件, 代办) for 西湖区's window; it waits there until handed over; the county window accepts it afterwards. Who sees
 * it: the village station's clerk and the township's (their region covers the point), the county window (its
 * region's applications, handed over or not); a clerk of another village or township gets the 404 of a missing
 * application, and nothing changes.
 */
describe.each(kinds)('intake service network on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const base = snapshot.baseItem.code;
  const receives = [{ baseCode: base, mode: 'receive' as const }];
  const points: ServicePoint[] = [
    countyWindow('330106'),
    servicePoint({
      id: 'sp-330106109201',
      name: '绕城村便民服务站',
      kind: 'station',
      regionCode: '330106109201',
      address: '绕城村',
      items: receives,
      clerkIds: [demoIdOf('clerk.village')],
    }),
    servicePoint({
      id: 'sp-330106109202',
      name: '庙桥村便民服务站',
      kind: 'station',
      regionCode: '330106109202',
      address: '庙桥村',
      items: receives,
      clerkIds: [MIAOQIAO.id],
    }),
    servicePoint({
      id: 'sp-330106008000',
      name: '转塘街道便民服务中心',
      kind: 'center',
      regionCode: '330106008000',
      address: '转塘街道',
      items: receives,
      clerkIds: [ZHUANTANG.id],
    }),
    countyWindow('330102'),
  ];
  const rowOf = async (no: string) =>
    (
      await h.database.db.sql.query<Record<string, unknown>>(
        'SELECT status, row_version, service_point_id, handover_pending FROM application WHERE no = $1',
        [no],
      )
    )[0];
  const walkIn = async (username: string, applicant = { name: '王五', idNumber: '11010519491231002X' }) => {
    const res = await h.api.post(username, '/applications', {
      implementationCode: snapshot.implementationCode,
      formData: { shopName: '绕城村小吃店', area: 30 },
      materials: await completeMaterials(h, username),
      applicant: { kind: 'person', ...applicant },
    });
    return res;
  };
  const queue = (username: string) => queueOf(h, username);

  beforeAll(async () => {
    h = await startServiceNetwork(kind, {
      points,
      implementations: [snapshot],
      accounts: [MIAOQIAO, ZHUANTANG],
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists where the item can be handled, nearest first for a villager, without signing in', async () => {
    const res = await pointsFor(h, snapshot.implementationCode, '330106109201');
    expect(res.status).toBe(200);
    expect(res.list().map((p) => [p.id, p.mode, p.nearness])).toEqual([
      ['sp-330106109201', 'receive', 'village'],
      ['sp-330106109202', 'receive', 'township'],
      ['sp-330106', 'accept', 'county'],
      ['sp-330106008000', 'receive', 'county'],
    ]);
    // 上城区's hall does not handle 西湖区's implementation; nobody's clerks are published.
    expect(JSON.stringify(res.body)).not.toContain('clerkIds');
    const bad = await request(h.url).get('/api/intake/service-points').query({ region: '330106000000' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('village 代办: taken in at the station, held for the handover, handed to the county window which accepts', async () => {
    const res = await walkIn('clerk.village');
    expect(res.status).toBe(201);
    const no = (res.body as { no: string }).no;
    const taken = strictDeep(ApplicationView).parse(
      (await h.api.get('clerk.village', `/applications/${no}`)).body,
    );
    expect(taken.location).toEqual({
      servicePoint: {
        id: 'sp-330106109201',
        name: '绕城村便民服务站',
        kind: 'station',
        regionCode: '330106109201',
      },
      handoverPending: true,
      handover: null,
    });
    expect(taken.allowedActions).toContain('handover');
    expect(taken.allowedActions).not.toContain('accept');

    // The county window sees it waiting but cannot act before the handover; the village clerk cannot accept.
    const before = await rowOf(no);
    const early = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
    expect([early.status, early.body.code]).toEqual([409, 'HANDOVER_PENDING']);
    const byVillage = await h.api.post('clerk.village', `/applications/${no}/accept`, { mode: 'normal' });
    expect(byVillage.status).toBe(409);
    expect(await rowOf(no)).toEqual(before);
    expect((await queue('clerk.xihu')).find((i) => i.no === no)).toMatchObject({
      servicePointName: '绕城村便民服务站',
      handoverPending: true,
    });

    const handed = await h.api.post('clerk.village', `/applications/${no}/handover`, {
      note: '原件随车送区中心',
    });
    expect(handed.status).toBe(200);
    const view = strictDeep(ApplicationView).parse(handed.body);
    expect(view.location).toMatchObject({
      servicePoint: { id: 'sp-330106', name: '西湖区政务服务中心' },
      handoverPending: false,
      handover: {
        from: { id: 'sp-330106109201', name: '绕城村便民服务站' },
        to: { id: 'sp-330106', name: '西湖区政务服务中心' },
        at: '2026-03-02T02:00:00.000Z',
      },
    });
    expect(view.timeline.map((t) => t.action)).toEqual(['submit-for', 'handover']);
    const [event] = await intakeEvents(h, 'intake.application.handed-over');
    expect(event?.payload).toMatchObject({
      applicationNo: no,
      regionCode: '330106',
      from: { id: 'sp-330106109201', regionCode: '330106109201' },
      to: { id: 'sp-330106', regionCode: '330106' },
      note: '原件随车送区中心',
    });
    // The walk-in applicant follows it with the 查询码 of his receipt: where it is now.
    const progress = await request(h.url)
      .get('/api/intake/public/progress')
      .query({ no, code: taken.queryCode ?? '' });
    expect([progress.status, progress.body.servicePointName]).toEqual([200, '西湖区政务服务中心']);
    const again = await h.api.post('clerk.village', `/applications/${no}/handover`, {});
    expect([again.status, again.body.code]).toEqual([409, 'NO_HANDOVER_PENDING']);

    // Handed over: the county window accepts; the station's clerk still follows it but does not act as the window.
    const late = await h.api.post('clerk.village', `/applications/${no}/accept`, { mode: 'normal' });
    expect([late.status, late.body.code]).toEqual([403, 'FORBIDDEN']);
    const accepted = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
    expect(accepted.status).toBe(200);
    expect((await h.api.get('clerk.village', `/applications/${no}`)).body.status).toBe('accepted');
  });

  it('我的办件: a walk-in application shows for the person with its verified ID number, with where it is', async () => {
    type Mine = { no: string; servicePointName: string | null; handoverPending: boolean; agent: boolean };
    const mine = async (username: string) =>
      ((await h.api.get(username, '/applications', { mine: '1', pageSize: '100' })).body as { items: Mine[] })
        .items;
    // 李四's ID number (lower-case x as a clerk might type it); another walk-in with someone else's number.
    const forLisi = await walkIn('clerk.village', { name: '李四', idNumber: '33010619851215457x' });
    expect(forLisi.status).toBe(201);
    const no = (forLisi.body as { no: string }).no;
    const other = (await walkIn('clerk.village')).body as { no: string };

    const listed = await mine('lisi');
    expect(listed.find((i) => i.no === no)).toMatchObject({
      servicePointName: '绕城村便民服务站',
      handoverPending: true,
      agent: true,
    });
    expect(listed.some((i) => i.no === other.no)).toBe(false);
    const seen = await h.api.get('lisi', `/applications/${no}`);
    expect(seen.status).toBe(200);
    const view = strictDeep(ApplicationView).parse(seen.body);
    expect(view.location).toMatchObject({
      servicePoint: { id: 'sp-330106109201' },
      handoverPending: true,
      handover: null,
    });
    expect(view.delivery.pickupCode).toBeUndefined(); // the receipt the clerk printed carries it
    // Someone else: not in their list, and the 404 of an unknown number.
    expect((await mine('zhangsan')).some((i) => i.no === no)).toBe(false);
    const stranger = await h.api.get('zhangsan', `/applications/${no}`);
    expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);
    // The holder reads, the clerk acts: no window or applicant steps for 李四 on a walk-in application.
    const withdraw = await h.api.post('lisi', `/applications/${no}/withdraw`, { reason: '不办了' });
    expect(withdraw.status).toBe(403);

    // Handed over: 我的办件 says where it is now.
    expect((await h.api.post('clerk.village', `/applications/${no}/handover`, {})).status).toBe(200);
    expect((await mine('lisi')).find((i) => i.no === no)).toMatchObject({
      servicePointName: '西湖区政务服务中心',
      handoverPending: false,
    });
    const after = strictDeep(ApplicationView).parse((await h.api.get('lisi', `/applications/${no}`)).body);
    expect(after.location?.handover).toMatchObject({
      from: { name: '绕城村便民服务站' },
      to: { name: '西湖区政务服务中心' },
    });
  });

  it('scope at township and village depth: the point sees its own, the county all of its region, other points nothing', async () => {
    const res = await walkIn('clerk.village');
    const no = (res.body as { no: string }).no;
    const online = await submitApplication(h, 'zhangsan');
    const before = await rowOf(no);

    // The village station and the township above it: this one, not the online application of the county.
    for (const clerk of ['clerk.village', 'clerk.sandun']) {
      expect((await h.api.get(clerk, `/applications/${no}`)).status).toBe(200);
      const nos = (await queue(clerk)).map((i) => i.no);
      expect(nos).toContain(no);
      expect(nos).not.toContain(online);
      expect((await h.api.get(clerk, `/applications/${online}`)).status).toBe(404);
    }
    // The county window: both, the walk-in still at the station included.
    const county = (await queue('clerk.xihu')).map((i) => i.no);
    expect(county).toEqual(expect.arrayContaining([no, online]));

    // Another village of the same township, another township, another county: 404 on read and on every act.
    for (const clerk of [MIAOQIAO.username, ZHUANTANG.username, 'clerk.shangcheng']) {
      expect((await h.api.get(clerk, `/applications/${no}`)).status).toBe(404);
      expect((await h.api.post(clerk, `/applications/${no}/handover`, {})).status).toBe(404);
      expect((await h.api.post(clerk, `/applications/${no}/accept`, { mode: 'normal' })).status).toBe(404);
      expect((await queue(clerk)).map((i) => i.no)).not.toContain(no);
    }
    // The township's clerk has no point in this network: no walk-ins of her own, but she may hand this one over.
    const noPoint = await walkIn('clerk.sandun');
    expect([noPoint.status, noPoint.body.code]).toEqual([403, 'NO_SERVICE_POINT']);
    expect(await rowOf(no)).toEqual(before);
    expect((await h.api.post('clerk.sandun', `/applications/${no}/handover`, {})).status).toBe(200);
  });

  it('a point that lists the item elsewhere, or a county clerk outside the region, is refused (nothing written)', async () => {
    const other = foodSnapshot({ regionCode: '330102' });
    await publishImplementation(h, other);
    const [{ n: before } = { n: 0 }] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM application',
    );
    const res = await h.api.post('clerk.village', '/applications', {
      implementationCode: other.implementationCode,
      formData: { shopName: '小吃店', area: 30 },
      materials: await completeMaterials(h, 'clerk.village'),
      applicant: { kind: 'person', name: '王五', idNumber: '11010519491231002X' },
    });
    expect([res.status, res.body.code]).toEqual([403, 'NOT_HANDLED_AT_POINT']);
    const [{ n: after } = { n: 0 }] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM application',
    );
    expect(after).toBe(before);
  });
});
