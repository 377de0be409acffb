/**
 * 我的办件 filters (GET /applications?mine=1): 事项名称 / 办件编号 text, the day range of receipt (China time), and
 * the 承诺办结 due date each row carries (acceptance + promised working days; none once the application has ended).
 * Bad values: 400 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { CaseClosed, CaseDecided } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import {
  decidedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

type Row = {
  no: string;
  status: string;
  itemName: string;
  promisedLimitDays: number;
  dueBy: string | null;
  dueByProvisional: boolean;
};

describe.each(kinds)('intake 我的办件 filters on %s', (kind) => {
  let h: IntakeHarness;
  const food = foodSnapshot();
  const hygiene = foodSnapshot({
    implementationCode: `${food.implementingBody.uscc}4000140100055`,
    baseItem: { ...food.baseItem, code: '000140100055', name: '公共场所卫生许可' },
    promisedLimitDays: 10,
  });
  let foodNo = '';
  let hygieneNo = '';
  const mine = async (query: Record<string, string>) => {
    const res = await h.api.get('zhangsan', '/applications', { mine: '1', pageSize: '100', ...query });
    expect(res.status).toBe(200);
    return res.body as { total: number; items: Row[] };
  };
  const nos = async (query: Record<string, string>) => (await mine(query)).items.map((i) => i.no);

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 China time.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
    await publishImplementation(h, food);
    await publishImplementation(h, hygiene);
    foodNo = await submitApplication(h, 'zhangsan', { snapshot: food });
    // Accepted on Wednesday 4 March at 09:00 China time (within the 5-working-day supplement period).
    h.clock.set('2026-03-04T01:00:00.000Z');
    const accept = await h.api.post('clerk.xihu', `/applications/${foodNo}/accept`, { mode: 'normal' });
    expect(accept.status).toBe(200);
    // Tuesday 10 March 2026, 23:30 China time (15:30 UTC).
    h.clock.set('2026-03-10T15:30:00.000Z');
    hygieneNo = await submitApplication(h, 'zhangsan', { snapshot: hygiene });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('each row carries the promised time limit and, once accepted, its due date in working days', async () => {
    const { items } = await mine({});
    const accepted = items.find((i) => i.no === foodNo);
    const waiting = items.find((i) => i.no === hygieneNo);
    // 7 working days after Wed 4 March: 5, 6, 9, 10, 11, 12, 13 → end of Friday 13 March, China time.
    expect(accepted).toMatchObject({ promisedLimitDays: 7, dueBy: '2026-03-13T15:59:59.999Z' });
    expect(waiting).toMatchObject({ promisedLimitDays: 10, dueBy: null });
  });

  it('finds by text in the item name or the application number', async () => {
    expect(await nos({ q: '卫生' })).toEqual([hygieneNo]);
    expect(await nos({ q: foodNo.slice(-8).toLowerCase() })).toEqual([foodNo]);
    expect(await nos({ q: '许可' })).toEqual([hygieneNo, foodNo]);
    expect(await mine({ q: '不存在的事项' })).toMatchObject({ total: 0, items: [] });
  });

  it('filters by the day of receipt in China time, both ends inclusive', async () => {
    expect(await nos({ from: '2026-03-02', to: '2026-03-02' })).toEqual([foodNo]);
    expect(await nos({ from: '2026-03-10' })).toEqual([hygieneNo]);
    expect(await nos({ to: '2026-03-09' })).toEqual([foodNo]);
    expect(await nos({ from: '2026-03-11' })).toEqual([]);
    // Combined with the text and the status.
    expect(await nos({ q: '许可', from: '2026-03-01', to: '2026-03-31', status: 'accepted' })).toEqual([
      foodNo,
    ]);
  });

  it('drops the due date once the application has ended (撤回 after acceptance, 办结), in the list and the detail', async () => {
    // Both accepted on Wednesday 11 March, China time: the promise runs while the case is open.
    h.clock.set('2026-03-11T02:00:00.000Z');
    const withdrawnNo = await submitApplication(h, 'zhangsan', { snapshot: food });
    const completedNo = await submitApplication(h, 'zhangsan', { snapshot: food });
    for (const no of [withdrawnNo, completedNo])
      expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
    const row = async (no: string) => (await mine({})).items.find((i) => i.no === no);
    const detail = async (no: string) => {
      const res = await h.api.get('zhangsan', `/applications/${no}`);
      expect(res.status).toBe(200);
      return res.body as { status: string; dates: { dueBy: string | null; dueByProvisional: boolean } };
    };
    // 7 working days after Wed 11 March: 12, 13, 16, 17, 18, 19, 20 → end of Friday 20 March, China time.
    const due = '2026-03-20T15:59:59.999Z';
    expect(await row(withdrawnNo)).toMatchObject({ status: 'accepted', dueBy: due });

    // 撤回 after acceptance: 撤回/终止确认中 (the promise still runs) until approval closes the case.
    expect((await h.api.post('zhangsan', `/applications/${withdrawnNo}/withdraw`, {})).status).toBe(202);
    expect(await row(withdrawnNo)).toMatchObject({ status: 'closing', dueBy: due });
    expect((await detail(withdrawnNo)).dates).toMatchObject({ dueBy: due });
    await publishEvent(h, CaseClosed, {
      caseId: randomUUID(),
      applicationNo: withdrawnNo,
      occurredAt: '2026-03-12T02:00:00.000Z',
      actor: { userId: 'system', name: '系统', role: 'system' },
      closing: 'withdraw',
      reason: '申请人撤回',
      closedAt: '2026-03-12T02:00:00.000Z',
      closedTaskIds: [],
    });
    // 不予许可 → 办结 (completed).
    await publishEvent(h, CaseDecided, decidedPayload(completedNo, 'denied', [], food));

    for (const [no, status] of [
      [withdrawnNo, 'withdrawn'],
      [completedNo, 'completed'],
    ] as const) {
      expect(await row(no)).toMatchObject({ status, dueBy: null, dueByProvisional: false });
      const app = await detail(no);
      expect(app.status).toBe(status);
      expect(app.dates).toMatchObject({ dueBy: null, dueByProvisional: false });
    }
    // The running one keeps its date.
    expect(await row(foodNo)).toMatchObject({ status: 'accepted', dueBy: '2026-03-13T15:59:59.999Z' });
  });

  it.each([
    ['a date that does not exist', { from: '2026-02-30' }, 'from'],
    ['a date in another format', { to: '10/03/2026' }, 'to'],
    ['a range ending before it starts', { from: '2026-03-10', to: '2026-03-02' }, 'to'],
    ['an empty text', { q: '  ' }, 'q'],
    ['a text over 100 characters', { q: '办'.repeat(101) }, 'q'],
  ])('refuses %s with a 400 naming the field', async (_label, query, field) => {
    const res = await h.api.get('zhangsan', '/applications', { mine: '1', ...query });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(field) });
  });
});
