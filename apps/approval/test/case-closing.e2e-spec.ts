/**
 * 撤回 / 终止 and 退回补正 in approval, with the intake events injected deterministically so both orders of the
 * decision/withdrawal race are driven exactly: whichever commits first in approval wins.
 */
import { randomUUID } from 'node:crypto';
import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationSupplemented,
  type ProcessTemplate,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  accepted,
  approvalEvents,
  publish,
  publishSnapshot,
  settle,
  snapshot,
  startApproval,
  userId,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

/** Lead market-regulation (one official) and fire-rescue as co-department. */
const TWO_DEPARTMENTS: ProcessTemplate = {
  jointKind: 'general',
  lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 },
  coDepartments: [{ code: 'fire-rescue', name: '消防救援支队', limitDays: 10 }],
  steps: [],
};

interface TaskItem {
  id: string;
  applicationNo: string;
  status: string;
  deadline: { dueAt: string; paused: boolean };
}

describe.each(kinds)('closing and returns in approval on %s', (kind) => {
  let h: ServiceHarness;
  const tokens: Record<string, string> = {};
  const token = async (u: string) => (tokens[u] ??= await h.tokenFor(u));
  const base = snapshot({ processTemplate: TWO_DEPARTMENTS });

  beforeAll(async () => {
    h = await startApproval(kind);
    await publishSnapshot(h, base);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = async (path: string, user: string) =>
    request(h.url)
      .get(`/api/approval${path}`)
      .set('authorization', `Bearer ${await token(user)}`);
  const post = async (path: string, user: string, body: object = {}) =>
    request(h.url)
      .post(`/api/approval${path}`)
      .set('authorization', `Bearer ${await token(user)}`)
      .send(body);
  const taskOf = async (user: string, no: string): Promise<TaskItem> => {
    const res = await get('/tasks?pageSize=100', user);
    const t = (res.body.items as TaskItem[]).find((x) => x.applicationNo === no);
    if (!t) throw new Error(`no task of ${no} in ${user}'s queue`);
    return t;
  };
  const inQueue = async (user: string, no: string) =>
    ((await get('/tasks?pageSize=100', user)).body.items as TaskItem[]).some((x) => x.applicationNo === no);
  const approve = async (user: string, no: string) => {
    const t = await taskOf(user, no);
    expect((await post(`/tasks/${t.id}/claim`, user)).status).toBe(200);
    expect(
      (await post(`/tasks/${t.id}/complete`, user, { verdict: 'approve', opinion: '同意' })).status,
    ).toBe(200);
  };
  const open = async () => {
    const p = accepted(base);
    await publish(h, ApplicationAccepted, p);
    return p;
  };
  const closeRequest = (p: ReturnType<typeof accepted>, closing: 'withdraw' | 'terminate' = 'withdraw') => ({
    applicationNo: p.applicationNo,
    implementationCode: p.implementationCode,
    implementationVersion: p.implementationVersion,
    regionCode: p.regionCode,
    occurredAt: new Date().toISOString(),
    actor: p.applicant.userId
      ? { userId: p.applicant.userId, name: p.applicant.name, role: 'applicant' }
      : p.actor,
    closing,
    reason: '申请人撤回',
  });

  it('a withdrawal first: the case closes, its tasks leave every queue, every officer action → 409 CASE_CLOSED', async () => {
    const p = await open();
    const fireTask = await taskOf('approver.fire', p.applicationNo);
    await approve('approver.market', p.applicationNo);
    await publish(h, ApplicationCloseRequested, closeRequest(p));
    // A duplicate with another event id has no second effect.
    await publish(h, ApplicationCloseRequested, closeRequest(p), randomUUID());
    await settle(h);

    const view = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { closing: 'withdraw' },
      clocks: { stopped: true },
    });
    expect(await inQueue('approver.fire', p.applicationNo)).toBe(false);
    const closed = approvalEvents(h, 'approval.case.closed', p.applicationNo);
    expect(closed).toHaveLength(1);
    expect(closed[0]?.payload).toMatchObject({ closing: 'withdraw', closedTaskIds: [fireTask.id] });

    for (const [path, user, body] of [
      [`/tasks/${fireTask.id}/claim`, 'approver.fire', {}],
      [`/tasks/${fireTask.id}/complete`, 'approver.fire', { verdict: 'approve', opinion: '同意' }],
      [`/cases/${p.applicationNo}/decide`, 'approver.market', { outcome: 'approved', reasons: '准予' }],
      [
        `/cases/${p.applicationNo}/special-procedures`,
        'head.market',
        { kind: 'hearing', reason: '需要听证' },
      ],
    ] as const) {
      const res = await post(path, user, body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 409,
        code: 'CASE_CLOSED',
      });
    }
    expect(approvalEvents(h, 'approval.case.decided', p.applicationNo)).toHaveLength(0);
  });

  it('a decision first: the close request is refused and the decision stands', async () => {
    const p = await open();
    await approve('approver.market', p.applicationNo);
    await approve('approver.fire', p.applicationNo);
    expect(
      (
        await post(`/cases/${p.applicationNo}/decide`, 'approver.market', {
          outcome: 'approved',
          reasons: '准予',
        })
      ).status,
    ).toBe(200);
    await publish(h, ApplicationCloseRequested, closeRequest(p));
    await settle(h);
    const view = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(view.body).toMatchObject({ status: 'decided', closure: null, decision: { outcome: 'approved' } });
    const refused = approvalEvents(h, 'approval.case.close-refused', p.applicationNo);
    expect(refused.map((e) => e.payload)).toEqual([
      expect.objectContaining({ closing: 'withdraw', outcome: 'approved' }),
    ]);
    expect(approvalEvents(h, 'approval.case.closed', p.applicationNo)).toHaveLength(0);
  });

  it('a close request that overtakes the acceptance: the late acceptance opens no case', async () => {
    const p = accepted(base);
    await publish(h, ApplicationCloseRequested, closeRequest(p, 'terminate'));
    await publish(h, ApplicationAccepted, p);
    await settle(h);
    expect((await get(`/cases/${p.applicationNo}`, 'approver.market')).status).toBe(404);
    expect(approvalEvents(h, 'approval.case.opened', p.applicationNo)).toHaveLength(0);
  });

  it('退回补正: the return pauses every clock with its items; the answer reopens the task and moves the deadlines', async () => {
    const p = await open();
    const fire = await taskOf('approver.fire', p.applicationNo);
    expect((await post(`/tasks/${fire.id}/claim`, 'approver.fire')).status).toBe(200);
    const bad = await post(`/tasks/${fire.id}/complete`, 'approver.fire', {
      verdict: 'return',
      opinion: '图纸不清',
      items: [{ materialId: 'nope', problem: 'x' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'MATERIAL_UNKNOWN', details: { field: 'items.0.materialId' } });
    const before = (await get(`/cases/${p.applicationNo}`, 'approver.market')).body as {
      clocks: { legalDueAt: string };
    };
    const ret = await post(`/tasks/${fire.id}/complete`, 'approver.fire', {
      verdict: 'return',
      opinion: '消防图纸不清晰',
      items: [
        { materialId: 'application', problem: '请重新上传清晰扫描件' },
        { name: '消防检测报告', problem: '请补充' },
      ],
    });
    expect(ret.status).toBe(200);
    await settle(h);
    const completed = approvalEvents(h, 'approval.task.completed', p.applicationNo).find(
      (e) => e.payload.verdict === 'return',
    );
    expect(completed?.payload.returnItems).toEqual([
      { materialId: 'application', name: '食品经营许可申请书', problem: '请重新上传清晰扫描件' },
      { name: '消防检测报告', problem: '请补充' },
    ]);
    const suspended = approvalEvents(h, 'approval.case.suspended', p.applicationNo);
    expect(suspended.map((e) => e.payload.kind)).toEqual(['supplement']);
    const returned = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(returned.body).toMatchObject({ status: 'returned', clocks: { paused: true } });
    expect(
      (
        await post(
          `/cases/${p.applicationNo}/special-procedures/${String(suspended[0]?.payload.procedureId)}/end`,
          'approver.market',
          { result: 'x' },
        )
      ).status,
    ).toBe(409);

    const a = p.applicant.userId ?? userId('xihu-tech');
    await publish(h, ApplicationSupplemented, {
      applicationNo: p.applicationNo,
      implementationCode: p.implementationCode,
      implementationVersion: p.implementationVersion,
      regionCode: p.regionCode,
      occurredAt: new Date().toISOString(),
      actor: { userId: a, name: p.applicant.name, role: 'applicant' },
      materialIds: ['application'],
      answeredTaskIds: [fire.id],
    });
    await settle(h);
    const resumed = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(resumed.body).toMatchObject({ status: 'open', clocks: { paused: false } });
    expect(
      (resumed.body as { clocks: { legalDueAt: string } }).clocks.legalDueAt >= before.clocks.legalDueAt,
    ).toBe(true);
    expect((await taskOf('approver.fire', p.applicationNo)).status).toBe('pending');
    const resumedEvents = approvalEvents(h, 'approval.case.resumed', p.applicationNo);
    expect(resumedEvents.map((e) => e.payload.kind)).toEqual(['supplement']);
  });
});
