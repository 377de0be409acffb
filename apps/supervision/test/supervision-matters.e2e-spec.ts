import { MatterPage, MatterSummary, MatterTimeline } from '@hall/contracts';
import { ManualClock } from '@hall/calendar';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ClockEvaluator, MatterProjector, createSupervisionService } from '../src/index.js';
import { at, publish, publishLive, settleOutbox } from './factories/case-history.factory.js';
import { EnquiryHistory, RequestHistory } from './factories/matter-history.factory.js';

const kinds = await testDatabaseKinds();

interface AlertBody {
  caseNo: string;
  ruleNo: string;
  level: string;
  status: string;
  content: string;
  responsibleDepartment: string;
}

/** The end of a China-time day, as deadlines are written. */
const endOf = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();

describe.each(kinds)('supervision of 依申请公开 requests and enquiries on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-09-28 09:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = (path: string, query: Record<string, string> = {}) =>
    request(h.url).get(`/api/supervision${path}`).query(query).set('authorization', `Bearer ${supervisor}`);
  const timeline = async (no: string): Promise<MatterTimeline> => {
    const res = await get('/matters/timeline', { no });
    expect(res.status).toBe(200);
    return strictDeep(MatterTimeline).parse(res.body);
  };
  const alertsOf = async (no: string, query: Record<string, string> = {}): Promise<AlertBody[]> =>
    (await get('/alerts', { applicationNo: no, ...query })).body.items as AlertBody[];
  const evaluate = () => h.app.get(ClockEvaluator).evaluateAll();

  /*
   * Hand computation (2026 calendar: 国庆/中秋 10-01..10-07 holidays, Sat 10-10 a make-up workday).
   * Received online Mon 2026-09-28 (receipt day 09-28); 补正 notice Wed 09-30 10:00, corrected Fri 10-09 10:00: the
   * clock restarts from the corrected receipt 10-09 (art. 30); the 补正 touched 09-30, 10-08, 10-09 = 3 working days.
   * From 10-09: 10-10 (1, make-up Sat), 10-12..16 (2–6), 10-19..23 (7–11), 10-26..30 (12–16), 11-02..05 (17–20) →
   * 11-05. Third-party consultation Tue 10-13 09:00 .. Thu 10-15 17:00: 3 working days not counted (art. 33 ¶3) →
   * 11-06, 11-09, 11-10. Extension of 20 working days (art. 33 ¶2) → 11-11 .. 12-08. Answered 11-20: on time.
   */
  const a = new RequestHistory('2026-09-28', { serial: 1 })
    .received(at('2026-09-28 10:00'))
    .correctionRequested(at('2026-09-30 10:00'))
    .corrected(at('2026-10-09 10:00'), '2026-10-09')
    .consultationStarted(at('2026-10-13 09:00'))
    .consultationEnded(at('2026-10-15 17:00'))
    .extended(at('2026-10-20 10:00'), 20)
    .answered(at('2026-11-20 15:00'));

  it('keeps the clock of a request received 2026-09-28 across the National Day holidays with a 补正 pause', async () => {
    // The first three events: waiting for the 补正, the clock stands still.
    await publishLive(h, clock, a.events.slice(0, 2));
    clock.set(at('2026-10-08 12:00'));
    let t = await timeline(a.no);
    expect(t.matter).toMatchObject({
      kind: 'disclosure-request',
      subKind: 'request',
      status: 'correction',
      open: true,
      pausedSince: at('2026-09-30 10:00'),
      usedDays: 1, // 09-29; the days from 09-30 on stand still
      level: 'green',
    });
    expect(t.matter.pauses).toEqual([
      { kind: 'correction', startedAt: at('2026-09-30 10:00'), endedAt: null, workingDays: 2 },
    ]);

    await publishLive(h, clock, a.events.slice(2, 5));
    clock.set(at('2026-10-16 12:00'));
    t = await timeline(a.no);
    expect(t.matter).toMatchObject({ status: 'open', startedAt: at('2026-10-09 00:00'), limitDays: 20 });
    expect(t.matter.dueAt).toBe(endOf('2026-11-10'));
    expect(t.matter.pauses.map((p) => [p.kind, p.workingDays])).toEqual([
      ['correction', 3],
      ['consultation', 3],
    ]);
    expect(t.matter.pausedDays).toBe(6);
    // 10-10, 10-12, 10-16 (10-13..15 paused)
    expect(t.matter.usedDays).toBe(3);

    await publishLive(h, clock, a.events.slice(5));
    clock.set(at('2026-11-23 09:00'));
    t = await timeline(a.no);
    expect(t.matter).toMatchObject({
      status: 'answered',
      open: false,
      limitDays: 40,
      extensionDays: 20,
      level: 'green',
      onTime: true,
      overdue: false,
      outcome: 'partial',
      pausedDays: 6,
    });
    expect(t.matter.dueAt).toBe(endOf('2026-12-08'));
    expect(t.entries.map((e) => e.label)).toEqual([
      '收到政府信息公开申请（开始计时）',
      '一次性告知补正（停止计时）',
      '申请人已补正（自收到补正之日重新计时）',
      '征求第三方意见（暂停计时）',
      '第三方意见征求结束（恢复计时）',
      '延期答复（经负责人同意）',
      '作出答复（停止计时）',
    ]);
    expect(t.entries.map((e) => e.pausedDays)).toEqual([null, null, 3, null, 3, null, null]);
    expect(t.entries[5]?.actor).toMatchObject({ name: '周建国' });
    expect(await alertsOf(a.no)).toEqual([]);
  });

  it('is idempotent: a replay of every event changes nothing', async () => {
    const before = await timeline(a.no);
    const [{ n: entriesBefore }] = (await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE matter_no = $1',
      [a.no],
    )) as [{ n: number }];
    await publish(h, [...a.events].reverse());
    await publish(h, a.events);
    const after = await timeline(a.no);
    expect(after.entries.map((e) => e.eventId)).toEqual(before.entries.map((e) => e.eventId));
    expect(after.matter).toEqual(before.matter);
    const [{ n: entriesAfter }] = (await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE matter_no = $1',
      [a.no],
    )) as [{ n: number }];
    expect(entriesAfter).toBe(entriesBefore);
    expect(entriesAfter).toBe(7);
    // A rebuild from the stored history gives the same projection.
    expect(await h.app.get(MatterProjector).rebuildAll()).toBe(1);
    expect((await timeline(a.no)).matter).toEqual(before.matter);
  });

  /*
   * Request B received Fri 10-09, never answered: 20 working days → 11-05 (as above). Yellow when 18 are used (90%):
   * Tue 11-03 (10-10, 12..16, 19..23, 26..30, 11-02, 11-03 = 18). Red when more than 20: Fri 11-06.
   */
  const b = new RequestHistory('2026-10-09', { serial: 2 }).received(at('2026-10-09 10:00'));
  /* A complaint sent Tue 09-29: 10 working days → 09-30, 10-08, 09, 10, 12, 13, 14, 15, 16, 19 → 10-19; red 10-20. */
  const e = new EnquiryHistory('complaint', '2026-09-29', 1)
    .received(at('2026-09-29 10:00'))
    .routed(at('2026-09-29 11:00'), 'market-regulation');

  it('raises yellow then red cards (C07/C08, C10) when a request or an enquiry nears and passes its limit', async () => {
    await publishLive(h, clock, [...e.events, ...b.events]);
    clock.set(at('2026-10-19 09:00'));
    await evaluate();
    await settleOutbox(h);
    expect((await alertsOf(e.no)).map((x) => [x.ruleNo, x.level])).toEqual([['C09', 'yellow']]);
    clock.set(at('2026-10-20 09:00'));
    await evaluate();
    await settleOutbox(h);
    const complaint = await alertsOf(e.no);
    expect(complaint.map((x) => [x.ruleNo, x.level, x.responsibleDepartment])).toEqual([
      ['C10', 'red', 'market-regulation'],
    ]);
    expect(complaint[0]?.content).toContain('投诉 ' + e.no);
    expect(complaint[0]?.content).toContain('时限 10 个工作日，已用 11 个工作日，截止 2026-10-19');
    // The overdue enquiry on its timeline: red, overdue, still open, its steps labelled.
    const overdue = await timeline(e.no);
    expect(overdue.matter).toMatchObject({
      kind: 'enquiry',
      subKind: 'complaint',
      level: 'red',
      overdue: true,
      open: true,
      usedDays: 11,
    });
    expect(overdue.entries.map((x) => x.type)).toContain('intake.enquiry.received');

    clock.set(at('2026-11-02 12:00'));
    await evaluate();
    expect(await alertsOf(b.no)).toEqual([]);
    clock.set(at('2026-11-03 12:00'));
    await evaluate();
    await settleOutbox(h);
    expect((await alertsOf(b.no)).map((x) => [x.ruleNo, x.level])).toEqual([['C07', 'yellow']]);
    clock.set(at('2026-11-06 09:00'));
    await evaluate();
    await settleOutbox(h);
    const red = await alertsOf(b.no);
    expect(red.map((x) => [x.ruleNo, x.level])).toEqual([['C08', 'red']]);
    expect(red[0]?.content).toContain('依申请公开申请 ' + b.no);
    expect((await alertsOf(b.no, { status: 'cleared' })).map((x) => x.ruleNo)).toEqual(['C07']);
    // The dashboard names matters' red cards apart from cases' ones (`about`).
    expect((await alertsOf(b.no, { about: 'matter' })).map((x) => x.ruleNo)).toEqual(['C08']);
    expect(await alertsOf(b.no, { about: 'case' })).toEqual([]);
    const t = await timeline(b.no);
    expect(t.matter).toMatchObject({ level: 'red', overdue: true, usedDays: 21, open: true });
  });

  it('answers late: the card stays red, the answer counts as not on time', async () => {
    const late = new EnquiryHistory('complaint', '2026-09-29', 1);
    late.answered(at('2026-10-21 10:00'), false);
    // The same enquiry number: its answer joins the history of `e`.
    await publishLive(h, clock, late.events);
    const t = await timeline(e.no);
    expect(t.matter).toMatchObject({
      status: 'answered',
      open: false,
      onTime: false,
      level: 'red',
      usedDays: 12,
    });
    expect((await alertsOf(e.no)).map((x) => x.ruleNo)).toEqual(['C10']);
  });

  it('lists, filters and counts the matters of the region per department and kind', async () => {
    clock.set(at('2026-11-23 09:00'));
    const all = strictDeep(MatterPage).parse((await get('/matters')).body);
    expect(all.total).toBe(3);
    expect(all.items[0]?.matterNo).toBe(b.no); // open first
    const requests = strictDeep(MatterPage).parse(
      (await get('/matters', { kind: 'disclosure-request', open: 'false' })).body,
    );
    expect(requests.items.map((m) => m.matterNo)).toEqual([a.no]);
    const red = strictDeep(MatterPage).parse((await get('/matters', { level: 'red' })).body);
    expect(red.items.map((m) => m.matterNo).sort()).toEqual([b.no, e.no].sort());
    const summary = strictDeep(MatterSummary).parse((await get('/matters/summary')).body);
    expect(summary.rows).toEqual([
      {
        departmentCode: 'market-regulation',
        kind: 'disclosure-request',
        subKind: 'request',
        total: 2,
        open: 1,
        paused: 0,
        yellow: 0,
        red: 1,
        answered: 1,
        answeredOnTime: 1,
      },
      {
        departmentCode: 'market-regulation',
        kind: 'enquiry',
        subKind: 'complaint',
        total: 1,
        open: 0,
        paused: 0,
        yellow: 0,
        red: 1,
        answered: 1,
        answeredOnTime: 0,
      },
    ]);
  });

  it('keeps matters of another region out of sight (404 like an unknown number) and refuses bad input', async () => {
    const other = new RequestHistory('2026-10-09', { serial: 3, region: '440100' }).received(
      at('2026-10-09 10:00'),
    );
    await publish(h, other.events);
    expect((await get('/matters/timeline', { no: other.no })).status).toBe(404);
    expect((await get('/matters/timeline', { no: 'YSQ-404-NONE' })).status).toBe(404);
    expect((await get('/matters')).body.total).toBe(3);
    expect((await get(`/timelines/${other.requestId}`)).status).toBe(404);
    const bad = await get('/matters', { kind: 'case' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await get('/matters/timeline', { no: '<script>' })).status).toBe(400);
    const applicant = await h.tokenFor('lisi');
    expect(
      (await request(h.url).get('/api/supervision/matters').set('authorization', `Bearer ${applicant}`))
        .status,
    ).toBe(403);
  });

  it("moves an enquiry's clock by an approved extension: no red card for the extended period", async () => {
    /*
     * A complaint sent Mon 10-12: 10 working days → Mon 10-26. Extended on Tue 10-20 by 3 working days → Thu 10-29.
     * Without the extension it would be red on Tue 10-27 (11 used); with it, red only on Fri 10-30 (14 > 13).
     */
    const x = new EnquiryHistory('complaint', '2026-10-12', 7)
      .received(at('2026-10-12 10:00'))
      .routed(at('2026-10-12 11:00'), 'urban-management')
      .extended(at('2026-10-20 10:00'), 3);
    await publishLive(h, clock, x.events);
    clock.set(at('2026-10-28 09:00'));
    await evaluate();
    await settleOutbox(h);
    expect((await alertsOf(x.no)).map((a) => a.level)).not.toContain('red');
    const t = await timeline(x.no);
    expect(t.matter).toMatchObject({ limitDays: 13, extensionDays: 3, usedDays: 12, overdue: false });
    expect(t.matter.dueAt).toBe(endOf('2026-10-29'));
    expect(t.entries.map((e) => e.label)).toContain('延期答复（经政务服务中心同意）');
    clock.set(at('2026-10-30 09:00'));
    await evaluate();
    await settleOutbox(h);
    expect((await alertsOf(x.no)).map((a) => [a.ruleNo, a.level])).toEqual([['C10', 'red']]);
  });

  it("honours the limit intake configured (ENQUIRY_LIMIT_DAYS), read from the events' due date", async () => {
    // A suggestion with a configured limit of 3 working days (default 15): sent Mon 10-12 → due Thu 10-15.
    const x = new EnquiryHistory('suggestion', '2026-10-12', 8, '330100', 3)
      .received(at('2026-10-12 10:00'))
      .routed(at('2026-10-12 11:00'), 'urban-management');
    await publishLive(h, clock, x.events);
    clock.set(at('2026-10-16 09:00'));
    await evaluate();
    await settleOutbox(h);
    const t = await timeline(x.no);
    expect(t.matter).toMatchObject({ limitDays: 3, usedDays: 4, level: 'red', overdue: true });
    expect(t.matter.dueAt).toBe(endOf('2026-10-15'));
    const cards = await alertsOf(x.no);
    expect(cards.map((a) => [a.ruleNo, a.level])).toEqual([['C10', 'red']]);
    expect(cards[0]?.content).toContain('时限 3 个工作日');
  });
});
