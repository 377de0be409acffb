import { ApplicationAccepted, CaseExtended, CaseResumed, CaseSuspended } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import {
  accepted,
  approvalEvents,
  publish,
  publishSnapshot,
  settle,
  snapshot,
  startApproval,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

/** End of a China-time day as the API reports deadlines. */
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

describe.each(kinds)('deadlines and special procedures on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-17T10:30:00+08:00'));
  const s = snapshot();
  // accepted Thu 2026-09-17 10:00 (China time), promised 15 working days; a general joint case (lead + 3), so the
  // legal limit is the joint-handling one (AL art. 42 ¶2): 45 working days, an extension adds 15
  const p = accepted(s);

  beforeAll(async () => {
    h = await startApproval(kind, clock);
    await publishSnapshot(h, s);
    await publish(h, ApplicationAccepted, p);
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
  const deadlines = async () => {
    const c = (await get(`/cases/${p.applicationNo}`, 'approver.market')).body as {
      status: string;
      clocks: { promisedDueAt: string; legalDueAt: string; workingDaysUsed: number; paused: boolean };
      tasks: Array<{ departmentCode: string; deadline: { dueAt: string } }>;
    };
    return {
      status: c.status,
      clocks: c.clocks,
      tasks: Object.fromEntries(c.tasks.map((t) => [t.departmentCode, t.deadline.dueAt])),
    };
  };

  it('matches the hand-computed table across 国庆 (make-up workdays 09-20, 10-10), a 5-working-day expert review and an extension', async () => {
    // before any pause (hand-computed: see case-clock.spec.ts)
    expect(await deadlines()).toMatchObject({
      status: 'open',
      clocks: { promisedDueAt: endOf('2026-10-14'), legalDueAt: endOf('2026-11-25'), paused: false },
      tasks: {
        'health-commission': endOf('2026-09-23'),
        'fire-rescue': endOf('2026-10-08'),
        'data-bureau': endOf('2026-10-10'),
        'market-regulation': endOf('2026-10-14'),
      },
    });

    // 专家评审 from Mon 10-12 09:00: the case is suspended, the applicant gets a written notice (the event)
    clock.set('2026-10-12T09:00:00+08:00');
    const started = await post(`/cases/${p.applicationNo}/special-procedures`, 'approver.market', {
      kind: 'expert-review',
      reason: '组织专家对加工工艺进行评审',
      expectedDays: 5,
    });
    expect(started.status).toBe(201);
    expect(started.body.notice).toContain('专家评审');
    expect(started.body.notice).toContain('不计算在审批期限内');
    expect((await deadlines()).clocks.paused).toBe(true);
    const queue = await get('/tasks', 'approver.market');
    expect(
      queue.body.items.find((t: { applicationNo: string }) => t.applicationNo === p.applicationNo).deadline
        .paused,
    ).toBe(true);
    const second = await post(`/cases/${p.applicationNo}/special-procedures`, 'approver.market', {
      kind: 'testing',
      reason: '水质检测',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('PROCEDURE_OPEN');
    const decide = await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' });
    expect(decide.body.code).toBe('CASE_SUSPENDED');

    // ends Fri 10-16 16:00: 10-12..10-16 (5 working days) leave every deadline
    clock.set('2026-10-16T16:00:00+08:00');
    const ended = await post(
      `/cases/${p.applicationNo}/special-procedures/${started.body.id}/end`,
      'approver.market',
      { result: '专家评审通过' },
    );
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ result: '专家评审通过', endedAt: '2026-10-16T08:00:00.000Z' });
    expect(
      (
        await post(`/cases/${p.applicationNo}/special-procedures/${started.body.id}/end`, 'approver.market', {
          result: 'x',
        })
      ).body.code,
    ).toBe('PROCEDURE_ENDED');
    clock.set('2026-10-20T10:00:00+08:00');
    expect(await deadlines()).toMatchObject({
      status: 'open',
      clocks: {
        promisedDueAt: endOf('2026-10-21'),
        legalDueAt: endOf('2026-12-02'),
        workingDaysUsed: 14,
        paused: false,
      },
      tasks: {
        'health-commission': endOf('2026-09-23'),
        'fire-rescue': endOf('2026-10-08'),
        'data-bureau': endOf('2026-10-10'),
        'market-regulation': endOf('2026-10-21'),
      },
    });

    // 延长审批 of a joint case (AL art. 42 ¶2): +15 working days, only with the 本级人民政府负责人's approval, once
    for (const user of ['approver.market', 'head.market']) {
      const refused = await post(`/cases/${p.applicationNo}/special-procedures`, user, {
        kind: 'extension',
        reason: '需进一步核实',
      });
      expect([user, refused.status, refused.body.code]).toEqual([user, 403, 'GOVERNMENT_HEAD_REQUIRED']);
    }
    const ext = await post(`/cases/${p.applicationNo}/special-procedures`, 'gov.head', {
      kind: 'extension',
      reason: '需进一步核实',
    });
    expect(ext.status).toBe(201);
    expect(ext.body).toMatchObject({ kind: 'extension', days: 15 });
    expect(ext.body.notice).toContain('延长15个工作日');
    expect(ext.body.notice).toContain('经本级人民政府负责人批准');
    expect(await deadlines()).toMatchObject({
      clocks: { promisedDueAt: endOf('2026-11-11'), legalDueAt: endOf('2026-12-23') },
      tasks: { 'market-regulation': endOf('2026-11-11'), 'health-commission': endOf('2026-09-23') },
    });
    const again = await post(`/cases/${p.applicationNo}/special-procedures`, 'gov.head', {
      kind: 'extension',
      reason: '再次延长',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EXTENSION_LIMIT_REACHED');

    await settle(h);
    expect(approvalEvents(h, CaseSuspended.type, p.applicationNo).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        kind: 'expert-review',
        startedAt: '2026-10-12T01:00:00.000Z',
        expectedDays: 5,
      }),
    ]);
    expect(approvalEvents(h, CaseResumed.type, p.applicationNo).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        result: '专家评审通过',
        promisedDueAt: endOf('2026-10-21'),
        legalDueAt: endOf('2026-12-02'),
      }),
    ]);
    expect(approvalEvents(h, CaseExtended.type, p.applicationNo).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        days: 15,
        promisedDueAt: endOf('2026-11-11'),
        legalDueAt: endOf('2026-12-23'),
      }),
    ]);
  });

  it('the queue lists earliest deadline first with working days left', async () => {
    clock.set('2026-09-18T09:00:00+08:00');
    const q = accepted(s);
    await publish(h, ApplicationAccepted, q);
    const res = await get('/tasks?status=pending', 'approver.health');
    expect(res.status).toBe(200);
    const dues = (res.body.items as Array<{ deadline: { dueAt: string } }>).map((t) => t.deadline.dueAt);
    expect(dues).toEqual([...dues].sort());
    const mine = res.body.items.find((t: { applicationNo: string }) => t.applicationNo === q.applicationNo);
    // due Wed 09-23; on Fri 09-18: 09-20 (调休), 09-21, 09-22, 09-23 → 4 working days left
    expect(mine.deadline).toMatchObject({ dueAt: endOf('2026-09-23'), workingDaysLeft: 4, overdue: false });
    expect(res.body).toMatchObject({
      department: 'health-commission',
      status: 'pending',
      page: 1,
      totalCapped: false,
    });
  });
});
