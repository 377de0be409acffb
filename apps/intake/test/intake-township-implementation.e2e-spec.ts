import { randomUUID } from 'node:crypto';
import { Role } from '@hall/auth';
import { demoAccounts, type DemoAccount } from '@hall/auth/dev';
import { ApplicationView, ServicePointList } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import request from 'supertest';
import { IntakeStore } from '../src/intake.store.js';
import { addServicePoints } from '../src/service-points/service-point.repository.js';
import {
  foodSnapshot,
  intakeEvents,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/** The clerk of 三墩镇便民服务中心 (test-only account, region 330106109000). */
const TOWNSHIP: string = '330106109000';
const SANDUN = {
  id: randomUUID(),
  username: 'clerk.sandun',
  password: 'demo',
  name: '三墩镇窗口测',
  email: 'clerk.sandun@township-implementation.example',
  roles: [Role.Clerk],
  kind: 'staff',
  department: 'service-center',
  departmentRole: 'officer',
  region: TOWNSHIP,
  description: '三墩镇便民服务中心（乡镇级事项测试）',
} as DemoAccount;
const idOf = (username: string) => demoAccounts.find((a) => a.username === username)?.id ?? '';

/**
 * 乡镇级 (level 5) implementations: an item exercised by a township (region 330106109000) is applied for online, its
 * number keeps the county, and the township's 便民服务中心 — the comprehensive window of its region — accepts it; the
 * events name the township as the implementation's region; another county's window does not see it.
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
    h = await startIntake(kind, undefined, undefined, [SANDUN]);
    await addServicePoints(h.app.get(IntakeStore).prisma, [
      {
        id: 'sp-330106',
        name: '西湖区政务服务中心',
        kind: 'center',
        regionCode: '330106',
        address: '西湖区',
        openingHours: '工作日',
        phone: null,
        acceptsAllOfRegion: true,
        items: [],
        clerkIds: [idOf('clerk.xihu')],
      },
      {
        id: 'sp-330106109000',
        name: '三墩镇便民服务中心',
        kind: 'center',
        regionCode: '330106109000',
        address: '三墩镇',
        openingHours: '工作日',
        phone: null,
        acceptsAllOfRegion: true,
        items: [],
        clerkIds: [SANDUN.id],
      },
    ]);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('is applied for online and accepted by the township window; the number keeps the county', async () => {
    const where = await request(h.url)
      .get('/api/intake/service-points')
      .query({ implementationCode: snapshot.implementationCode, region: '330106109201' });
    expect(
      strictDeep(ServicePointList)
        .parse(where.body)
        .map((p) => [p.id, p.mode]),
    ).toEqual([['sp-330106109000', 'accept']]);

    const no = await submitApplication(h, 'lisi', { snapshot });
    expect(no).toMatch(/^330106\d{14}[0-9A-Z]$/);
    const [submitted] = (await intakeEvents(h, 'intake.application.submitted')).filter(
      (e) => (e.payload as { applicationNo?: string }).applicationNo === no,
    );
    expect(submitted?.payload).toMatchObject({ regionCode: '330106109000' });

    expect((await h.api.get('clerk.shangcheng', `/applications/${no}`)).status).toBe(404);
    const queue = await h.api.get(SANDUN.username, '/applications', { queue: '1', pageSize: '100' });
    expect((queue.body.items as { no: string }[]).map((i) => i.no)).toContain(no);
    const accepted = await h.api.post(SANDUN.username, `/applications/${no}/accept`, { mode: 'normal' });
    expect(accepted.status).toBe(200);
    const view = strictDeep(ApplicationView).parse((await h.api.get('lisi', `/applications/${no}`)).body);
    expect(view.status).toBe('accepted');
    const [acceptedEvent] = (await intakeEvents(h, 'intake.application.accepted')).filter(
      (e) => (e.payload as { applicationNo?: string }).applicationNo === no,
    );
    expect(acceptedEvent?.payload).toMatchObject({ regionCode: '330106109000' });
  });
});
