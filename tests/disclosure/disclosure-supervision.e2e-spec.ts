// Issue 24 — supervision of the 主动公开 publication deadline (《政府信息公开条例》 art. 26: within 20 working days of
// the information's formation). The disclosure service publishes its item events (drafted, edited, submitted,
// returned, published, withdrawn) on `hall.disclosure.item.v1`; supervision consumes them in its inbox transaction,
// keeps a working-day clock per item from its 成文日期 with its own calendar, closes it on publication and raises the
// same yellow/red cards as for request clocks (C11/C12), on the matters list and the dashboard's summary. Both
// services run for real on one in-process transport. Last, an applicant's own withdrawal (撤回) of a request stops
// its answer clock in supervision.
import { disclosureService } from '@hall/app-disclosure';
import { ClockEvaluator, createSupervisionService } from '@hall/app-supervision';
import { MatterPage, MatterSummary, MatterTimeline, Topics } from '@hall/contracts';
import { ManualClock } from '@hall/calendar';
import { InProcessTransport } from '@hall/messaging';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { DISCLOSURE_CLOCK } from '../../apps/disclosure/src/disclosure.clock.js';
import { RequestsService } from '../../apps/disclosure/src/requests/requests.service.js';
import { settleOutbox, toMessage } from '../../apps/supervision/test/factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const cst = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();

interface AlertBody {
  caseNo: string;
  ruleNo: string;
  level: string;
  status: string;
  content: string;
  responsibleDepartment: string;
}

describe.each(kinds)('supervision of the 主动公开 publication deadline (%s)', (kind) => {
  const clock = new ManualClock(new Date(cst('2026-09-28 10:00')));
  const transport = new InProcessTransport({ redeliveryDelayMs: 10 });
  let supervision: ServiceHarness;
  let disclosure: ServiceHarness;
  let disclosureClock: ManualClock;
  let supervisor: string;
  const items: Record<string, { id: string; indexNo: string }> = {};

  beforeAll(async () => {
    [supervision, disclosure] = await Promise.all([
      startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
        db: kind,
        transport,
      }),
      startServiceForTest(disclosureService, { db: kind, transport }),
    ]);
    disclosureClock = disclosure.app.get<ManualClock>(DISCLOSURE_CLOCK);
    supervisor = await supervision.tokenFor('supervisor');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([supervision?.close(), disclosure?.close()]);
  });

  /** Both services' clocks at one China time. */
  const setTime = (local: string) => {
    clock.set(cst(local));
    disclosureClock.set(cst(local));
  };
  const staff = async (user: string) => ({
    authorization: `Bearer ${await disclosure.tokenFor(user)}`,
  });
  const sup = (path: string, query: Record<string, string> = {}) =>
    request(supervision.url)
      .get(`/api/supervision${path}`)
      .query(query)
      .set('authorization', `Bearer ${supervisor}`);
  const draft = (title: string, writtenOn: string) => ({
    title,
    body: `${title}正文。`,
    writtenOn,
    topic: '食品安全',
    openCategory: 'execution',
    keyArea: 'food-drug',
  });
  const entriesOf = async (no: string): Promise<number> => {
    const [row] = await supervision.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE matter_no = $1',
      [no],
    );
    return Number(row?.n);
  };
  /** The matter's timeline once supervision holds `entries` steps of it (the relay publishes asynchronously). */
  const timeline = async (no: string, entries: number): Promise<MatterTimeline> => {
    for (let i = 0; i < 300 && (await entriesOf(no)) < entries; i++)
      await new Promise((r) => setTimeout(r, 20));
    const res = await sup('/matters/timeline', { no });
    expect(res.status).toBe(200);
    const t = strictDeep(MatterTimeline).parse(res.body);
    expect(t.entries).toHaveLength(entries);
    return t;
  };
  const alertsOf = async (no: string, query: Record<string, string> = {}): Promise<AlertBody[]> =>
    (await sup('/alerts', { applicationNo: no, ...query })).body.items as AlertBody[];
  const evaluate = async () => {
    await supervision.app.get(ClockEvaluator).evaluateAll();
    await settleOutbox(supervision);
  };

  /*
   * Hand count (2026 calendar: 国庆/中秋 10-01..10-07 holidays, Sat 10-10 a make-up workday). Item A formed Mon
   * 2026-09-28 (the day itself not counted): 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 (5), 10-12..16 (6–10),
   * 10-19..23 (11–15), 10-26..30 (16–20) → due end of Fri 2026-10-30 (disclosure's own deadline says the same).
   * Yellow from 18 used (90%): Wed 10-28. Red from 21 used: Mon 11-02.
   */
  it('starts a clock when an item is drafted: from its 成文日期, 20 working days across 国庆 (due 2026-10-30)', async () => {
    setTime('2026-09-28 10:00');
    const res = await request(disclosure.url)
      .post('/api/disclosure/items')
      .set(await staff('approver.market'))
      .send(draft('关于开展国庆节前食品安全检查的通知', '2026-09-28'));
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    const a = res.body as { id: string; indexNo: string; dueAt: string };
    items['a'] = a;
    expect(a.dueAt).toBe(endOfDay('2026-10-30'));

    const t = await timeline(a.indexNo, 1);
    expect(t.matter).toMatchObject({
      matterNo: a.indexNo,
      kind: 'disclosure-item',
      subKind: 'item',
      regionCode: '330100',
      departmentCode: 'market-regulation',
      status: 'open',
      startedAt: cst('2026-09-28 00:00'),
      limitDays: 20,
      dueAt: endOfDay('2026-10-30'),
      open: true,
      level: 'green',
      onTime: null,
      provisional: false,
    });
    expect(t.entries.map((e) => e.label)).toEqual(['政府信息形成（起草，自成文日期开始计时）']);
    expect(t.entries[0]?.actor).toMatchObject({ department: 'market-regulation' });
  });

  it('has no second effect when an item event is delivered again', async () => {
    const a = items['a'];
    if (a === undefined) throw new Error('item A not drafted');
    const before = await timeline(a.indexNo, 1);
    const [stored] = await supervision.database.db.sql.query<{
      event_id: string;
      key: string;
      type: string;
      occurred_at: Date;
      source: string;
      payload: unknown;
    }>('SELECT event_id, key, type, occurred_at, source, payload FROM timeline_entry WHERE matter_no = $1', [
      a.indexNo,
    ]);
    if (stored === undefined) throw new Error('no stored entry');
    const again = {
      id: stored.event_id,
      type: stored.type,
      version: 1,
      key: stored.key,
      occurredAt: new Date(stored.occurred_at).toISOString(),
      source: stored.source,
      topic: Topics.disclosureItem,
      payload: typeof stored.payload === 'string' ? (JSON.parse(stored.payload) as unknown) : stored.payload,
    };
    await transport.publish([toMessage(again)]);
    await transport.publish([toMessage(again)]);
    expect(await entriesOf(a.indexNo)).toBe(1);
    const after = await timeline(a.indexNo, 1);
    expect(after.matter).toEqual(before.matter);
    expect(after.entries.map((e) => e.eventId)).toEqual(before.entries.map((e) => e.eventId));
  });

  it('follows an edited 成文日期 and shows an item published in time as green, on time', async () => {
    /*
     * Item B drafted Fri 10-09 with 成文日期 10-09 (due Thu 11-05), then corrected to Mon 10-12 before submission:
     * 10-13..16 (1–4), 10-19..23 (5–9), 10-26..30 (10–14), 11-02..06 (15–19), 11-09 (20) → due Mon 11-09.
     * Submitted 10-14, sent back by the head 10-15, submitted again and published Fri 10-16: 4 working days used.
     */
    setTime('2026-10-09 11:00');
    const created = await request(disclosure.url)
      .post('/api/disclosure/items')
      .set(await staff('approver.market'))
      .send(draft('食品抽检结果公告（第12期）', '2026-10-09'));
    expect(created.status).toBe(201);
    const b = created.body as { id: string; indexNo: string };
    items['b'] = b;
    expect((await timeline(b.indexNo, 1)).matter.dueAt).toBe(endOfDay('2026-11-05'));
    setTime('2026-10-13 09:00');
    const edited = await request(disclosure.url)
      .put(`/api/disclosure/items/${b.id}`)
      .set(await staff('approver.market'))
      .send(draft('食品抽检结果公告（第12期）', '2026-10-12'));
    expect(edited.status).toBe(200);
    let t = await timeline(b.indexNo, 2);
    expect(t.matter).toMatchObject({ startedAt: cst('2026-10-12 00:00'), dueAt: endOfDay('2026-11-09') });

    setTime('2026-10-14 10:00');
    const post = async (user: string, path: string, body: object = {}) => {
      const res = await request(disclosure.url)
        .post(`/api/disclosure/items/${b.id}${path}`)
        .set(await staff(user))
        .send(body);
      expect([res.status, res.body.code]).toEqual([200, undefined]);
    };
    await post('approver.market', '/submit');
    t = await timeline(b.indexNo, 3);
    expect(t.matter.status).toBe('in-review');
    setTime('2026-10-15 10:00');
    await post('head.market', '/review', { decision: 'reject', note: '请删去检查人员姓名' });
    expect((await timeline(b.indexNo, 4)).matter.status).toBe('open');
    setTime('2026-10-16 10:00');
    await post('approver.market', '/submit');
    await post('head.market', '/review', { decision: 'approve' });
    t = await timeline(b.indexNo, 6);
    expect(t.matter).toMatchObject({
      status: 'published',
      open: false,
      stoppedAt: cst('2026-10-16 10:00'),
      usedDays: 4,
      level: 'green',
      onTime: true,
      overdue: false,
    });
    expect(t.entries.map((e) => e.label)).toEqual([
      '政府信息形成（起草，自成文日期开始计时）',
      '政府信息形成（起草，自成文日期开始计时）',
      '提交保密审查',
      '保密审查退回修改',
      '提交保密审查',
      '主动公开发布（停止计时）',
    ]);
    expect(t.entries[3]?.actor).toMatchObject({ name: expect.any(String) as string });
  });

  it('raises a yellow card (C11) then a red card (C12) on an unpublished item, on the list and the dashboard', async () => {
    const a = items['a'];
    if (a === undefined) throw new Error('item A not drafted');
    setTime('2026-10-27 12:00');
    await evaluate();
    expect(await alertsOf(a.indexNo)).toEqual([]);
    setTime('2026-10-28 12:00');
    await evaluate();
    expect((await alertsOf(a.indexNo)).map((x) => [x.ruleNo, x.level])).toEqual([['C11', 'yellow']]);
    setTime('2026-11-02 09:00');
    await evaluate();
    const red = await alertsOf(a.indexNo);
    expect(red.map((x) => [x.ruleNo, x.level, x.responsibleDepartment])).toEqual([
      ['C12', 'red', 'market-regulation'],
    ]);
    expect(red[0]?.content).toContain(`主动公开政府信息 ${a.indexNo}「主动公开发布」发布已超期`);
    expect(red[0]?.content).toContain('时限 20 个工作日，已用 21 个工作日，截止 2026-10-30');
    expect((await alertsOf(a.indexNo, { status: 'cleared' })).map((x) => x.ruleNo)).toEqual(['C11']);
    // disclosure's own watch agrees
    const own = await request(disclosure.url)
      .get('/api/disclosure/overdue')
      .set(`authorization`, `Bearer ${await disclosure.tokenFor('supervisor')}`);
    expect((own.body as { items: { indexNo: string }[] }).items.map((i) => i.indexNo)).toEqual([a.indexNo]);

    const list = strictDeep(MatterPage).parse(
      (await sup('/matters', { kind: 'disclosure-item', level: 'red' })).body,
    );
    expect(list.items.map((m) => [m.matterNo, m.status, m.usedDays, m.overdue])).toEqual([
      [a.indexNo, 'open', 21, true],
    ]);
    const summary = strictDeep(MatterSummary).parse((await sup('/matters/summary')).body);
    expect(summary.rows).toEqual([
      {
        departmentCode: 'market-regulation',
        kind: 'disclosure-item',
        subKind: 'item',
        total: 2,
        open: 1,
        paused: 0,
        yellow: 0,
        red: 1,
        answered: 1,
        answeredOnTime: 1,
      },
    ]);
  });

  it('closes the clock on a late publication (red stays, not on time); a withdrawal does not reopen it', async () => {
    const a = items['a'];
    if (a === undefined) throw new Error('item A not drafted');
    setTime('2026-11-03 10:00');
    for (const [user, path, body] of [
      ['approver.market', '/submit', {}],
      ['head.market', '/review', { decision: 'approve' }],
    ] as const) {
      const res = await request(disclosure.url)
        .post(`/api/disclosure/items/${a.id}${path}`)
        .set(await staff(user))
        .send(body);
      expect([res.status, res.body.code]).toEqual([200, undefined]);
    }
    let t = await timeline(a.indexNo, 3);
    expect(t.matter).toMatchObject({
      status: 'published',
      open: false,
      stoppedAt: cst('2026-11-03 10:00'),
      usedDays: 22,
      level: 'red',
      onTime: false,
    });
    setTime('2026-11-10 10:00');
    const withdrawn = await request(disclosure.url)
      .post(`/api/disclosure/items/${a.id}/withdraw`)
      .set(await staff('approver.market'))
      .send({ reason: '内容已过时' });
    expect(withdrawn.status).toBe(200);
    t = await timeline(a.indexNo, 4);
    expect(t.matter).toMatchObject({
      status: 'withdrawn',
      open: false,
      stoppedAt: cst('2026-11-03 10:00'),
      usedDays: 22,
      outcome: 'withdrawn',
    });
    expect(t.entries.map((e) => e.label).slice(-2)).toEqual(['主动公开发布（停止计时）', '撤回已公开信息']);
    await evaluate();
    expect((await alertsOf(a.indexNo)).map((x) => x.ruleNo)).toEqual(['C12']);
  });
  it("stops a request's answer clock when the applicant withdraws it (撤回)", async () => {
    setTime('2026-11-16 10:00');
    const filed = await request(disclosure.url)
      .post('/api/disclosure/requests')
      .set(await staff('zhangsan'))
      .send({
        agency: 'market-regulation',
        description: '2026年本市食品安全抽检计划',
        deliveryForm: 'electronic',
        deliveryWay: 'online',
      });
    expect(filed.status).toBe(201);
    const r = filed.body as { id: string; requestNo: string };
    expect((await timeline(r.requestNo, 1)).matter).toMatchObject({ status: 'open', open: true });
    setTime('2026-11-18 15:00');
    const withdrawn = await request(disclosure.url)
      .post(`/api/disclosure/requests/${r.id}/withdraw`)
      .set(await staff('zhangsan'));
    expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'withdrawn']);
    const t = await timeline(r.requestNo, 2);
    expect(t.matter).toMatchObject({
      kind: 'disclosure-request',
      status: 'withdrawn',
      open: false,
      stoppedAt: cst('2026-11-18 15:00'),
      usedDays: 2, // 11-17, 11-18
      outcome: 'applicant',
      onTime: null,
    });
    expect(t.entries.map((e) => e.label)).toEqual(['收到政府信息公开申请（开始计时）', '申请撤回或视为放弃']);
    expect(t.entries[1]?.actor).toMatchObject({ role: 'applicant' });
  });

  const fileOnline = async (description: string) => {
    const filed = await request(disclosure.url)
      .post('/api/disclosure/requests')
      .set(await staff('lisi'))
      .send({ agency: 'market-regulation', description, deliveryForm: 'electronic', deliveryWay: 'online' });
    expect(filed.status).toBe(201);
    return filed.body as { id: string; requestNo: string };
  };
  const answerWithFee = async (id: string) => {
    const res = await request(disclosure.url)
      .post(`/api/disclosure/requests/${id}/answer`)
      .set(await staff('approver.market'))
      .send({
        type: 'granted',
        informationProvided: '抽检记录复印件',
        fee: { method: 'per-page', pages: 40 },
      });
    expect([res.status, res.body.status]).toEqual([200, 'awaiting-payment']);
  };

  it('pauses the answer clock from the 收费通知 to the payment (国办函〔2020〕109号), on the timeline', async () => {
    setTime('2026-11-16 10:00'); // Monday: received today, due end of 12-14
    const r = await fileOnline('2026年第三季度农贸市场抽检原始记录');
    setTime('2026-11-18 15:00');
    await answerWithFee(r.id);
    const waiting = await timeline(r.requestNo, 2);
    expect(waiting.matter).toMatchObject({
      status: 'payment',
      open: true,
      pausedSince: cst('2026-11-18 15:00'),
      pauses: [{ kind: 'fee', startedAt: cst('2026-11-18 15:00'), endedAt: null }],
    });
    setTime('2026-11-20 10:00');
    const paid = await request(disclosure.url)
      .post(`/api/disclosure/requests/${r.id}/fee/pay`)
      .set(await staff('lisi'));
    expect([paid.status, paid.body.status]).toEqual([200, 'answered']);
    const t = await timeline(r.requestNo, 4);
    expect(t.matter).toMatchObject({
      status: 'answered',
      open: false,
      onTime: true,
      outcome: 'granted',
      pauses: [{ kind: 'fee', endedAt: cst('2026-11-20 10:00'), workingDays: 3 }], // 11-18, 11-19, 11-20
      pausedDays: 3,
      dueAt: endOfDay('2026-12-17'), // 12-14 + the three paused working days
    });
    expect(t.entries.map((e) => e.label)).toEqual([
      '收到政府信息公开申请（开始计时）',
      '发出收费通知（暂停计时，待缴纳信息处理费）',
      '申请人已缴纳信息处理费（恢复计时）',
      '作出答复（停止计时）',
    ]);
  });

  it('ends the fee pause with the request when the applicant withdraws before paying', async () => {
    setTime('2026-11-16 10:00');
    const r = await fileOnline('2026年第二季度餐饮单位检查记录');
    setTime('2026-11-17 10:00');
    await answerWithFee(r.id);
    setTime('2026-11-19 10:00');
    const wd = await request(disclosure.url)
      .post(`/api/disclosure/requests/${r.id}/withdraw`)
      .set(await staff('lisi'));
    expect([wd.status, wd.body.status]).toEqual([200, 'withdrawn']);
    setTime('2026-12-10 10:00'); // three weeks on, nothing still counts
    const t = await timeline(r.requestNo, 3);
    expect(t.matter).toMatchObject({
      status: 'withdrawn',
      open: false,
      outcome: 'applicant',
      pausedSince: null,
      pauses: [
        { kind: 'fee', startedAt: cst('2026-11-17 10:00'), endedAt: cst('2026-11-19 10:00'), workingDays: 3 },
      ],
      pausedDays: 3,
    });
  });

  it('closes the clock of a request whose fee went unpaid (视为放弃) and of one withdrawn on paper (书面撤回)', async () => {
    setTime('2026-11-16 10:00');
    const unpaid = await fileOnline('2026年全市食品抽检原始记录');
    await answerWithFee(unpaid.id);
    const paper = await fileOnline('2026年某市场检查记录');
    setTime('2026-12-15 10:00'); // the payment period (20 working days, to 12-14) is over
    await disclosure.app.get(RequestsService).sweepUnpaidFees();
    const t = await timeline(unpaid.requestNo, 3);
    expect(t.matter).toMatchObject({
      status: 'withdrawn',
      open: false,
      outcome: 'fee-unpaid',
      onTime: null,
      pausedSince: null,
      // the fee pause ends with the request, not never
      pauses: [{ kind: 'fee', endedAt: cst('2026-12-15 10:00') }],
    });
    expect(t.entries[2]?.actor).toMatchObject({ userId: 'system' });

    const wd = await request(disclosure.url)
      .post(`/api/disclosure/requests/${paper.id}/withdrawal`)
      .set(await staff('approver.market'))
      .send({ receivedOn: '2026-12-14', note: '申请人来信撤回' });
    expect([wd.status, wd.body.status]).toEqual([200, 'withdrawn']);
    const tp = await timeline(paper.requestNo, 2);
    expect(tp.matter).toMatchObject({ status: 'withdrawn', open: false, outcome: 'applicant' });
    expect(tp.entries[1]?.actor).toMatchObject({ role: 'approver' });
  });
});
