import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { ClockEvaluator, createSupervisionService } from '../src/index.js';
import { ACTORS, at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

/** One crafted history per rule: each must fire its rule (and only on this case). */
const CRAFTED: Record<string, () => CaseHistory> = {
  A01: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-15 09:00'))
      .supplemented(at('2026-09-16 09:00'))
      .supplementRequested(at('2026-09-17 09:00')),
  A02: () => new CaseHistory().submitted(at('2026-09-01 09:00')).accepted(at('2026-09-10 10:00')),
  A03: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'), {
        jointKind: 'general',
        co: [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 5 }],
      })
      .taskCompleted(at('2026-09-17 15:00'), 'lead')
      .decided(at('2026-09-18 11:00')),
  A04: () =>
    new CaseHistory().submitted(at('2026-09-14 09:00')).refused(at('2026-09-15 09:00'), '不符合条件。'),
  A05: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'), { leadLimit: 2 })
      .taskCompleted(at('2026-09-21 15:00'), 'lead')
      .decided(at('2026-09-21 16:00')),
  A06: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'))
      .licenceIssued(at('2026-09-16 10:00')),
  A07: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'), ACTORS.approverMarket)
      .opened(at('2026-09-15 10:01'), { acceptedBy: ACTORS.approverMarket.userId })
      .taskCompleted(at('2026-09-16 15:00'), 'lead', [ACTORS.approverMarket]),
  A08: () =>
    new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'))
      .taskCompleted(at('2026-09-17 15:00'), 'lead')
      .decided(at('2026-09-18 11:00'))
      .licenceIssued(at('2026-09-18 11:05'))
      .completed(at('2026-09-18 11:10')),
};

describe.each(kinds)('supervision anomaly rules on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const anomaliesOf = async (no: string): Promise<string[]> => {
    const res = await request(h.url)
      .get('/api/supervision/anomalies')
      .query({ applicationNo: no })
      .set('authorization', `Bearer ${supervisor}`);
    expect(res.status).toBe(200);
    return (res.body.items as { ruleNo: string }[]).map((a) => a.ruleNo).sort();
  };

  it('a clean case fires no rule, also after time passes', async () => {
    const clean = CaseHistory.clean();
    await publishLive(h, clock, clean.events);
    clock.set(at('2026-12-01 09:00'));
    await h.app.get(ClockEvaluator).evaluateAll();
    expect(await anomaliesOf(clean.no)).toEqual([]);
  });

  it.each(Object.keys(CRAFTED))('rule %s fires on its crafted history', async (rule) => {
    const build = CRAFTED[rule];
    if (build === undefined) throw new Error(rule);
    const c = build();
    await publishLive(h, clock, c.events);
    if (rule === 'A08') {
      expect(await anomaliesOf(c.no)).toEqual([]);
      clock.set(at('2026-10-09 09:00')); // completed 09-18 + 10 working days = 10-09 end (国庆 in between): not yet
      await h.app.get(ClockEvaluator).evaluateAll();
      expect(await anomaliesOf(c.no)).toEqual([]);
      clock.set(at('2026-10-10 09:00'));
      await h.app.get(ClockEvaluator).evaluateAll();
    }
    expect(await anomaliesOf(c.no)).toContain(rule);
    const alerts = await request(h.url)
      .get('/api/supervision/alerts')
      .query({ applicationNo: c.no, warningType: 'anomaly' })
      .set('authorization', `Bearer ${supervisor}`);
    expect(alerts.body.items.map((a: { ruleNo: string }) => a.ruleNo)).toContain(rule);
  });

  it('A01 also fires on a second notice that intake refused (409, application unchanged); one notice alone does not', async () => {
    const rejected = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-15 09:00'))
      .supplementNoticeRejected(at('2026-09-15 16:00'));
    const single = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-15 09:00'))
      .supplemented(at('2026-09-16 09:00'))
      .accepted(at('2026-09-16 14:00'));
    await publishLive(h, clock, [...rejected.events, ...single.events]);
    expect(await anomaliesOf(rejected.no)).toEqual(['A01']);
    expect(await anomaliesOf(single.no)).toEqual([]);
    const res = await request(h.url)
      .get('/api/supervision/anomalies')
      .query({ applicationNo: rejected.no })
      .set('authorization', `Bearer ${supervisor}`);
    expect(res.body.items[0]).toMatchObject({ ruleNo: 'A01', at: at('2026-09-15 16:00') });
    expect(res.body.items[0].detail).toContain('被拒');
    const timeline = await request(h.url)
      .get(`/api/supervision/cases/${rejected.no}/timeline`)
      .set('authorization', `Bearer ${supervisor}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.case).toMatchObject({ status: 'supplement-requested', supplementCount: 1 });
  });

  it('lists anomalies by rule with the rule catalogue', async () => {
    const res = await request(h.url)
      .get('/api/supervision/anomalies')
      .query({ rule: 'A04' })
      .set('authorization', `Bearer ${supervisor}`);
    expect(res.body.rules.A04).toContain('理由');
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
    expect(res.body.items.every((a: { ruleNo: string }) => a.ruleNo === 'A04')).toBe(true);
    const bad = await request(h.url)
      .get('/api/supervision/anomalies')
      .query({ rule: 'Z99' })
      .set('authorization', `Bearer ${supervisor}`);
    expect(bad.status).toBe(400);
  });
});
