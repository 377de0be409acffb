import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { CaseProjector, createSupervisionService } from '../src/index.js';
import { ACTORS, at, CaseHistory, publish, toMessage } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

/** Every projection table, ordered: what a rebuild must reproduce exactly. */
async function projectionSnapshot(h: ServiceHarness) {
  const q = (sql: string) => h.database.db.sql.query(sql);
  return {
    cases: await q('SELECT * FROM supervised_case ORDER BY application_no'),
    tasks: await q('SELECT * FROM case_task ORDER BY application_no, task_id'),
    clocks: await q('SELECT * FROM case_clock ORDER BY application_no, subject'),
    anomalies: await q('SELECT * FROM anomaly ORDER BY id'),
    monthly: await q('SELECT * FROM monthly_department_stat ORDER BY month, department_code, region_code'),
    implementations: await q('SELECT * FROM implementation_info ORDER BY code, version'),
  };
}

describe.each(kinds)('supervision timelines and projection on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date('2026-09-25T04:00:00Z'));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const timeline = (no: string, token = supervisor) =>
    request(h.url).get(`/api/supervision/cases/${no}/timeline`).set('authorization', `Bearer ${token}`);

  it('projects a case: every event with actor and time, the case row and its steps', async () => {
    const c = new CaseHistory({ promisedLimitDays: 10 })
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'), {
        co: [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 5 }],
      })
      .assigned(at('2026-09-15 11:00'), 'lead', ACTORS.approverMarket)
      .taskCompleted(at('2026-09-16 15:00'), 'co-1', [ACTORS.approverHealth])
      .taskCompleted(at('2026-09-17 15:00'), 'lead', [ACTORS.approverMarket])
      .decided(at('2026-09-18 11:00'))
      .licenceIssued(at('2026-09-18 11:05'))
      .completed(at('2026-09-18 11:10'))
      .delivered(at('2026-09-21 09:30'));
    await publish(h, c.events);
    const res = await timeline(c.no);
    expect(res.status).toBe(200);
    expect(res.body.view).toBe('supervisor');
    expect(res.body.entries.map((e: { type: string }) => e.type)).toEqual(c.events.map((e) => e.type));
    expect(res.body.entries[1]).toMatchObject({
      label: '受理',
      occurredAt: at('2026-09-15 10:00'),
      actor: { userId: ACTORS.clerkXihu.userId, name: '刘洋', role: 'clerk' },
    });
    expect(res.body.case).toMatchObject({
      applicationNo: c.no,
      status: 'delivered',
      regionCode: '330106',
      departmentCode: 'market-regulation',
      itemName: '食品经营许可',
      receivedAt: at('2026-09-14 09:00'),
      acceptedAt: at('2026-09-15 10:00'),
      promisedLimitDays: 10,
      legalLimitDays: 20,
      decisionOutcome: 'approved',
      decidedAt: at('2026-09-18 11:00'),
      completedAt: at('2026-09-18 11:10'),
      deliveredAt: at('2026-09-21 09:30'),
      deliveryMethod: 'window',
      workingDaysUsed: 3,
      onTime: true,
      cardLevel: 'green',
      licenceIdentifiers: [expect.stringMatching(/^1\.2\.156\.3005\.2\.11330000HALL00001L001\./)], // LT.JY
    });
    // 10 working days from Tue 2026-09-15: 16,17,18,(19 Sat) 20 Sun make-up,21,22,23,24,(25 中秋) 28,29 → 29th.
    expect(res.body.case.promisedDueAt).toBe(new Date('2026-09-29T23:59:59.999+08:00').toISOString());
    expect(res.body.tasks).toEqual([
      expect.objectContaining({
        taskId: 'co-1',
        departmentCode: 'health-commission',
        role: 'co',
        completedAt: at('2026-09-16 15:00'),
        verdict: 'approve',
        workingDaysUsed: 1,
      }),
      expect.objectContaining({
        taskId: 'lead',
        role: 'lead',
        assigneeName: '陈明',
        completedAt: at('2026-09-17 15:00'),
        workingDaysUsed: 2,
      }),
    ]);
    expect(res.body.anomalies).toEqual([]);
  });

  it('is idempotent and order-tolerant, and a rebuild from history deep-equals the live projection', async () => {
    const paused = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-15 09:00'))
      .supplementNoticeRejected(at('2026-09-15 15:00'))
      .supplemented(at('2026-09-16 09:00'))
      .accepted(at('2026-09-16 14:00'))
      .opened(at('2026-09-16 14:01'))
      .suspended(at('2026-09-17 09:00'), 'p1')
      .resumed(at('2026-09-21 17:00'), 'p1')
      .extended(at('2026-09-22 10:00'), 'x1', 5);
    const anomalous = new CaseHistory()
      .submitted(at('2026-09-01 09:00'))
      .accepted(at('2026-09-10 10:00'))
      .opened(at('2026-09-10 10:01'))
      .taskCompleted(at('2026-09-11 10:00'), 'lead', [ACTORS.clerkXihu])
      .decided(at('2026-09-11 11:00'), 'denied', '无');
    const reversed = [...paused.events].reverse();
    // Approval events first, then intake (different topics race in production), plus redeliveries.
    const shuffled = [
      ...anomalous.events.filter((e) => e.source === 'approval'),
      ...anomalous.events.filter((e) => e.source !== 'approval'),
    ];
    await publish(h, [...reversed, ...shuffled]);
    const first = anomalous.events[0];
    if (first === undefined) throw new Error('no events');
    await h.transport.publish([toMessage(first), toMessage(first)]);
    const entries = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE case_no = $1',
      [anomalous.no],
    );
    expect(Number(entries[0]?.n)).toBe(anomalous.events.length);

    const live = (await timeline(paused.no)).body;
    expect(live.case).toMatchObject({
      status: 'under-approval',
      supplementCount: 1,
      extensionDays: 5,
      pausedSince: null,
    });
    expect(live.anomalies.map((a: { ruleNo: string }) => a.ruleNo)).toEqual(['A01']);
    expect(live.case.pauses).toEqual([
      expect.objectContaining({ procedureId: 'p1', kind: 'expert-review', endedAt: at('2026-09-21 17:00') }),
    ]);
    const bad = (await timeline(anomalous.no)).body;
    expect(bad.anomalies.map((a: { ruleNo: string }) => a.ruleNo).sort()).toEqual(['A02', 'A04', 'A07']);

    const before = await projectionSnapshot(h);
    expect(before.cases.length).toBeGreaterThanOrEqual(3);
    expect(before.monthly.length).toBeGreaterThanOrEqual(1);
    const result = await h.app.get(CaseProjector).rebuildAll();
    expect(result.cases).toBe(before.cases.length);
    expect(await projectionSnapshot(h)).toEqual(before);
  });

  it('keeps events of the same instant in arrival order when one batch stores them', async () => {
    const c = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'), {
        co: [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 5 }],
      })
      .assigned(at('2026-09-15 11:00'), 'lead', ACTORS.approverMarket)
      .assigned(at('2026-09-15 11:00'), 'co-1', ACTORS.approverHealth);
    // Ids that sort against the producer's order: a tie broken by id (or by the shared commit time) would flip them.
    const events = c.events.map((e, i) => ({
      ...e,
      id: `00000000-0000-4000-8000-${String(99 - i).padStart(12, '0')}`,
    }));
    await h.transport.publish(events.map(toMessage));
    const res = await timeline(c.no);
    expect(res.status).toBe(200);
    expect(res.body.entries.map((e: { eventId: string }) => e.eventId)).toEqual(events.map((e) => e.id));
  });

  it('refuses unknown case numbers with 404', async () => {
    const res = await timeline('330106202609170000019');
    expect(res.status).toBe(404);
  });
});
