/**
 * The approval service keeps its HTTP contract (libs/contracts/src/approval/approval-api.ts): every JSON route is
 * called over HTTP on an embedded service and its answer parsed with the contract's response schema, strictly (a
 * field the contract does not name fails too). A server change the contract (and so the web) does not know about
 * fails here; a contract change the server does not follow fails here. Input is parsed at the edge: a mismatch is a
 * 400 VALIDATION_FAILED naming the field.
 */
import {
  ApplicationAccepted,
  CaseAuditTrail,
  CaseAuditVerification,
  CaseMaterials,
  CaseView,
  JointCasePage,
  SpecialProcedureView,
  TaskQueue,
  TaskView,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { checkContract, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import { ManualClock } from '@hall/calendar';
import request from 'supertest';
import {
  accepted,
  publish,
  publishSnapshot,
  snapshot,
  startApproval,
  uploadMaterialFile,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

const contract = checkContract;

describe.each(kinds)('approval HTTP contract on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-18T10:00:00+08:00'));
  const joint = snapshot();
  const single = snapshot({
    version: 2,
    processTemplate: {
      jointKind: 'single',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 },
      coDepartments: [],
      steps: [],
    },
  });
  let jointNo: string;
  let singleNo: string;

  const tokens: Record<string, string> = {};
  const USERS = ['approver.market', 'head.market', 'gov.head', 'supervisor'] as const;
  type User = (typeof USERS)[number];
  const get = (path: string, user: User) =>
    request(h.url)
      .get(`/api/approval${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`);
  const post = (path: string, user: User, body: object = {}) =>
    request(h.url)
      .post(`/api/approval${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`)
      .send(body);
  const marketTask = async (no: string) => {
    const c = await contract(CaseView, get(`/cases/${no}`, 'approver.market'));
    const t = c.tasks.find((x) => x.departmentCode === 'market-regulation');
    if (!t) throw new Error('no market task');
    return t;
  };

  beforeAll(async () => {
    h = await startApproval(kind, clock);
    for (const u of USERS) tokens[u] = await h.tokenFor(u);
    await publishSnapshot(h, joint);
    await publishSnapshot(h, single);
    const file = await uploadMaterialFile(h, samplePdf('食品经营许可申请书'), '食品经营许可申请书.pdf');
    const a = accepted(joint, {
      materials: [{ materialId: 'application', name: '食品经营许可申请书', source: 'upload', files: [file] }],
    });
    await publish(h, ApplicationAccepted, a);
    jointNo = a.applicationNo;
    const b = accepted(single);
    await publish(h, ApplicationAccepted, b);
    singleNo = b.applicationNo;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the queue, one case with everything on it, its materials', async () => {
    const queue = await contract(TaskQueue, get('/tasks?status=open&pageSize=50', 'approver.market'));
    expect(queue).toMatchObject({ department: 'market-regulation', status: 'open', page: 1, pageSize: 50 });
    expect(queue.items.map((t) => t.applicationNo)).toEqual(expect.arrayContaining([jointNo, singleNo]));

    const c = await contract(CaseView, get(`/cases/${jointNo}`, 'approver.market'));
    expect(c).toMatchObject({
      applicationNo: jointNo,
      status: 'open',
      jointKind: 'general',
      decision: null,
      closure: null,
      specialProcedures: [],
    });
    expect(c.tasks.map((t) => t.departmentCode).sort()).toEqual([
      'data-bureau',
      'fire-rescue',
      'health-commission',
      'market-regulation',
    ]);
    expect(c.applicant.idType).toBe('USCC');

    const materials = await contract(CaseMaterials, get(`/cases/${jointNo}/materials`, 'approver.market'));
    expect(materials.materials[0]?.files[0]?.url).toMatch(
      new RegExp(`^/api/approval/cases/${jointNo}/materials/application/files/[0-9a-f]{64}$`),
    );
  });

  it('task actions: claim, release, claim again and complete', async () => {
    const t = await marketTask(singleNo);
    const claimed = await contract(
      TaskView,
      post(`/tasks/${t.id}/claim`, 'approver.market', { version: t.version }),
    );
    expect(claimed).toMatchObject({ id: t.id, status: 'claimed', assignee: { name: expect.any(String) } });
    const released = await contract(
      TaskView,
      post(`/tasks/${t.id}/release`, 'approver.market', { version: claimed.version }),
    );
    expect(released).toMatchObject({ status: 'pending', assignee: null });
    const again = await contract(TaskView, post(`/tasks/${t.id}/claim`, 'approver.market', {}));
    const done = await contract(
      TaskView,
      post(`/tasks/${t.id}/complete`, 'approver.market', {
        verdict: 'approve',
        opinion: '符合法定条件',
        version: again.version,
      }),
    );
    expect(done).toMatchObject({ status: 'completed', pendingVerdict: null });
  });

  it("special procedures: a case-wide pause started and ended; the joint case in the government head's list", async () => {
    const started = await contract(
      SpecialProcedureView,
      post(`/cases/${jointNo}/special-procedures`, 'approver.market', {
        kind: 'hearing',
        reason: '需要组织听证',
        expectedDays: 5,
      }),
      201,
    );
    expect(started).toMatchObject({
      kind: 'hearing',
      scope: 'case',
      taskId: null,
      endedAt: null,
      endedBy: null,
      expectedDays: 5,
    });
    const ended = await contract(
      SpecialProcedureView,
      post(`/cases/${jointNo}/special-procedures/${started.id}/end`, 'approver.market', {
        result: '听证完毕',
      }),
    );
    expect(ended).toMatchObject({
      id: started.id,
      result: '听证完毕',
      endedAt: expect.any(String),
      endedBy: { role: expect.any(String) },
    });

    const list = await contract(JointCasePage, get('/joint-cases', 'gov.head'));
    expect(list.items.find((i) => i.applicationNo === jointNo)).toMatchObject({
      jointKind: 'general',
      extension: { used: 0, allowed: true },
    });
  });

  it('the decision, then the audit chain and its verification', async () => {
    const before = await contract(CaseView, get(`/cases/${singleNo}`, 'approver.market'));
    const decided = await contract(
      CaseView,
      post(`/cases/${singleNo}/decide`, 'head.market', { outcome: 'approved', version: before.version }),
    );
    expect(decided).toMatchObject({
      status: 'decided',
      decision: { outcome: 'approved', decidedBy: { name: expect.any(String) } },
      clocks: { stopped: true },
    });
    expect(decided.opinions).toEqual([
      expect.objectContaining({
        verdict: 'approve',
        officials: [expect.objectContaining({ role: 'approver' })],
      }),
    ]);

    const trail = await contract(CaseAuditTrail, get(`/cases/${singleNo}/audit`, 'approver.market'));
    expect(trail.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['task.claimed', 'task.released', 'task.completed', 'case.decided']),
    );
    const verified = await contract(
      CaseAuditVerification,
      get(`/cases/${singleNo}/audit/verify`, 'supervisor'),
    );
    expect(verified).toMatchObject({ intact: true, entries: trail.entries.length });
  });

  it('input is parsed at the edge: a mismatch is 400 VALIDATION_FAILED naming the field', async () => {
    const t = await marketTask(jointNo);
    const cases: Array<[string, request.Test, string]> = [
      ['unknown query parameter', get('/tasks?stauts=open', 'approver.market'), 'stauts'],
      ['query enum', get('/tasks?status=done', 'approver.market'), 'status'],
      ['page size', get('/joint-cases?pageSize=500', 'gov.head'), 'pageSize'],
      ['task id', post('/tasks/not-a-task/claim', 'approver.market'), 'id'],
      ['case reference', get('/cases/not-a-case', 'approver.market'), 'id'],
      ['file hash', get(`/cases/${jointNo}/materials/application/files/xyz`, 'approver.market'), 'sha256'],
      ['verdict', post(`/tasks/${t.id}/complete`, 'approver.market', { verdict: 'maybe' }), 'verdict'],
      [
        'unknown body field',
        post(`/tasks/${t.id}/claim`, 'approver.market', { version: 0, assignee: 'me' }),
        'assignee',
      ],
      [
        'decision outcome',
        post(`/cases/${jointNo}/decide`, 'approver.market', { outcome: 'perhaps' }),
        'outcome',
      ],
      [
        'procedure scope',
        post(`/cases/${jointNo}/special-procedures`, 'approver.market', {
          kind: 'extension',
          reason: '情况复杂',
          scope: 'task',
        }),
        'scope',
      ],
      [
        'procedure result',
        post(`/cases/${jointNo}/special-procedures/${t.id}/end`, 'approver.market', {}),
        'result',
      ],
    ];
    for (const [name, call, field] of cases) {
      const res = await call;
      expect([name, res.status, res.body.code, res.body.details?.field]).toEqual([
        name,
        400,
        'VALIDATION_FAILED',
        field,
      ]);
    }
  });
});
