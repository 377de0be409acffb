import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { ACTORS, at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();
const HEALTH = { departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 10 };

describe.each(kinds)('supervision risk worklist on %s', (kind) => {
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

  const risk = (query: Record<string, string> = {}) =>
    request(h.url).get('/api/supervision/risk').query(query).set('authorization', `Bearer ${supervisor}`);

  it('ranks a case in a slow, queued department with little time left above a fresh one, with the reasons', async () => {
    // History: the health commission took 8, 8, 9, 9 and 10 working days for its co-step; market regulation 1 day.
    const completionDays = ['2026-09-11', '2026-09-11', '2026-09-14', '2026-09-14', '2026-09-15'];
    const history = completionDays.map((day) =>
      new CaseHistory({ promisedLimitDays: 20 })
        .submitted(at('2026-09-01 09:00'))
        .accepted(at('2026-09-01 10:00'))
        .opened(at('2026-09-01 10:01'), { co: [HEALTH] })
        .taskCompleted(at('2026-09-02 10:00'), 'lead', [ACTORS.approverMarket])
        .taskCompleted(at(`${day} 15:00`), 'co-1', [ACTORS.approverHealth])
        .decided(at('2026-09-16 10:00'))
        .completed(at('2026-09-16 10:10')),
    );
    // Ahead in the health commission's queue.
    const queued = new CaseHistory({ promisedLimitDays: 20 })
      .submitted(at('2026-09-10 09:00'))
      .accepted(at('2026-09-11 08:30'))
      .opened(at('2026-09-11 09:00'), { co: [HEALTH] })
      .taskCompleted(at('2026-09-11 12:00'), 'lead', [ACTORS.approverMarket]);
    // 8 promised working days from 09-14; by 09-22 seven are used; its health step has run 7 days.
    const risky = new CaseHistory({ promisedLimitDays: 8 })
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-14 10:00'))
      .opened(at('2026-09-14 10:01'), { co: [HEALTH] })
      .taskCompleted(at('2026-09-15 10:00'), 'lead', [ACTORS.approverMarket]);
    // Accepted this morning, single market step, 10 working days ahead.
    const fresh = new CaseHistory({ promisedLimitDays: 10 })
      .submitted(at('2026-09-21 15:00'))
      .accepted(at('2026-09-22 09:00'))
      .opened(at('2026-09-22 09:01'));
    const events = [
      ...history.flatMap((c) => c.events),
      ...queued.events,
      ...risky.events,
      ...fresh.events,
    ].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    await publishLive(h, clock, events);
    clock.set(at('2026-09-22 12:00'));

    const res = await risk();
    expect(res.status).toBe(200);
    const nos = res.body.items.map((i: { applicationNo: string }) => i.applicationNo);
    for (const c of history) expect(nos).not.toContain(c.no); // decided: no open promised clock
    expect(nos).toEqual(expect.arrayContaining([risky.no, fresh.no, queued.no]));
    expect(nos.indexOf(risky.no)).toBeLessThan(nos.indexOf(fresh.no));
    const top = res.body.items.find((i: { applicationNo: string }) => i.applicationNo === risky.no);
    const low = res.body.items.find((i: { applicationNo: string }) => i.applicationNo === fresh.no);
    expect(top).toMatchObject({
      remainingWorkingDays: 1,
      probability: 1,
      slowestStep: {
        taskId: 'co-1',
        departmentCode: 'health-commission',
        departmentName: '卫生健康委员会',
        elapsedDays: 7,
        basis: 'item',
        samples: 5,
      },
    });
    // One step ahead (the queued case); 5 completions over the history's span of working days.
    expect(top.slowestStep.queue.ahead).toBe(1);
    expect(top.slowestStep.queue.waitDays).toBeGreaterThan(0);
    expect(top.reasons[0]).toBe('距承诺时限剩余 1 个工作日');
    expect(top.reasons[1]).toContain('卫生健康委员会');
    expect(low).toMatchObject({
      remainingWorkingDays: 10,
      probability: 0,
      slowestStep: { taskId: 'lead', departmentCode: 'market-regulation', elapsedDays: 0 },
    });
    // Probabilities are non-increasing down the list.
    const ps = res.body.items.map((i: { probability: number }) => i.probability);
    expect(ps).toEqual([...ps].sort((a: number, b: number) => b - a));

    // Deterministic: the same reading twice.
    expect((await risk()).body).toEqual(res.body);
    const filtered = await risk({ minProbability: '0.5' });
    expect(filtered.body.items.map((i: { applicationNo: string }) => i.applicationNo)).not.toContain(
      fresh.no,
    );
    expect((await risk({ dept: 'health-commission' })).body.items).toEqual([]);
    expect((await risk({ limit: '1' })).body.items).toHaveLength(1);
    expect((await risk({ order: 'x' })).status).toBe(400);
  });
});
