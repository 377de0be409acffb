/**
 * The officer's work lists (GET /tasks?view=todo|waiting|done, issue 23): 待办 holds exactly what the caller can act
 * on now, a decision due from the lead department included; what waits for someone else (a co-signature by another
 * official, other departments' opinions) is under `waiting`, never under `todo`; finished work under `done`. Every
 * row says which action is due and by when; totals count the list, not the department's whole queue.
 */
import { ApplicationAccepted, TaskQueue, type TaskQueueItem } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { checkContract, type ServiceHarness } from '@hall/platform/testing';
import { ManualClock } from '@hall/calendar';
import request from 'supertest';
import { accepted, publish, publishSnapshot, snapshot, startApproval } from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('approval work lists on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-18T10:00:00+08:00'));
  /** Lead market-regulation + three co-departments; the market step needs two officials. */
  const joint = snapshot();
  /** Market regulation alone, one official. */
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

  const USERS = ['approver.market', 'head.market', 'approver.data'] as const;
  type User = (typeof USERS)[number];
  const tokens: Record<string, string> = {};
  const get = (path: string, user: User) =>
    request(h.url)
      .get(`/api/approval${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`);
  const post = async (path: string, user: User, body: object = {}) => {
    const res = await request(h.url)
      .post(`/api/approval${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`)
      .send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const list = (view: 'todo' | 'waiting' | 'done', user: User) =>
    checkContract(TaskQueue, get(`/tasks?view=${view}&pageSize=100`, user));
  /** The rows of the two cases of this test in a list: application number → due action. */
  const rowsOf = (q: TaskQueue) =>
    Object.fromEntries(
      q.items
        .filter((t) => t.applicationNo === jointNo || t.applicationNo === singleNo)
        .map((t) => [t.applicationNo, t.action]),
    );
  const row = (q: TaskQueue, no: string): TaskQueueItem => {
    const r = q.items.find((t) => t.applicationNo === no);
    if (!r) throw new Error(`${no} not in the ${q.view ?? ''} list`);
    return r;
  };

  beforeAll(async () => {
    h = await startApproval(kind, clock);
    for (const u of USERS) tokens[u] = await h.tokenFor(u);
    await publishSnapshot(h, joint);
    await publishSnapshot(h, single);
    const a = accepted(joint);
    await publish(h, ApplicationAccepted, a);
    jointNo = a.applicationNo;
    const b = accepted(single);
    await publish(h, ApplicationAccepted, b);
    singleNo = b.applicationNo;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('new tasks are to claim; the lists say which view they are and count only their rows', async () => {
    const todo = await list('todo', 'approver.market');
    expect(todo).toMatchObject({ view: 'todo', status: null, total: 2, totalCapped: false });
    expect(rowsOf(todo)).toEqual({ [jointNo]: 'claim', [singleNo]: 'claim' });
    expect(row(todo, singleNo).due).toEqual(row(todo, singleNo).deadline);
    // A page past the end still knows the list's size.
    const past = await checkContract(TaskQueue, get('/tasks?view=todo&page=3&pageSize=1', 'approver.market'));
    expect(past).toMatchObject({ items: [], total: 2, page: 3 });
    const second = await checkContract(
      TaskQueue,
      get('/tasks?view=todo&page=2&pageSize=1', 'approver.market'),
    );
    expect(second.items.map((t) => t.applicationNo)).toEqual([todo.items[1]?.applicationNo]);
    expect(rowsOf(await list('waiting', 'approver.market'))).toEqual({});
    expect(rowsOf(await list('done', 'approver.market'))).toEqual({});
  });

  it('a decision due from the lead department is in its 待办 with action decide and the promised deadline', async () => {
    const todo = await list('todo', 'approver.market');
    const t = row(todo, singleNo);
    const claimed = await post(`/tasks/${t.id}/claim`, 'approver.market', { version: t.version });
    expect(rowsOf(await list('todo', 'approver.market'))[singleNo]).toBe('examine');
    // Another official of the department cannot examine a task the first one holds: it waits for them.
    expect(rowsOf(await list('waiting', 'head.market'))[singleNo]).toBe('await-holder');
    await post(`/tasks/${t.id}/complete`, 'approver.market', {
      verdict: 'approve',
      opinion: '符合法定条件',
      version: claimed.version,
    });

    const after = await list('todo', 'approver.market');
    const decision = row(after, singleNo);
    expect(decision).toMatchObject({ status: 'completed', action: 'decide', role: 'lead' });
    const c = (await get(`/cases/${singleNo}`, 'approver.market')).body as {
      clocks: { promisedDueAt: string };
    };
    expect(decision.due?.dueAt).toBe(c.clocks.promisedDueAt);
    // Every official of the deciding department may decide: the head sees it too; it is not "done" yet.
    expect(rowsOf(await list('todo', 'head.market'))[singleNo]).toBe('decide');
    expect(rowsOf(await list('done', 'approver.market'))[singleNo]).toBeUndefined();
  });

  it('a case waiting on another official or department is not in 待办 but under waiting', async () => {
    const todo = await list('todo', 'approver.market');
    const t = row(todo, jointNo);
    const claimed = await post(`/tasks/${t.id}/claim`, 'approver.market', { version: t.version });
    const signed = await post(`/tasks/${t.id}/complete`, 'approver.market', {
      verdict: 'approve',
      opinion: '现场核查属实',
      version: claimed.version,
    });
    // Signed first (现场核查, two officials): the signer waits for the co-signature, the head can give it.
    expect(rowsOf(await list('todo', 'approver.market'))[jointNo]).toBeUndefined();
    expect(rowsOf(await list('waiting', 'approver.market'))[jointNo]).toBe('await-cosign');
    expect(rowsOf(await list('todo', 'head.market'))[jointNo]).toBe('cosign');
    await post(`/tasks/${t.id}/complete`, 'head.market', {
      verdict: 'approve',
      opinion: '同意',
      version: signed.version,
    });

    // The lead's opinion is in, the co-departments' are not: the decision waits for them.
    const waiting = await list('waiting', 'approver.market');
    expect(row(waiting, jointNo)).toMatchObject({ status: 'completed', action: 'await-opinions' });
    expect(rowsOf(await list('todo', 'approver.market'))).toEqual({ [singleNo]: 'decide' });
    expect((await list('todo', 'approver.market')).total).toBe(1);
    // The co-department has its own task to claim.
    expect(rowsOf(await list('todo', 'approver.data'))[jointNo]).toBe('claim');
  });

  it('a co-department is done once its opinion is in; a decided case leaves 待办', async () => {
    const t = row(await list('todo', 'approver.data'), jointNo);
    const claimed = await post(`/tasks/${t.id}/claim`, 'approver.data', { version: t.version });
    await post(`/tasks/${t.id}/complete`, 'approver.data', {
      verdict: 'approve',
      opinion: '数据核验一致',
      version: claimed.version,
    });
    const done = await list('done', 'approver.data');
    expect(row(done, jointNo)).toMatchObject({ action: 'none', due: null });
    expect(rowsOf(await list('todo', 'approver.data'))).toEqual({});
    // Two co-departments still to answer: the lead keeps waiting.
    expect(rowsOf(await list('waiting', 'approver.market'))[jointNo]).toBe('await-opinions');

    await post(`/cases/${singleNo}/decide`, 'approver.market', { outcome: 'approved', reasons: '' });
    expect(rowsOf(await list('todo', 'approver.market'))).toEqual({});
    expect(rowsOf(await list('done', 'approver.market'))[singleNo]).toBe('none');
  });

  it('a status filter still works and carries the action; view and status together are refused', async () => {
    const open = await checkContract(
      TaskQueue,
      get('/tasks?status=completed&pageSize=100', 'approver.market'),
    );
    expect(open).toMatchObject({ view: null, status: 'completed' });
    expect(rowsOf(open)).toEqual({ [jointNo]: 'await-opinions', [singleNo]: 'none' });
    const both = await get('/tasks?view=todo&status=open', 'approver.market');
    expect([both.status, both.body.code, both.body.details?.field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'view',
    ]);
    const bad = await get('/tasks?view=mine', 'approver.market');
    expect([bad.status, bad.body.code, bad.body.details?.field]).toEqual([400, 'VALIDATION_FAILED', 'view']);
  });
});
