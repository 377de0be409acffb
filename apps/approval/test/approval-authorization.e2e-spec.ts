import { ApplicationAccepted } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  accepted,
  HANGZHOU_MARKET,
  publish,
  publishSnapshot,
  snapshot,
  startApproval,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

/**
 * Authorization matrix: an officer of a department outside the case (fire-rescue) or of another department of
 * the case (health-commission) can neither see nor act on market-regulation's task, on every route; applicants
 * and clerks reach no approval route; region scoping (330100 covers 3301xx, a county officer only the county).
 */
describe.each(kinds)('approval authorization on %s', (kind) => {
  let h: ServiceHarness;
  const s = snapshot({
    processTemplate: {
      jointKind: 'general',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 10 },
      coDepartments: [{ code: 'health-commission', name: '卫生健康委员会', limitDays: 5 }],
      steps: [],
    },
  });
  const county = snapshot({
    implementationCode: `${HANGZHOU_MARKET.uscc}4000140100000`,
    level: '4',
    regionCode: '330106',
    regionName: '杭州市西湖区',
  });
  const p = accepted(s);
  const q = accepted(county);
  let caseId = '';
  let marketTask = '';
  let procedureId = '';

  const call = async (method: 'get' | 'post', path: string, user: string | null, body: object = {}) => {
    const req =
      method === 'get'
        ? request(h.url).get(`/api/approval${path}`)
        : request(h.url).post(`/api/approval${path}`).send(body);
    return user ? req.set('authorization', `Bearer ${await h.tokenFor(user)}`) : req;
  };

  beforeAll(async () => {
    h = await startApproval(kind);
    await publishSnapshot(h, s);
    await publishSnapshot(h, county);
    await publish(h, ApplicationAccepted, p);
    await publish(h, ApplicationAccepted, q);
    const c = await call('get', `/cases/${p.applicationNo}`, 'approver.market');
    caseId = c.body.id;
    marketTask = c.body.tasks.find(
      (t: { departmentCode: string }) => t.departmentCode === 'market-regulation',
    ).id;
    const sp = await call('post', `/cases/${p.applicationNo}/special-procedures`, 'approver.market', {
      kind: 'inspection',
      reason: '现场检验',
    });
    procedureId = sp.body.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const routes = (): Array<[string, 'get' | 'post', string, object?]> => [
    ['claim', 'post', `/tasks/${marketTask}/claim`],
    ['release', 'post', `/tasks/${marketTask}/release`],
    ['complete', 'post', `/tasks/${marketTask}/complete`, { verdict: 'approve', opinion: '同意' }],
    ['case by id', 'get', `/cases/${caseId}`],
    ['case by application number', 'get', `/cases/${p.applicationNo}`],
    ['materials (download routes)', 'get', `/cases/${caseId}/materials`],
    ['decide', 'post', `/cases/${p.applicationNo}/decide`, { outcome: 'approved' }],
    [
      'start special procedure',
      'post',
      `/cases/${caseId}/special-procedures`,
      { kind: 'hearing', reason: '听证' },
    ],
    [
      'end special procedure',
      'post',
      `/cases/${caseId}/special-procedures/${procedureId}/end`,
      { result: '完成' },
    ],
    ['audit', 'get', `/cases/${caseId}/audit`],
    ['audit verify', 'get', `/cases/${caseId}/audit/verify`],
  ];

  it('an officer of a department outside the case gets 404 on every route and never sees its tasks in the queue', async () => {
    for (const [name, method, path, body] of routes()) {
      const res = await call(method, path, 'approver.fire', body);
      expect([name, res.status]).toEqual([name, 404]);
    }
    const queue = await call('get', '/tasks?status=open&pageSize=100', 'approver.fire');
    expect(queue.status).toBe(200);
    expect(
      queue.body.items.filter((t: { applicationNo: string }) => t.applicationNo === p.applicationNo),
    ).toEqual([]);
  });

  it("an officer of another department of the same case cannot act on the lead's task (404) nor decide (403)", async () => {
    for (const [name, method, path, body] of routes().slice(0, 3)) {
      const res = await call(method, path, 'approver.health', body);
      expect([name, res.status]).toEqual([name, 404]);
    }
    const decide = await call('post', `/cases/${p.applicationNo}/decide`, 'approver.health', {
      outcome: 'approved',
    });
    expect(decide.status).toBe(403);
    expect(decide.body.code).toBe('NOT_DECIDING_DEPARTMENT');
    const end = await call(
      'post',
      `/cases/${caseId}/special-procedures/${procedureId}/end`,
      'approver.health',
      { result: '完成' },
    );
    expect(end.status).toBe(403);
    const queue = await call('get', '/tasks?pageSize=100', 'approver.health');
    const mine = queue.body.items.filter(
      (t: { applicationNo: string }) => t.applicationNo === p.applicationNo,
    );
    expect(mine.map((t: { departmentCode: string }) => t.departmentCode)).toEqual(['health-commission']);
    // the case itself (with the lead's task and every opinion) and its materials are visible to its co-department
    expect((await call('get', `/cases/${p.applicationNo}`, 'approver.health')).status).toBe(200);
    expect((await call('get', `/cases/${p.applicationNo}/materials`, 'approver.health')).status).toBe(200);
  });

  it.each(['zhangsan', 'xihu-tech', 'clerk.xihu'])(
    '%s (no approver role) is refused on every route (403), without a token 401',
    async (user) => {
      for (const [name, method, path, body] of [
        ...routes(),
        ['queue', 'get', '/tasks'] as [string, 'get', string],
      ]) {
        const res = await call(method, path, user, body);
        expect([name, res.status]).toEqual([name, 403]);
        expect((await call(method, path, null, body)).status).toBe(401);
      }
    },
  );

  it('region scope: a city officer (330100) sees 3301xx cases; a county officer (330106) only the county', async () => {
    const cityQueue = await call('get', '/tasks?pageSize=100', 'approver.market');
    const cityNos = cityQueue.body.items.map((t: { applicationNo: string }) => t.applicationNo);
    expect(cityNos).toEqual(expect.arrayContaining([p.applicationNo, q.applicationNo]));
    const countyQueue = await call('get', '/tasks?pageSize=100', 'approver.market.xihu');
    const countyNos = countyQueue.body.items.map((t: { applicationNo: string }) => t.applicationNo);
    expect(countyNos).toContain(q.applicationNo);
    expect(countyNos).not.toContain(p.applicationNo);
    expect((await call('get', `/cases/${p.applicationNo}`, 'approver.market.xihu')).status).toBe(404);
    expect((await call('get', `/cases/${p.applicationNo}/materials`, 'approver.market.xihu')).status).toBe(
      404,
    );
    expect((await call('post', `/tasks/${marketTask}/claim`, 'approver.market.xihu')).status).toBe(404);
    expect((await call('get', `/cases/${q.applicationNo}`, 'approver.market.xihu')).status).toBe(200);
  });

  it('a supervisor of the region reads cases and verifies audits but cannot act', async () => {
    expect((await call('get', `/cases/${p.applicationNo}`, 'supervisor')).status).toBe(200);
    expect((await call('get', `/cases/${p.applicationNo}/audit/verify`, 'supervisor')).body.intact).toBe(
      true,
    );
    expect((await call('get', `/cases/${p.applicationNo}/materials`, 'supervisor')).status).toBe(200);
    expect(
      (await call('post', `/cases/${p.applicationNo}/decide`, 'supervisor', { outcome: 'approved' })).status,
    ).toBe(403);
    expect((await call('get', '/tasks', 'supervisor')).status).toBe(403);
  });

  it('unknown fields and bad input are rejected with the field named', async () => {
    const res = await call('post', `/tasks/${marketTask}/complete`, 'approver.market', {
      verdict: 'approve',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const bad = await call('get', '/tasks?status=done', 'approver.market');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('status');
  });
});
