import { randomUUID } from 'node:crypto';
import {
  ApplicationAccepted,
  CaseDecided,
  CaseDecidedPayload,
  CaseOpened,
  TaskAssigned,
  TaskCompleted,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { PII_CIPHERTEXT_PATTERN } from '@hall/platform';
import { type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  accepted,
  approvalEvents,
  FOUR_DEPARTMENTS,
  HANGZHOU_MARKET,
  publish,
  publishSnapshot,
  settle,
  snapshot,
  startApproval,
  userId,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

interface TaskItem {
  id: string;
  applicationNo: string;
  departmentCode: string;
  role: string;
  status: string;
  version: number;
  twoOfficials: boolean;
  deadline: { dueAt: string; limitDays: number; workingDaysLeft: number };
}

describe.each(kinds)('approval service on %s', (kind) => {
  let h: ServiceHarness;
  const tokens: Record<string, string> = {};
  const token = async (u: string) => (tokens[u] ??= await h.tokenFor(u));
  const base = snapshot();

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
  const queueTask = async (user: string, applicationNo: string): Promise<TaskItem | undefined> => {
    const res = await get('/tasks?pageSize=100', user);
    expect(res.status).toBe(200);
    return (res.body.items as TaskItem[]).find((t) => t.applicationNo === applicationNo);
  };
  const taskOf = async (user: string, applicationNo: string): Promise<TaskItem> => {
    const t = await queueTask(user, applicationNo);
    if (!t) throw new Error(`no task of ${applicationNo} in ${user}'s queue`);
    return t;
  };
  const examine = async (user: string, applicationNo: string, verdict: string, opinion: string) => {
    const t = await taskOf(user, applicationNo);
    expect((await post(`/tasks/${t.id}/claim`, user)).status).toBe(200);
    const res = await post(`/tasks/${t.id}/complete`, user, { verdict, opinion });
    expect(res.status).toBe(200);
    return res.body as TaskItem;
  };
  const openCase = async (overrides = {}) => {
    const p = accepted(base, overrides);
    await publish(h, ApplicationAccepted, p);
    return p;
  };

  it('opens one task per department at once: all four queues hold the case with their own deadlines', async () => {
    const p = await openCase();
    const expected: Record<string, [string, string, number]> = {
      'approver.market': ['market-regulation', 'lead', 15],
      'approver.health': ['health-commission', 'co', 5],
      'approver.fire': ['fire-rescue', 'co', 10],
      'approver.data': ['data-bureau', 'co', 12],
    };
    const dues: Record<string, string> = {};
    for (const [user, [dept, role, limit]] of Object.entries(expected)) {
      const t = await taskOf(user, p.applicationNo);
      expect(t).toMatchObject({
        departmentCode: dept,
        role,
        status: 'pending',
        deadline: { limitDays: limit },
      });
      dues[dept] = t.deadline.dueAt;
    }
    // accepted Thu 2026-09-17: 5 wd → Wed 09-23; 10 → Thu 10-08 (国庆 10-01..07); 12 → Sat 10-10 (调休上班); 15 → Wed 10-14
    expect(dues).toEqual({
      'health-commission': '2026-09-23T15:59:59.999Z',
      'fire-rescue': '2026-10-08T15:59:59.999Z',
      'data-bureau': '2026-10-10T15:59:59.999Z',
      'market-regulation': '2026-10-14T15:59:59.999Z',
    });
    expect((await taskOf('approver.market', p.applicationNo)).twoOfficials).toBe(true);
    await settle(h);
    const opened = approvalEvents(h, CaseOpened.type, p.applicationNo);
    expect(opened).toHaveLength(1);
    expect((opened[0]?.payload.tasks as unknown[]).length).toBe(4);
    expect(approvalEvents(h, TaskAssigned.type, p.applicationNo)).toHaveLength(4);
  });

  it('a replayed or duplicated accept never opens a second case or task', async () => {
    const p = accepted(base);
    const eventId = randomUUID();
    await publish(h, ApplicationAccepted, p, eventId);
    await publish(h, ApplicationAccepted, p, eventId); // redelivery (same event id)
    await publish(h, ApplicationAccepted, p); // duplicate (another event id)
    await Promise.all([publish(h, ApplicationAccepted, p), publish(h, ApplicationAccepted, p)]);
    const [cases] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1',
      [p.applicationNo],
    );
    const [tasks] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM approval_task WHERE application_no = $1',
      [p.applicationNo],
    );
    expect([Number(cases?.n), Number(tasks?.n)]).toEqual([1, 4]);
    await settle(h);
    expect(approvalEvents(h, CaseOpened.type, p.applicationNo)).toHaveLength(1);
  });

  it('an accept for a version not received yet is retried until the catalog event arrives, then follows that version', async () => {
    const v2 = snapshot({
      version: 2,
      processTemplate: { ...FOUR_DEPARTMENTS, coDepartments: [], jointKind: 'single' },
    });
    const p = accepted(v2);
    const pending = publish(h, ApplicationAccepted, p); // fails (unknown version) and is retried, not dropped
    const [before] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1',
      [p.applicationNo],
    );
    expect(Number(before?.n)).toBe(0);
    await publishSnapshot(h, v2);
    await pending;
    const res = await get(`/cases/${p.applicationNo}`, 'approver.market');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ implementation: { version: 2 }, jointKind: 'single' });
    expect(res.body.tasks).toHaveLength(1);
    // version 1 is still held: a new case against v1 still gets four departments
    const p1 = await openCase();
    expect((await get(`/cases/${p1.applicationNo}`, 'approver.market')).body.tasks).toHaveLength(4);
    const versions = await h.database.db.sql.query<{ version: number }>(
      'SELECT version FROM implementation_version_view WHERE code = $1 ORDER BY version',
      [base.implementationCode],
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('general joint case: the lead cannot decide before every co-department finished (409); a co-department deny reaches the lead with reasons; the decision is emitted once with everything the licence service needs', async () => {
    const p = await openCase();
    // lead examines (on-site check: two officials)
    const lead = await taskOf('approver.market', p.applicationNo);
    expect((await post(`/tasks/${lead.id}/claim`, 'approver.market')).status).toBe(200);
    const signed = await post(`/tasks/${lead.id}/complete`, 'approver.market', {
      verdict: 'approve',
      opinion: '现场核查符合要求',
    });
    expect(signed.body).toMatchObject({ status: 'cosign' });
    // The co-signer reads what they confirm: the first official's name, opinion and (here no) 退回补正 items.
    const waiting = await get(`/cases/${p.applicationNo}`, 'head.market');
    expect(waiting.body.tasks.find((t: { id: string }) => t.id === lead.id)).toMatchObject({
      status: 'cosign',
      pendingVerdict: 'approve',
      firstSignature: { opinion: '现场核查符合要求', returnItems: [] },
    });
    const cosigned = await post(`/tasks/${lead.id}/complete`, 'head.market', {
      verdict: 'approve',
      opinion: '同意',
    });
    expect(cosigned.body).toMatchObject({ status: 'completed' });

    const early = await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('JOIN_INCOMPLETE');
    expect(
      early.body.details.waiting.map((w: { departmentCode: string }) => w.departmentCode).sort(),
    ).toEqual(['data-bureau', 'fire-rescue', 'health-commission']);

    await examine('approver.health', p.applicationNo, 'approve', '卫生条件符合要求');
    await examine('approver.fire', p.applicationNo, 'deny', '疏散通道宽度不足1.4米，不符合消防技术标准');
    expect(
      (await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' })).status,
    ).toBe(409);
    await examine('approver.data', p.applicationNo, 'approve', '共享核验一致');

    const view = await get(`/cases/${p.applicationNo}`, 'head.market');
    const fire = (
      view.body.opinions as Array<{ departmentCode: string; verdict: string; opinion: string }>
    ).find((o) => o.departmentCode === 'fire-rescue');
    expect(fire).toMatchObject({ verdict: 'deny', opinion: '疏散通道宽度不足1.4米，不符合消防技术标准' });

    const noReasons = await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'denied' });
    expect(noReasons.status).toBe(422);
    expect(noReasons.body.code).toBe('REASONS_REQUIRED');
    const decided = await post(`/cases/${p.applicationNo}/decide`, 'head.market', {
      outcome: 'denied',
      reasons: '经消防救援支队审查，经营场所不符合消防技术标准。',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.decision.reasons).toContain('行政复议');
    expect(decided.body.decision.reasons).toContain('行政诉讼');
    expect(
      (await post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' })).status,
    ).toBe(409);

    await settle(h);
    const events = approvalEvents(h, CaseDecided.type, p.applicationNo);
    expect(events).toHaveLength(1);
    // As carried: the holder's code sealed (personal data of event payloads); opened by the consumer's codec.
    const [carried] = approvalEvents(h, CaseDecided.type, p.applicationNo, { raw: true });
    expect((carried?.payload.holder as { idNumber: string }).idNumber).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(JSON.stringify(carried)).not.toContain('91330106MA27U8Q168');
    const payload = CaseDecidedPayload.parse(events[0]?.payload);
    expect(payload).toMatchObject({
      outcome: 'denied',
      departmentCode: 'market-regulation',
      holder: { kind: 'business', idType: 'USCC', idNumber: '91330106MA27U8Q168' },
      issuer: HANGZHOU_MARKET,
      licences: [],
      implementationVersion: 1,
    });
    expect(payload.opinions.map((o) => `${o.departmentCode}:${o.verdict}`).sort()).toEqual([
      'data-bureau:approve',
      'fire-rescue:deny',
      'health-commission:approve',
      'market-regulation:approve',
    ]);
    expect(approvalEvents(h, TaskCompleted.type, p.applicationNo)).toHaveLength(4);
    const leadDone = approvalEvents(h, TaskCompleted.type, p.applicationNo).find(
      (e) => (e.payload.task as { role: string }).role === 'lead',
    );
    expect((leadDone?.payload.officials as Array<{ userId: string }>).map((o) => o.userId)).toEqual([
      userId('approver.market'),
      userId('head.market'),
    ]);
  });

  it('decide precheck: an approval whose licence would miss a required field → 422 LICENCE_FIELDS_MISSING naming licence and fields, nothing decided', async () => {
    const strict = snapshot({
      implementationCode: `${HANGZHOU_MARKET.uscc}3000140100011`,
      results: [
        {
          licenceTypeCode: 'FBL',
          name: '食品经营许可证',
          validityMonths: 60,
          fields: [
            { label: '经营者名称', source: 'holder', key: 'name', required: true },
            { label: '经营场所', source: 'form', key: 'premises', required: true },
            { label: '主体业态', source: 'form', key: 'businessForm', required: true },
            { label: '许可证编号', source: 'computed', key: 'licenceNumber', required: true },
            { label: '备注', source: 'form', key: 'remark', required: false },
          ],
        },
        {
          licenceTypeCode: 'PHL',
          name: '公共场所卫生许可证',
          validityMonths: 48,
          fields: [{ label: '经营地址', source: 'form', key: 'premises', required: true }],
        },
      ],
    });
    await publishSnapshot(h, strict);
    const p = accepted(strict, { formData: { premises: '杭州市西湖区文三路1号' } });
    await publish(h, ApplicationAccepted, p);
    const lead = await taskOf('approver.market', p.applicationNo);
    await post(`/tasks/${lead.id}/claim`, 'approver.market');
    await post(`/tasks/${lead.id}/complete`, 'approver.market', { verdict: 'approve', opinion: '符合' });
    await post(`/tasks/${lead.id}/complete`, 'head.market', { verdict: 'approve' });
    for (const u of ['approver.health', 'approver.fire', 'approver.data'])
      await examine(u, p.applicationNo, 'approve', '同意');
    const refused = await post(`/cases/${p.applicationNo}/decide`, 'approver.market', {
      outcome: 'approved',
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'LICENCE_FIELDS_MISSING']);
    expect(refused.body.details.licences).toEqual([
      { licenceTypeCode: 'FBL', name: '食品经营许可证', fields: ['主体业态'] },
    ]);
    expect(refused.body.message).toContain('食品经营许可证（主体业态）');
    await settle(h);
    expect(approvalEvents(h, CaseDecided.type, p.applicationNo)).toHaveLength(0);
    expect((await get(`/cases/${p.applicationNo}`, 'approver.market')).body.status).not.toBe('decided');
    // A denial issues no licence: not held up by the licence fields.
    const denied = await post(`/cases/${p.applicationNo}/decide`, 'approver.market', {
      outcome: 'denied',
      reasons: '主体业态不明确，不符合法定条件。',
    });
    expect(denied.status).toBe(200);
  });

  it('an approval carries holder, issuer, every licence type of the version (多证联办) and the form data', async () => {
    const p = await openCase();
    const lead = await taskOf('approver.market', p.applicationNo);
    await post(`/tasks/${lead.id}/claim`, 'approver.market');
    await post(`/tasks/${lead.id}/complete`, 'approver.market', { verdict: 'approve', opinion: '符合' });
    await post(`/tasks/${lead.id}/complete`, 'head.market', { verdict: 'approve' });
    for (const u of ['approver.health', 'approver.fire', 'approver.data'])
      await examine(u, p.applicationNo, 'approve', '同意');
    const res = await post(`/cases/${p.applicationNo}/decide`, 'approver.market', { outcome: 'approved' });
    expect(res.status).toBe(200);
    await settle(h);
    const [event] = approvalEvents(h, CaseDecided.type, p.applicationNo);
    const payload = CaseDecidedPayload.parse(event?.payload);
    expect(payload.outcome).toBe('approved');
    expect(payload.licences.map((l) => l.licenceTypeCode)).toEqual(['FBL', 'PHL']);
    expect(payload.formData).toEqual(p.formData);
    expect(payload.holder.name).toBe('杭州西湖示范科技有限公司');
    expect(payload.issuer).toEqual(HANGZHOU_MARKET);
  });

  it('on-site verification needs two distinct officials; the acceptor never approves (separation of duties)', async () => {
    const p = await openCase();
    const lead = await taskOf('approver.market', p.applicationNo);
    await post(`/tasks/${lead.id}/claim`, 'approver.market');
    await post(`/tasks/${lead.id}/complete`, 'approver.market', { verdict: 'approve', opinion: '符合' });
    const same = await post(`/tasks/${lead.id}/complete`, 'approver.market', { verdict: 'approve' });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('SECOND_OFFICIAL_REQUIRED');
    const differs = await post(`/tasks/${lead.id}/complete`, 'head.market', {
      verdict: 'deny',
      opinion: '不符合要求',
    });
    expect(differs.status).toBe(409);
    expect(differs.body.code).toBe('COSIGN_VERDICT_MISMATCH');

    // an officer who accepted the application at the window (acceptedBy) cannot claim, examine or decide it
    const q = await openCase({
      actor: {
        userId: userId('approver.market'),
        name: '陈明',
        role: 'clerk',
        department: 'market-regulation',
        region: '330100',
      },
    });
    const t = await taskOf('approver.market', q.applicationNo);
    const claim = await post(`/tasks/${t.id}/claim`, 'approver.market');
    expect(claim.status).toBe(403);
    expect(claim.body.code).toBe('SEPARATION_OF_DUTIES');
    expect((await post(`/tasks/${t.id}/claim`, 'head.market')).status).toBe(200);
    const cosign = await post(`/tasks/${t.id}/complete`, 'head.market', {
      verdict: 'approve',
      opinion: '符合',
    });
    expect(cosign.body.status).toBe('cosign');
    expect((await post(`/tasks/${t.id}/complete`, 'approver.market', { verdict: 'approve' })).body.code).toBe(
      'SEPARATION_OF_DUTIES',
    );
    for (const u of ['approver.health', 'approver.fire', 'approver.data'])
      await examine(u, q.applicationNo, 'approve', '同意');
    expect(
      (await post(`/cases/${q.applicationNo}/decide`, 'approver.market', { outcome: 'approved' })).body.code,
    ).toBe('SEPARATION_OF_DUTIES');
  });

  it('pre-condition joint case: a co-department promise suffices; a promise is refused in a general joint case', async () => {
    const pre = snapshot({
      implementationCode: `${HANGZHOU_MARKET.uscc}3000140100001`,
      processTemplate: {
        ...FOUR_DEPARTMENTS,
        jointKind: 'precondition',
        steps: [],
        coDepartments: [{ code: 'fire-rescue', name: '消防救援支队', limitDays: 5 }],
      },
    });
    await publishSnapshot(h, pre);
    const p = accepted(pre);
    await publish(h, ApplicationAccepted, p);
    await examine('approver.market', p.applicationNo, 'approve', '同意');
    await examine('approver.fire', p.applicationNo, 'promise', '申请人承诺开业前完成消防验收');
    expect(
      (await post(`/cases/${p.applicationNo}/decide`, 'approver.market', { outcome: 'approved' })).status,
    ).toBe(200);

    const g = await openCase();
    const t = await taskOf('approver.health', g.applicationNo);
    await post(`/tasks/${t.id}/claim`, 'approver.health');
    const promise = await post(`/tasks/${t.id}/complete`, 'approver.health', {
      verdict: 'promise',
      opinion: '承诺',
    });
    expect(promise.status).toBe(422);
    expect(promise.body.code).toBe('PROMISE_NOT_ALLOWED');
  });

  it('escalated case: the higher-level department decides, not the lead', async () => {
    const esc = snapshot({
      implementationCode: `${HANGZHOU_MARKET.uscc}3000140100002`,
      processTemplate: {
        jointKind: 'escalated',
        lead: { code: 'health-commission', name: '卫生健康委员会', limitDays: 5 },
        coDepartments: [{ code: 'fire-rescue', name: '消防救援支队', limitDays: 5 }],
        steps: [],
        escalateTo: { code: 'market-regulation', name: '市场监督管理局' },
      },
    });
    await publishSnapshot(h, esc);
    const p = accepted(esc);
    await publish(h, ApplicationAccepted, p);
    const decider = await taskOf('approver.market', p.applicationNo);
    expect(decider.role).toBe('escalated');
    await examine('approver.health', p.applicationNo, 'approve', '同意');
    await examine('approver.fire', p.applicationNo, 'approve', '同意');
    const byLead = await post(`/cases/${p.applicationNo}/decide`, 'approver.health', { outcome: 'approved' });
    expect(byLead.status).toBe(403);
    expect(byLead.body.code).toBe('NOT_DECIDING_DEPARTMENT');
    const res = await post(`/cases/${p.applicationNo}/decide`, 'approver.market', { outcome: 'approved' });
    expect(res.status).toBe(200);
    expect(res.body.tasks.find((t: TaskItem) => t.role === 'escalated').status).toBe('closed');
  });

  it('two officers acting on one task: one wins, the other gets 409; a stale version is refused', async () => {
    const p = await openCase();
    const t = await taskOf('approver.market', p.applicationNo);
    const [a, b] = await Promise.all([
      post(`/tasks/${t.id}/claim`, 'approver.market'),
      post(`/tasks/${t.id}/claim`, 'head.market'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a.body.code, b.body.code].filter(Boolean)).toEqual(['TASK_CLAIMED']);
    const stale = await post(`/tasks/${t.id}/release`, a.status === 200 ? 'approver.market' : 'head.market', {
      version: t.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('20 identical parallel POSTs have exactly one effect (claim, complete, decide)', async () => {
    const p = await openCase();
    const h1 = await taskOf('approver.health', p.applicationNo);
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => post(`/tasks/${h1.id}/claim`, 'approver.health')),
    );
    expect(claims.every((r) => r.status === 200)).toBe(true);
    const completes = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(`/tasks/${h1.id}/complete`, 'approver.health', { verdict: 'approve', opinion: '同意' }),
      ),
    );
    expect(completes.filter((r) => r.status === 200)).toHaveLength(1);
    expect(completes.filter((r) => r.status === 409)).toHaveLength(19);

    const lead = await taskOf('approver.market', p.applicationNo);
    await post(`/tasks/${lead.id}/claim`, 'approver.market');
    await post(`/tasks/${lead.id}/complete`, 'approver.market', { verdict: 'approve', opinion: '符合' });
    await post(`/tasks/${lead.id}/complete`, 'head.market', { verdict: 'approve' });
    for (const u of ['approver.fire', 'approver.data']) await examine(u, p.applicationNo, 'approve', '同意');
    const decides = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(`/cases/${p.applicationNo}/decide`, 'head.market', { outcome: 'approved' }),
      ),
    );
    expect(decides.filter((r) => r.status === 200)).toHaveLength(1);
    expect(decides.filter((r) => r.status === 409)).toHaveLength(19);

    await settle(h);
    const claimed = approvalEvents(h, TaskAssigned.type, p.applicationNo).filter(
      (e) => (e.payload.task as { taskId: string }).taskId === h1.id && e.payload.assignee,
    );
    expect(claimed).toHaveLength(1);
    expect(
      approvalEvents(h, TaskCompleted.type, p.applicationNo).filter(
        (e) => (e.payload.task as { taskId: string }).taskId === h1.id,
      ),
    ).toHaveLength(1);
    expect(approvalEvents(h, CaseDecided.type, p.applicationNo)).toHaveLength(1);
    const [op] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM opinion WHERE task_id = $1',
      [h1.id],
    );
    expect(Number(op?.n)).toBe(1);
  });
});
