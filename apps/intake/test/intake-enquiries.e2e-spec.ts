/**
 * 在线咨询与投诉 (issue 25, first slice): a citizen asks, the service centre's dispatcher (a window clerk of the region)
 * routes, the department answers or hands back (at most twice), the asker follows up once and rates; an anonymous
 * 咨询 comes back with its 查询码; published answers are found by the next citizen. Each write stages its event in
 * the same transaction; bad input is a 400 naming the field and changes nothing; strangers get 404.
 */
import request from 'supertest';
import { testDatabaseKinds } from '@hall/persistence';
import { startIntake, type IntakeHarness } from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('intake 在线咨询与投诉 on %s', (kind) => {
  let h: IntakeHarness;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await h.database.db.sql.query<{ n: number }>(sql, params))[0]?.n);
  const events = (no: string) =>
    h.database.db.sql.query<{ type: string }>(`SELECT type FROM outbox WHERE key = $1 ORDER BY seq`, [no]);

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 China time.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const ask = {
    type: 'consultation',
    subject: '餐饮店开办需要健康证吗',
    text: '我准备在西湖区开一家小吃店，从业人员是否都需要办理健康证明？',
    regionCode: '330106',
    public: true,
  };

  it('walks a question from the citizen to the department and back, published for the next citizen', async () => {
    const sent = await h.api.post('lisi', '/enquiries', { ...ask, contactPhone: '13800000002' });
    expect(sent.status).toBe(201);
    const no = sent.body.no as string;
    expect(no).toMatch(/^ZX20260302\d{6}$/);
    expect(sent.body.queryCode).toBeUndefined();
    // 5 working days for a 咨询: Monday 2 March → the end of Monday 9 March (China time).
    expect(sent.body.dueBy).toBe('2026-03-09T15:59:59.999Z');
    // The call-back number is stored encrypted.
    const [row] = await h.database.db.sql.query<{ contact_phone: string }>(
      'SELECT contact_phone FROM enquiry WHERE no = $1',
      [no],
    );
    expect(row?.contact_phone).not.toContain('13800000002');

    // The dispatcher of 西湖区 sees it; the one of 上城区 does not, and cannot route it.
    const queue = await h.api.get('clerk.xihu', '/enquiries/work', { queue: 'dispatch' });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { no: string }) => i.no)).toContain(no);
    const other = await h.api.get('clerk.shangcheng', '/enquiries/work', { queue: 'dispatch' });
    expect(other.body.items.map((i: { no: string }) => i.no)).not.toContain(no);
    expect(
      (
        await h.api.post('clerk.shangcheng', `/enquiries/${no}/route`, {
          departmentCode: 'health-commission',
        })
      ).status,
    ).toBe(404);

    // Routed to the wrong department, handed back with a reason, routed again.
    expect(
      (await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'fire-rescue' })).status,
    ).toBe(200);
    expect((await h.api.post('approver.market', `/enquiries/${no}/answer`, { answer: 'x' })).status).toBe(
      404,
    );
    const back = await h.api.post('approver.fire', `/enquiries/${no}/transfer`, {
      reason: '健康证明由卫生健康部门办理',
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'submitted', departmentCode: null, transfers: 1 });
    expect(
      (await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'health-commission' }))
        .status,
    ).toBe(200);
    const dept = await h.api.get('approver.health', '/enquiries/work', { queue: 'department' });
    expect(dept.body.items.map((i: { no: string }) => i.no)).toContain(no);

    const answer = '从事接触直接入口食品工作的人员应当每年进行健康检查，取得健康证明后方可上岗。';
    const answered = await h.api.post('approver.health', `/enquiries/${no}/answer`, { answer });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer });

    // One follow-up question, answered; a second is refused.
    const follow = await h.api.post('lisi', `/enquiries/${no}/follow-up`, { text: '健康证明在哪里办理？' });
    expect(follow.status).toBe(200);
    expect(follow.body.status).toBe('routed');
    expect(
      (
        await h.api.post('approver.health', `/enquiries/${no}/answer`, {
          answer: '可到辖区社区卫生服务中心办理。',
        })
      ).status,
    ).toBe(200);
    const second = await h.api.post('lisi', `/enquiries/${no}/follow-up`, { text: '还有问题' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ENQUIRY_FOLLOW_UP_USED');

    const rated = await h.api.post('lisi', `/enquiries/${no}/rating`, { rating: 'satisfied' });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('closed');
    expect(rated.body.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'submitted',
      'routed',
      'transferred',
      'routed',
      'answered',
      'follow-up',
      'answered',
      'rated',
    ]);
    expect((await events(no)).map((e) => e.type)).toEqual([
      'intake.enquiry.received',
      'intake.enquiry.routed',
      'intake.enquiry.routed',
      'intake.enquiry.routed',
      'intake.enquiry.answered',
      'intake.enquiry.routed',
      'intake.enquiry.answered',
      'intake.enquiry.rated',
    ]);

    // The next citizen finds the published answer, without the asker's name or phone.
    const found = await request(h.url).get('/api/intake/public/enquiries').query({ q: '健康证' });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ no, answer })]);
    expect(JSON.stringify(found.body)).not.toMatch(/李四|13800000002/);
    expect(
      (await h.api.get('lisi', '/enquiries/mine')).body.items.map((i: { no: string }) => i.no),
    ).toContain(no);
  });

  it('lets an anonymous 咨询 back in with its 查询码 only, and refuses an anonymous complaint', async () => {
    const sent = await request(h.url)
      .post('/api/intake/public/enquiries')
      .send({ ...ask, public: false });
    expect(sent.status).toBe(201);
    const { no, queryCode } = sent.body as { no: string; queryCode: string };
    expect(queryCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const view = await request(h.url).get(`/api/intake/public/enquiries/${no}`).query({ code: queryCode });
    expect(view.status).toBe(200);
    expect(view.body.anonymous).toBe(true);
    expect(
      (await request(h.url).get(`/api/intake/public/enquiries/${no}`).query({ code: 'AAAA-BBBB' })).status,
    ).toBe(404);
    expect((await h.api.get('zhangsan', `/enquiries/${no}`)).status).toBe(404);

    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'market-regulation' });
    await h.api.post('approver.market', `/enquiries/${no}/answer`, { answer: '请参阅办事指南。' });
    const rated = await request(h.url)
      .post(`/api/intake/public/enquiries/${no}/rating`)
      .send({ rating: 'unsatisfied', code: queryCode });
    expect(rated.status).toBe(200);
    // Not published: the asker did not agree.
    const found = await request(h.url).get('/api/intake/public/enquiries').query({ q: '请参阅办事指南' });
    expect(found.body.total).toBe(0);

    const before = await count('SELECT count(*)::int AS n FROM enquiry');
    const complaint = await request(h.url)
      .post('/api/intake/public/enquiries')
      .send({ ...ask, type: 'complaint' });
    expect(complaint.status).toBe(422);
    expect(complaint.body).toMatchObject({ code: 'ENQUIRY_NEEDS_LOGIN', details: { field: 'type' } });
    expect(await count('SELECT count(*)::int AS n FROM enquiry')).toBe(before);
  });

  it('limits hand-backs to two and answers bad input with a 400 naming the field, changing nothing', async () => {
    const sent = await h.api.post('zhangsan', '/enquiries', {
      ...ask,
      type: 'complaint',
      subject: '窗口排队时间过长',
    });
    expect(sent.status).toBe(201);
    const no = sent.body.no as string;
    expect(no).toMatch(/^TS/);
    // 10 working days for a complaint.
    expect(sent.body.dueBy).toBe('2026-03-16T15:59:59.999Z');
    for (let i = 0; i < 2; i++) {
      await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'urban-management' });
      expect(
        (await h.api.post('approver.urban', `/enquiries/${no}/transfer`, { reason: '非本部门职责' })).status,
      ).toBe(200);
    }
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'urban-management' });
    const third = await h.api.post('approver.urban', `/enquiries/${no}/transfer`, { reason: '非本部门职责' });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('ENQUIRY_TRANSFER_LIMIT');

    const before = await count('SELECT count(*)::int AS n FROM enquiry');
    for (const [body, field] of [
      [{ ...ask, type: 'gossip' }, 'type'],
      [{ ...ask, subject: '' }, 'subject'],
      [{ ...ask, regionCode: '33' }, 'regionCode'],
      [{ ...ask, contactPhone: '12345' }, 'contactPhone'],
      [{ ...ask, extra: 1 }, 'extra'],
    ] as const) {
      const res = await h.api.post('zhangsan', '/enquiries', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const foreignApp = await h.api.post('zhangsan', '/enquiries', {
      ...ask,
      applicationNo: '33010620260302000001X',
    });
    expect(foreignApp.status).toBe(422);
    expect(foreignApp.body.code).toBe('ENQUIRY_APPLICATION_UNKNOWN');
    expect(await count('SELECT count(*)::int AS n FROM enquiry')).toBe(before);
    expect(
      (await h.api.post('approver.urban', `/enquiries/ZX20260302999999/answer`, { answer: 'x' })).status,
    ).toBe(404);
  });
});
