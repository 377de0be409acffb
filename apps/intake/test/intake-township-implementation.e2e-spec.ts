import { ApplicationView } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import {
  foodSnapshot,
  intakeEvents,
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

/** Another township's window clerk (test-only account; the demo realm's township clerk is clerk.sandun, 三墩镇). */
const ZHUANTANG = clerkAt('clerk.zhuantang', '转塘街道窗口测', '330106008000');

/**
 * 乡镇级 (level 5) implementations: an item exercised by a township (region 330106109000) is applied for online, its
 * number keeps the county, and the township's 便民服务中心 — the comprehensive window of its region, with the demo
 * clerk clerk.sandun — accepts it; the events name the township as the implementation's region. Scope below the
 * county: another township's window and a village clerk get the 404 of an unknown application; another county's too.
 */
describe.each(kinds)('intake: a 乡镇级 implementation on %s', (kind) => {
  let h: IntakeHarness;
  const county = foodSnapshot();
  const snapshot = foodSnapshot({
    implementationCode: `${county.implementationCode.slice(0, 18)}5${county.baseItem.code}`,
    level: '5',
    regionCode: '330106109000',
    regionName: '三墩镇',
  });

  beforeAll(async () => {
    h = await startServiceNetwork(kind, {
      accounts: [ZHUANTANG],
      implementations: [snapshot],
      points: [
        countyWindow('330106'),
        servicePoint({
          id: 'sp-330106109000',
          name: '三墩镇便民服务中心',
          kind: 'center',
          regionCode: '330106109000',
          acceptsAllOfRegion: true,
          clerkIds: [demoIdOf('clerk.sandun')],
        }),
        servicePoint({
          id: 'sp-330106008000',
          name: '转塘街道便民服务中心',
          kind: 'center',
          regionCode: '330106008000',
          acceptsAllOfRegion: true,
          clerkIds: [ZHUANTANG.id],
        }),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('is applied for online and accepted by the township window; the number keeps the county', async () => {
    const where = await pointsFor(h, snapshot.implementationCode, '330106109201');
    expect(where.list().map((p) => [p.id, p.mode])).toEqual([['sp-330106109000', 'accept']]);

    const no = await submitApplication(h, 'lisi', { snapshot });
    expect(no).toMatch(/^330106\d{14}[0-9A-Z]$/);
    const [submitted] = (await intakeEvents(h, 'intake.application.submitted')).filter(
      (e) => (e.payload as { applicationNo?: string }).applicationNo === no,
    );
    expect(submitted?.payload).toMatchObject({ regionCode: '330106109000' });

    expect((await queueOf(h, 'clerk.sandun')).map((i) => i.no)).toContain(no);
    const accepted = await h.api.post('clerk.sandun', `/applications/${no}/accept`, { mode: 'normal' });
    expect(accepted.status).toBe(200);
    const view = strictDeep(ApplicationView).parse((await h.api.get('lisi', `/applications/${no}`)).body);
    expect(view.status).toBe('accepted');
    const [acceptedEvent] = (await intakeEvents(h, 'intake.application.accepted')).filter(
      (e) => (e.payload as { applicationNo?: string }).applicationNo === no,
    );
    expect(acceptedEvent?.payload).toMatchObject({ regionCode: '330106109000' });
  });

  it('scope below the county: another township, a village and another county get a 404 and change nothing', async () => {
    const no = await submitApplication(h, 'lisi', { snapshot });
    const rowOf = async () =>
      (
        await h.database.db.sql.query<Record<string, unknown>>(
          'SELECT status, row_version FROM application WHERE no = $1',
          [no],
        )
      )[0];
    const before = await rowOf();
    for (const clerk of [ZHUANTANG.username, 'clerk.village', 'clerk.shangcheng']) {
      const read = await h.api.get(clerk, `/applications/${no}`);
      expect([clerk, read.status, read.body.code]).toEqual([clerk, 404, 'NOT_FOUND']);
      const accept = await h.api.post(clerk, `/applications/${no}/accept`, { mode: 'normal' });
      expect([clerk, accept.status]).toEqual([clerk, 404]);
      expect((await queueOf(h, clerk)).map((i) => i.no)).not.toContain(no);
    }
    expect(await rowOf()).toEqual(before);
    // The township's own window reads and lists it.
    expect((await h.api.get('clerk.sandun', `/applications/${no}`)).status).toBe(200);
    expect((await queueOf(h, 'clerk.sandun')).map((i) => i.no)).toContain(no);
  });
});
