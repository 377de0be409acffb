import { AlertCleared, AlertRaised, Topics } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { ClockEvaluator, createSupervisionService } from '../src/index.js';
import {
  ACTORS,
  at,
  CaseHistory,
  publish,
  publishLive,
  settleOutbox,
} from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

interface AlertBody {
  id: string;
  supervisionNo: string;
  caseNo: string;
  ruleNo: string;
  level: string;
  warningType: string;
  subject: string;
  status: string;
  content: string;
  responsibleDepartment: string;
}

describe.each(kinds)('supervision clocks and cards on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-10-16 12:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = (path: string) =>
    request(h.url).get(`/api/supervision${path}`).set('authorization', `Bearer ${supervisor}`);
  const post = (path: string, body: object = {}) =>
    request(h.url).post(`/api/supervision${path}`).set('authorization', `Bearer ${supervisor}`).send(body);
  const caseAlerts = async (no: string, query: Record<string, string> = {}): Promise<AlertBody[]> =>
    (await get('/alerts').query({ applicationNo: no, ...query })).body.items as AlertBody[];
  const evaluate = () => h.app.get(ClockEvaluator).evaluateAll();

  /*
   * Hand computation (2026 calendar: 中秋 Fri 09-25 to Sun 09-27; 国庆 10-01..10-07; make-up workdays Sun 09-20 and Sat 10-10).
   * Accepted Fri 2026-09-18, promised limit 10 working days; expert review (专家评审) Tue 09-22 09:00 .. Thu 09-24 17:00
   * (the 3 days it touches do not count); extension +5 (延长审批).
   * Counting from the day after acceptance: 09-20 (1, make-up), 09-21 (2), [22, 23, 24 paused], 09-28 (3), 09-29 (4),
   * 09-30 (5), [10-01..07 holiday], 10-08 (6), 10-09 (7), 10-10 (8, make-up Saturday), 10-12 (9), 10-13 (10),
   * + extension: 10-14 (11), 10-15 (12), 10-16 (13), 10-19 (14), 10-20 (15) → deadline 2026-10-20 24:00 China time.
   * Yellow at 14 used (≥ 90% of 15 = 13.5, and 1 day left): Mon 10-19. Red at 16 used: Wed 10-21.
   */
  const c = new CaseHistory({ promisedLimitDays: 10, legalLimitDays: 20 })
    .submitted(at('2026-09-17 10:00'))
    .accepted(at('2026-09-18 10:00'))
    .opened(at('2026-09-18 10:05'), {
      leadLimit: 15,
      co: [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 15 }],
    })
    .suspended(at('2026-09-22 09:00'), 'expert-1')
    .resumed(at('2026-09-24 17:00'), 'expert-1')
    .extended(at('2026-09-29 10:00'), 'ext-1', 5)
    .taskCompleted(at('2026-10-09 16:00'), 'co-1', [ACTORS.approverHealth])
    .taskCompleted(at('2026-10-12 16:00'), 'lead', [ACTORS.approverMarket]);

  it('computes the hand-computed deadline through a holiday with make-up workdays, a pause and an extension', async () => {
    await publishLive(h, clock, c.events);
    clock.set(at('2026-10-16 12:00'));
    await evaluate();
    const res = await get(`/cases/${c.no}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.case.promisedDueAt).toBe(new Date('2026-10-20T23:59:59.999+08:00').toISOString());
    expect(res.body.case.extensionDays).toBe(5);
    const caseClock = res.body.clocks.find((x: { subject: string }) => x.subject === 'case');
    expect(caseClock).toMatchObject({ limitDays: 15, usedDays: 13, level: 'green', open: true });
    // Step clocks: 15 working days from 09-18 with the pause (no extension for steps) → 10-20; both finished in time.
    const stepDue = new Date('2026-10-20T23:59:59.999+08:00').toISOString();
    expect(res.body.tasks.map((t: { dueAt: string }) => t.dueAt)).toEqual([stepDue, stepDue]);
    expect(
      res.body.clocks
        .filter((x: { kind: string }) => x.kind === 'task')
        .map((x: { level: string; open: boolean }) => [x.level, x.open]),
    ).toEqual([
      ['green', false],
      ['green', false],
    ]);
    expect(await caseAlerts(c.no)).toEqual([]);
  });

  it('turns yellow and then red as time passes with no new event, through the outbox', async () => {
    clock.set(at('2026-10-19 09:00'));
    const pass1 = await evaluate();
    expect(pass1.cases).toBeGreaterThanOrEqual(1);
    const yellow = await caseAlerts(c.no);
    expect(yellow).toEqual([
      expect.objectContaining({
        ruleNo: 'C01',
        level: 'yellow',
        warningType: 'yellow-card',
        subject: 'case',
        status: 'open',
        responsibleDepartment: 'market-regulation',
      }),
    ]);
    expect(yellow[0]?.supervisionNo).toMatch(/^DB20261019\d{8}$/);
    expect(yellow[0]?.content).toContain('已用 14 个工作日');

    clock.set(at('2026-10-20 18:00'));
    await evaluate();
    expect((await caseAlerts(c.no)).map((a) => a.ruleNo)).toEqual(['C01']);

    clock.set(at('2026-10-21 09:00'));
    await evaluate();
    const red = await caseAlerts(c.no);
    expect(red).toEqual([expect.objectContaining({ ruleNo: 'C02', level: 'red', warningType: 'red-card' })]);
    expect(await caseAlerts(c.no, { level: 'yellow' })).toEqual([]);
    expect((await caseAlerts(c.no, { status: 'cleared' })).map((a) => a.ruleNo)).toEqual(['C01']);
    const timeline = await get(`/cases/${c.no}/timeline`);
    expect(timeline.body.case.cardLevel).toBe('red');

    // Evaluating again changes nothing.
    await evaluate();
    expect((await caseAlerts(c.no, { status: 'open' })).map((a) => a.ruleNo)).toEqual(['C02']);

    await settleOutbox(h);
    const events = h.transport
      .read(Topics.supervisionAlert)
      .map((m) => JSON.parse(m.value) as { type: string; key: string; payload: { ruleNo: string } })
      .filter((e) => e.key === c.no);
    expect(events.map((e) => `${e.type}:${e.payload.ruleNo}`)).toEqual([
      `${AlertRaised.type}:C01`,
      `${AlertCleared.type}:C01`,
      `${AlertRaised.type}:C02`,
    ]);
    for (const e of events)
      expect(() =>
        (e.type === AlertRaised.type ? AlertRaised : AlertCleared).payload.parse(e.payload),
      ).not.toThrow();
  });

  it('records 督办 with GB/T 39046 §6.8 fields; acknowledge then resolve; illegal transitions are 409', async () => {
    const [red] = await caseAlerts(c.no, { level: 'red' });
    if (red === undefined) throw new Error('no red alert');
    const full = await get(`/alerts/${red.id}`);
    expect(full.body).toEqual(
      expect.objectContaining({
        caseNo: c.no,
        content: expect.stringContaining('已超期'),
        body: expect.any(String),
        itemType: expect.any(String),
        raisedAt: at('2026-10-21 09:00'),
        supervisionNo: expect.stringMatching(/^DB/),
        ruleNo: 'C02',
        warningType: 'red-card',
        result: null,
        responsibleDepartment: 'market-regulation',
      }),
    );
    const byDept = await get('/alerts').query({ dept: 'health-commission', applicationNo: c.no });
    expect(byDept.body.items).toEqual([]);
    expect((await post(`/alerts/${red.id}/ack`, { note: '已电话督促' })).body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: expect.any(String),
    });
    expect((await post(`/alerts/${red.id}/ack`, { note: '再次督促' })).status).toBe(409);
    expect((await post(`/alerts/${red.id}/ack`, { note: ' ' })).status).toBe(400);
    expect((await post(`/alerts/${red.id}/resolve`, {})).status).toBe(400);
    const resolved = await post(`/alerts/${red.id}/resolve`, { result: '部门已说明原因并于次日作出决定' });
    expect(resolved.body).toMatchObject({ status: 'resolved', result: '部门已说明原因并于次日作出决定' });
    const again = await post(`/alerts/${red.id}/resolve`, { result: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALERT_NOT_OPEN');
    // A resolved red card is not raised again while its condition holds.
    await evaluate();
    expect(await caseAlerts(c.no, { level: 'red' })).toEqual([]);
  });

  it('acceptance clock: 5 working days from receipt; yellow, then red when no answer', async () => {
    clock.set(at('2026-11-02 09:00'));
    const waiting = new CaseHistory().submitted(at('2026-11-02 08:30'));
    await publish(h, waiting.events);
    // Mon 11-02 → 5 working days (yellow with 4 used: Fri 11-06): 11-03..11-06, 11-09 → due Mon 11-09.
    const t = await get(`/cases/${waiting.no}/timeline`);
    expect(t.body.clocks).toEqual([
      expect.objectContaining({
        subject: 'acceptance',
        limitDays: 5,
        dueAt: new Date('2026-11-09T23:59:59.999+08:00').toISOString(),
        level: 'green',
      }),
    ]);
    clock.set(at('2026-11-06 09:00'));
    await evaluate();
    expect((await caseAlerts(waiting.no)).map((a) => a.ruleNo)).toEqual(['C05']);
    clock.set(at('2026-11-10 09:00'));
    await evaluate();
    expect((await caseAlerts(waiting.no)).map((a) => a.ruleNo)).toEqual(['C06']);
  });
});
