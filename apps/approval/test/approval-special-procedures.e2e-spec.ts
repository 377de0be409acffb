import {
  ApplicationAccepted,
  CaseExtended,
  CaseSuspended,
  TaskResumed,
  TaskSuspended,
} from '@hall/contracts';
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

const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

interface CaseBody {
  id: string;
  status: string;
  version: number;
  clocks: { promisedDueAt: string; legalDueAt: string; paused: boolean; extensionDays: number };
  tasks: Array<{
    id: string;
    departmentCode: string;
    deadline: { dueAt: string; paused: boolean; pausedSince: string | null };
  }>;
  specialProcedures: Array<{
    id: string;
    kind: string;
    scope: string;
    taskId: string | null;
    endedAt: string | null;
  }>;
}

/**
 * Who may start which special procedure (特别程序). The case: a general joint case (联合办理, AL art. 42 ¶2) of
 * 杭州市 (330100), lead and deciding department market-regulation, co-departments health (5 working days), fire
 * (10) and data (12); accepted Thu 2026-09-17 10:00. Before any pause (hand-computed in approval-deadlines):
 * promised 10-14, legal (45) 11-25; health 09-23, fire 10-08, data 10-10, market 10-14.
 */
describe.each(kinds)('special procedures by the right person on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-18T10:00:00+08:00'));
  const s = snapshot();
  const single = snapshot({
    version: 2,
    processTemplate: {
      jointKind: 'single',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 },
      coDepartments: [],
      steps: [],
    },
  });

  beforeAll(async () => {
    h = await startApproval(kind, clock);
    await publishSnapshot(h, s);
    await publishSnapshot(h, single);
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
  const openCase = async (snap = s) => {
    const p = accepted(snap);
    await publish(h, ApplicationAccepted, p);
    return p.applicationNo;
  };
  const view = async (no: string, user = 'approver.market') =>
    (await get(`/cases/${no}`, user)).body as CaseBody;
  const taskOf = (c: CaseBody, department: string) => {
    const t = c.tasks.find((x) => x.departmentCode === department);
    if (!t) throw new Error(`no ${department} task`);
    return t;
  };
  const dues = (c: CaseBody) => ({
    promised: c.clocks.promisedDueAt,
    legal: c.clocks.legalDueAt,
    ...Object.fromEntries(c.tasks.map((t) => [t.departmentCode, t.deadline.dueAt])),
  });
  const before = {
    promised: endOf('2026-10-14'),
    legal: endOf('2026-11-25'),
    'health-commission': endOf('2026-09-23'),
    'fire-rescue': endOf('2026-10-08'),
    'data-bureau': endOf('2026-10-10'),
    'market-regulation': endOf('2026-10-14'),
  };

  it('a case-wide pause: a co-department (or the government head) gets 403 and nothing changes; the deciding department stops every clock', async () => {
    clock.set('2026-09-18T10:00:00+08:00');
    const no = await openCase();
    const start = await view(no);
    for (const [user, kindOf] of [
      ['approver.health', 'hearing'],
      ['approver.fire', 'expert-review'],
      ['gov.head', 'inspection'],
    ] as const) {
      const res = await post(`/cases/${no}/special-procedures`, user, {
        kind: kindOf,
        reason: '需要组织听证',
      });
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'CASE_PAUSE_DECIDING_DEPARTMENT_ONLY']);
      expect(res.body.details).toMatchObject({ decidingDepartmentCode: 'market-regulation' });
    }
    const unchanged = await view(no);
    expect({
      status: unchanged.status,
      version: unchanged.version,
      paused: unchanged.clocks.paused,
      procedures: unchanged.specialProcedures,
    }).toEqual({
      status: 'open',
      version: start.version,
      paused: false,
      procedures: [],
    });

    const ok = await post(`/cases/${no}/special-procedures`, 'approver.market', {
      kind: 'hearing',
      reason: '需要组织听证',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'hearing', scope: 'case', taskId: null });
    const paused = await view(no);
    expect(paused.status).toBe('suspended');
    expect(paused.clocks.paused).toBe(true);
    expect(paused.tasks.every((t) => t.deadline.paused)).toBe(true);
    const end = await post(`/cases/${no}/special-procedures/${ok.body.id}/end`, 'approver.health', {
      result: '完成',
    });
    expect([end.status, end.body.code]).toEqual([403, 'PROCEDURE_NOT_YOURS']);
  });

  it("a co-department pauses its own step only: that task's deadline moves by the paused working days, the case clocks run on", async () => {
    clock.set('2026-09-18T10:00:00+08:00');
    const no = await openCase();
    const c0 = await view(no);
    expect(dues(c0)).toEqual(before);
    const health = taskOf(c0, 'health-commission').id;
    const market = taskOf(c0, 'market-regulation').id;

    // input: scope task needs the task; an extension is never task-level
    const noTask = await post(`/cases/${no}/special-procedures`, 'approver.health', {
      kind: 'inspection',
      reason: '现场卫生检验',
      scope: 'task',
    });
    expect([noTask.status, noTask.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(noTask.body.message).toContain('taskId');
    const taskExtension = await post(`/cases/${no}/special-procedures`, 'approver.health', {
      kind: 'extension',
      reason: '延长',
      scope: 'task',
      taskId: health,
    });
    expect(taskExtension.status).toBe(400);
    // another department's step, or a department outside the case: 404 (no existence leak)
    expect(
      (
        await post(`/cases/${no}/special-procedures`, 'approver.health', {
          kind: 'inspection',
          reason: '现场卫生检验',
          scope: 'task',
          taskId: market,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await post(`/cases/${no}/special-procedures`, 'approver.fire', {
          kind: 'inspection',
          reason: '现场卫生检验',
          scope: 'task',
          taskId: health,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await post(`/cases/${no}/special-procedures`, 'approver.urban', {
          kind: 'inspection',
          reason: '现场卫生检验',
          scope: 'task',
          taskId: health,
        })
      ).status,
    ).toBe(404);

    // Mon 09-21 09:00: health pauses its step for an inspection
    clock.set('2026-09-21T09:00:00+08:00');
    const started = await post(`/cases/${no}/special-procedures`, 'approver.health', {
      kind: 'inspection',
      reason: '现场卫生检验',
      scope: 'task',
      taskId: health,
      expectedDays: 2,
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      kind: 'inspection',
      scope: 'task',
      taskId: health,
      departmentCode: 'health-commission',
      endedAt: null,
    });
    const during = await view(no);
    expect(during.status).toBe('open');
    expect(during.clocks.paused).toBe(false);
    expect(dues(during)).toEqual(before);
    expect(Object.fromEntries(during.tasks.map((t) => [t.departmentCode, t.deadline.paused]))).toEqual({
      'health-commission': true,
      'fire-rescue': false,
      'data-bureau': false,
      'market-regulation': false,
    });
    expect(taskOf(during, 'health-commission').deadline.pausedSince).toBe('2026-09-21T01:00:00.000Z');
    const queue = await get('/tasks', 'approver.health');
    expect(queue.body.items.find((t: { id: string }) => t.id === health).deadline).toMatchObject({
      paused: true,
    });

    // one pause per step at a time; no opinion while the step is paused; the step's department ends it
    const again = await post(`/cases/${no}/special-procedures`, 'approver.health', {
      kind: 'testing',
      reason: '水质检测',
      scope: 'task',
      taskId: health,
    });
    expect([again.status, again.body.code]).toEqual([409, 'TASK_PAUSED']);
    expect((await post(`/tasks/${health}/claim`, 'approver.health')).status).toBe(200);
    const complete = await post(`/tasks/${health}/complete`, 'approver.health', {
      verdict: 'approve',
      opinion: '同意',
    });
    expect([complete.status, complete.body.code]).toEqual([409, 'TASK_PAUSED']);
    const byLead = await post(`/cases/${no}/special-procedures/${started.body.id}/end`, 'approver.market', {
      result: '检验合格',
    });
    expect([byLead.status, byLead.body.code]).toEqual([403, 'PROCEDURE_NOT_YOURS']);
    // the deciding department may still pause the whole case meanwhile (and end it the same day)
    const casePause = await post(`/cases/${no}/special-procedures`, 'approver.market', {
      kind: 'hearing',
      reason: '听证',
    });
    expect(casePause.status).toBe(201);
    expect(
      (
        await post(`/cases/${no}/special-procedures/${casePause.body.id}/end`, 'approver.market', {
          result: '听证完毕',
        })
      ).status,
    ).toBe(200);

    // Tue 09-22 16:00: ended. The pause touched Mon 09-21 (also the case pause's day) and Tue 09-22.
    clock.set('2026-09-22T16:00:00+08:00');
    const ended = await post(`/cases/${no}/special-procedures/${started.body.id}/end`, 'approver.health', {
      result: '检验合格',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      scope: 'task',
      result: '检验合格',
      endedAt: '2026-09-22T08:00:00.000Z',
    });
    const after = await view(no);
    // case clocks: only the case-wide hearing (Mon 09-21) counts → every case deadline +1 working day;
    // health: 09-21 and 09-22 excluded → 09-18, 09-20 (调休), 09-23, 09-24, 09-28 (中秋 09-25..27) → 09-28
    expect(dues(after)).toEqual({
      promised: endOf('2026-10-15'),
      legal: endOf('2026-11-26'),
      'health-commission': endOf('2026-09-28'),
      'fire-rescue': endOf('2026-10-09'),
      'data-bureau': endOf('2026-10-12'),
      'market-regulation': endOf('2026-10-15'),
    });
    expect(taskOf(after, 'health-commission').deadline).toMatchObject({ paused: false, pausedSince: null });
    expect(after.specialProcedures.map((p) => [p.kind, p.scope])).toEqual([
      ['inspection', 'task'],
      ['hearing', 'case'],
    ]);
    const done = await post(`/tasks/${health}/complete`, 'approver.health', {
      verdict: 'approve',
      opinion: '同意',
    });
    expect(done.status).toBe(200);

    const audit = await get(`/cases/${no}/audit`, 'approver.market');
    const actions = (
      audit.body.entries as Array<{ action: string; after: Record<string, unknown> | null }>
    ).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['task.suspended', 'task.resumed']));
    const resumedEntry = (
      audit.body.entries as Array<{ action: string; after: Record<string, unknown> | null }>
    ).find((e) => e.action === 'task.resumed');
    expect(resumedEntry?.after).toMatchObject({ taskId: health, dueAt: endOf('2026-09-28') });

    await settle(h);
    expect(approvalEvents(h, TaskSuspended.type, no).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        procedureId: started.body.id,
        kind: 'inspection',
        task: expect.objectContaining({ taskId: health, departmentCode: 'health-commission' }),
      }),
    ]);
    expect(approvalEvents(h, TaskResumed.type, no).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        procedureId: started.body.id,
        task: expect.objectContaining({ taskId: health, dueAt: endOf('2026-09-28') }),
        result: '检验合格',
      }),
    ]);
    // the only case suspension is the deciding department's hearing
    expect(approvalEvents(h, CaseSuspended.type, no).map((e) => e.payload['procedureId'])).toEqual([
      casePause.body.id,
    ]);
  });

  it('the joint-case +15 extension (AL art. 42 ¶2): a department head gets 403; the 本级人民政府负责人 grants it and both deadlines move by 15 working days', async () => {
    clock.set('2026-09-18T10:00:00+08:00');
    const no = await openCase();
    const c0 = await view(no);
    // the case tells the web who approves its extension
    expect((c0 as CaseBody & { extension: unknown }).extension).toEqual({
      approver: 'government-head',
      days: 15,
      used: 0,
      max: 1,
    });
    for (const user of ['head.market', 'approver.market', 'approver.health']) {
      const res = await post(`/cases/${no}/special-procedures`, user, {
        kind: 'extension',
        reason: '情况复杂',
      });
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'GOVERNMENT_HEAD_REQUIRED']);
    }
    expect((await view(no)).version).toBe(c0.version);

    // the government head reaches the case: their list of joint cases, then the case itself (read only)
    const list = await get('/joint-cases?pageSize=100', 'gov.head');
    expect(list.status).toBe(200);
    const item = list.body.items.find((x: { applicationNo: string }) => x.applicationNo === no);
    expect(item).toMatchObject({
      id: c0.id,
      jointKind: 'general',
      extension: { used: 0, allowed: true, days: 15 },
    });
    expect((await get(`/cases/${no}`, 'gov.head')).status).toBe(200);
    expect((await get(`/cases/${no}/materials`, 'gov.head')).status).toBe(403);
    expect((await get('/tasks', 'gov.head')).status).toBe(403);
    // a district government head does not cover a city case
    expect((await get(`/cases/${no}`, 'gov.head.xihu')).status).toBe(404);
    expect(
      (
        await post(`/cases/${no}/special-procedures`, 'gov.head.xihu', {
          kind: 'extension',
          reason: '情况复杂',
        })
      ).status,
    ).toBe(404);
    expect(
      (await get('/joint-cases?pageSize=100', 'gov.head.xihu')).body.items.map(
        (x: { applicationNo: string }) => x.applicationNo,
      ),
    ).not.toContain(no);

    const ext = await post(`/cases/${no}/special-procedures`, 'gov.head', {
      kind: 'extension',
      reason: '情况复杂，需要多部门会商',
    });
    expect(ext.status).toBe(201);
    expect(ext.body).toMatchObject({
      kind: 'extension',
      scope: 'case',
      days: 15,
      departmentCode: 'people-government',
    });
    expect(ext.body.notice).toContain('经本级人民政府负责人批准');
    // promised 10-14 +15 → 10-15, 16, 19..23, 26..30, 11-02, 03, 04 → 11-04; legal 11-25 +15 → 11-26, 27, 30,
    // 12-01..04, 07..11, 14, 15, 16 → 12-16; the deciding side's task moves with them, co-departments keep theirs
    expect(dues(await view(no))).toEqual({
      ...before,
      promised: endOf('2026-11-04'),
      legal: endOf('2026-12-16'),
      'market-regulation': endOf('2026-11-04'),
    });
    const audit = await get(`/cases/${no}/audit`, 'approver.market');
    const entry = (
      audit.body.entries as Array<{ action: string; actor: { role: string; userId: string } }>
    ).find((e) => e.action === 'case.extended');
    expect(entry?.actor).toMatchObject({ role: 'government-head' });
    const again = await post(`/cases/${no}/special-procedures`, 'gov.head', {
      kind: 'extension',
      reason: '再次延长',
    });
    expect([again.status, again.body.code]).toEqual([409, 'EXTENSION_LIMIT_REACHED']);
    const listed = (await get('/joint-cases?pageSize=100', 'gov.head')).body.items.find(
      (x: { applicationNo: string }) => x.applicationNo === no,
    );
    expect(listed.extension).toMatchObject({ used: 1, allowed: false });
    // the government head starts no pause and ends nothing
    expect(
      (await post(`/cases/${no}/special-procedures`, 'gov.head', { kind: 'hearing', reason: '听证' })).status,
    ).toBe(403);

    await settle(h);
    expect(approvalEvents(h, CaseExtended.type, no).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        days: 15,
        promisedDueAt: endOf('2026-11-04'),
        legalDueAt: endOf('2026-12-16'),
        actor: expect.objectContaining({ role: 'government-head' }),
      }),
    ]);
  });

  it("a single-department case is not the government head's: 404; its department head extends it (+10)", async () => {
    clock.set('2026-09-18T10:00:00+08:00');
    const no = await openCase(single);
    expect(((await view(no)) as CaseBody & { extension: unknown }).extension).toEqual({
      approver: 'department-head',
      days: 10,
      used: 0,
      max: 1,
    });
    expect((await get(`/cases/${no}`, 'gov.head')).status).toBe(404);
    expect(
      (await post(`/cases/${no}/special-procedures`, 'gov.head', { kind: 'extension', reason: '情况复杂' }))
        .status,
    ).toBe(404);
    const ext = await post(`/cases/${no}/special-procedures`, 'head.market', {
      kind: 'extension',
      reason: '情况复杂',
    });
    expect(ext.status).toBe(201);
    expect(ext.body).toMatchObject({ days: 10 });
    expect(ext.body.notice).toContain('经本机关负责人批准');
  });
});
