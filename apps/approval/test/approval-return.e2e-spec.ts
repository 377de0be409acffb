import { randomUUID } from 'node:crypto';
import {
  ApplicationAccepted,
  ApplicationSupplemented,
  CaseDecided,
  TaskAssigned,
  TaskCompleted,
  type PayloadOf,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import {
  accepted,
  applicationNo,
  approvalEvents,
  publish,
  publishSnapshot,
  settle,
  snapshot,
  startApproval,
  userId,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

/** 退回补正: a department returns the application; no decision until intake reports the supplement. */
describe.each(kinds)('return for supplement on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-18T09:00:00+08:00'));
  const s = snapshot({
    processTemplate: {
      jointKind: 'general',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 },
      coDepartments: [{ code: 'health-commission', name: '卫生健康委员会', limitDays: 5 }],
      steps: [],
    },
  });

  beforeAll(async () => {
    h = await startApproval(kind, clock);
    await publishSnapshot(h, s);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = async (path: string, user: string) =>
    request(h.url)
      .get(`/api/approval${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`);
  const post = async (path: string, user: string, body: object = {}) =>
    request(h.url)
      .post(`/api/approval${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`)
      .send(body);
  const taskId = async (no: string, dept: string): Promise<string> => {
    const c = await get(`/cases/${no}`, 'approver.market');
    const t = (c.body.tasks as Array<{ id: string; departmentCode: string }>).find(
      (x) => x.departmentCode === dept,
    );
    if (!t) throw new Error(`no ${dept} task`);
    return t.id;
  };
  const supplemented = (no: string): PayloadOf<typeof ApplicationSupplemented> => ({
    applicationNo: no,
    implementationCode: s.implementationCode,
    implementationVersion: s.version,
    regionCode: s.regionCode,
    occurredAt: '2026-09-22T10:00:00+08:00',
    actor: { userId: userId('xihu-tech'), name: '杭州西湖示范科技有限公司', role: 'applicant' },
    materialIds: ['application'],
  });

  it('returned → no decision (409 CASE_RETURNED) until the supplement reopens the returning task; the decision keeps both opinions', async () => {
    const p = accepted(s);
    await publish(h, ApplicationAccepted, p);
    const health = await taskId(p.applicationNo, 'health-commission');
    const market = await taskId(p.applicationNo, 'market-regulation');

    expect((await post(`/tasks/${health}/claim`, 'approver.health')).status).toBe(200);
    const noReasons = await post(`/tasks/${health}/complete`, 'approver.health', { verdict: 'return' });
    expect(noReasons.status).toBe(422);
    expect(noReasons.body.code).toBe('REASONS_REQUIRED');
    const returned = await post(`/tasks/${health}/complete`, 'approver.health', {
      verdict: 'return',
      opinion: '健康证明缺少从业人员体检结果，请补正',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'completed' });
    expect((await get(`/cases/${p.applicationNo}`, 'approver.market')).body.status).toBe('returned');

    // the lead may still examine, but neither a decision nor a special procedure is possible
    clock.set('2026-09-18T10:00:00+08:00');
    expect((await post(`/tasks/${market}/claim`, 'approver.market')).status).toBe(200);
    expect(
      (await post(`/tasks/${market}/complete`, 'approver.market', { verdict: 'approve', opinion: '同意' }))
        .status,
    ).toBe(200);
    const decide = await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' });
    expect(decide.status).toBe(409);
    expect(decide.body.code).toBe('CASE_RETURNED');
    const pause = await post(`/cases/${p.applicationNo}/special-procedures`, 'approver.market', {
      kind: 'hearing',
      reason: '听证',
    });
    expect(pause.status).toBe(409);
    expect(pause.body.code).toBe('CASE_RETURNED');

    // a supplement for another application (e.g. intake's pre-acceptance notice) changes nothing here
    await publish(h, ApplicationSupplemented, supplemented(applicationNo()));
    expect((await get(`/cases/${p.applicationNo}`, 'approver.market')).body.status).toBe('returned');

    // the applicant supplemented: the health task is back in its queue, with a new assignment event
    clock.set('2026-09-22T10:05:00+08:00');
    const eventId = randomUUID();
    await publish(h, ApplicationSupplemented, supplemented(p.applicationNo), eventId);
    await publish(h, ApplicationSupplemented, supplemented(p.applicationNo), eventId); // redelivery
    await publish(h, ApplicationSupplemented, supplemented(p.applicationNo)); // a duplicate with another id: case already open
    const reopened = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.tasks.find((t: { id: string }) => t.id === health)).toMatchObject({
      status: 'pending',
      assignee: null,
    });
    expect(reopened.body.tasks.find((t: { id: string }) => t.id === market)).toMatchObject({
      status: 'completed',
    });
    const queue = await get('/tasks?status=pending&pageSize=100', 'approver.health');
    expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(health);
    await settle(h);
    const assigned = approvalEvents(h, TaskAssigned.type, p.applicationNo).filter(
      (e) => (e.payload['task'] as { taskId: string }).taskId === health,
    );
    // opened, claimed, reopened — exactly one reopening
    expect(
      assigned.map((e) => (e.payload['assignee'] as { userId: string } | undefined)?.userId ?? null),
    ).toEqual([null, userId('approver.health'), null]);
    const audit = await get(`/cases/${p.applicationNo}/audit`, 'approver.market');
    const actions = (audit.body.entries as Array<{ action: string }>).map((e) => e.action);
    expect(actions.filter((a) => a === 'case.returned')).toHaveLength(1);
    expect(actions.filter((a) => a === 'case.supplemented')).toHaveLength(1);
    expect((await get(`/cases/${p.applicationNo}/audit/verify`, 'approver.market')).body.intact).toBe(true);

    // examined again, then decided: the decision records the return and the new opinion
    clock.set('2026-09-22T14:00:00+08:00');
    expect((await post(`/tasks/${health}/claim`, 'approver.health')).status).toBe(200);
    expect(
      (
        await post(`/tasks/${health}/complete`, 'approver.health', {
          verdict: 'approve',
          opinion: '补正后符合要求',
        })
      ).status,
    ).toBe(200);
    clock.set('2026-09-23T09:00:00+08:00');
    const decided = await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' });
    expect(decided.status).toBe(200);
    expect(
      decided.body.opinions.map((o: { departmentCode: string; verdict: string }) => [
        o.departmentCode,
        o.verdict,
      ]),
    ).toEqual([
      ['health-commission', 'return'],
      ['market-regulation', 'approve'],
      ['health-commission', 'approve'],
    ]);
    await settle(h);
    expect(approvalEvents(h, TaskCompleted.type, p.applicationNo).map((e) => e.payload['verdict'])).toEqual([
      'return',
      'approve',
      'approve',
    ]);
    const [event] = approvalEvents(h, CaseDecided.type, p.applicationNo);
    expect((event?.payload['opinions'] as Array<{ verdict: string }>).map((o) => o.verdict)).toEqual([
      'return',
      'approve',
      'approve',
    ]);
  });

  it('a return is refused while a special procedure runs (409 CASE_SUSPENDED)', async () => {
    const p = accepted(s);
    await publish(h, ApplicationAccepted, p);
    const health = await taskId(p.applicationNo, 'health-commission');
    expect(
      (
        await post(`/cases/${p.applicationNo}/special-procedures`, 'approver.market', {
          kind: 'testing',
          reason: '水质检测',
        })
      ).status,
    ).toBe(201);
    expect((await post(`/tasks/${health}/claim`, 'approver.health')).status).toBe(200);
    const res = await post(`/tasks/${health}/complete`, 'approver.health', {
      verdict: 'return',
      opinion: '缺少检测报告',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CASE_SUSPENDED');
    expect((await get(`/cases/${p.applicationNo}`, 'approver.market')).body.status).toBe('suspended');
  });
});
