import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publish, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const village = { id: 'point-liuxia', name: '留下村便民服务站', regionCode: '330106109201' };
const township = { id: 'point-zhuantang', name: '转塘街道便民服务中心', regionCode: '330106109000' };
const county = { id: 'point-county', name: '西湖区政务服务中心综合窗口', regionCode: '330106' };

describe.each(kinds)('supervision of the 代办 handover time on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-09-11 08:00')));

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

  it('shows the handover step on the timeline and records its working time, once for a redelivered event', async () => {
    // Received Friday 16:00 at the village point, handed over Monday 10:00 (the weekend does not count: 8 h + 10 h,
    // one working day), accepted Monday 14:00 (4 h, the same day).
    const c = new CaseHistory()
      .submitted(at('2026-09-11 16:00'))
      .handedOver(at('2026-09-14 10:00'), village, county)
      .accepted(at('2026-09-14 14:00'));
    await publishLive(h, clock, c.events);
    const handover = c.events[1];
    if (handover === undefined) throw new Error('no handover event');
    await publish(h, [handover]); // redelivered: no second entry, the same record

    const res = await get(`/cases/${c.no}/timeline`);
    expect(res.status).toBe(200);
    const steps = res.body.entries.filter(
      (e: { type: string }) => e.type === 'intake.application.handed-over',
    );
    expect(steps).toHaveLength(1);
    expect(steps[0].label).toBe('代办点转交受理窗口：留下村便民服务站 → 西湖区政务服务中心综合窗口');
    expect(res.body.entries.map((e: { type: string }) => e.type)).toEqual([
      'intake.application.submitted',
      'intake.application.handed-over',
      'intake.application.accepted',
    ]);
    expect(res.body.case.handover).toEqual({
      from: village,
      to: county,
      receivedAt: at('2026-09-11 16:00'),
      handedOverAt: at('2026-09-14 10:00'),
      waitWorkingDays: 1,
      waitWorkingHours: 18,
      acceptedAt: at('2026-09-14 14:00'),
      acceptWorkingDays: 0,
      acceptWorkingHours: 4,
    });
  });

  it('leaves the acceptance part open until the window accepts, and a case taken in at the window has none', async () => {
    const waiting = new CaseHistory()
      .submitted(at('2026-09-22 09:00'))
      .handedOver(at('2026-09-22 11:30'), township, county);
    const direct = new CaseHistory().submitted(at('2026-09-22 09:00')).accepted(at('2026-09-22 10:00'));
    await publishLive(h, clock, [...waiting.events, ...direct.events]);
    const w = await get(`/cases/${waiting.no}/timeline`);
    expect(w.body.case.handover).toMatchObject({
      waitWorkingDays: 0,
      waitWorkingHours: 2.5,
      acceptedAt: null,
      acceptWorkingDays: null,
      acceptWorkingHours: null,
    });
    const d = await get(`/cases/${direct.no}/timeline`);
    expect(d.body.case.handover).toBeNull();
  });

  it('statistics give the handover time per point (count, average, longest) and in every group', async () => {
    // A second case of the village point: Tuesday 09:00 → Wednesday 09:00 (24 working hours).
    const second = new CaseHistory()
      .submitted(at('2026-09-22 09:00'))
      .handedOver(at('2026-09-23 09:00'), village, county)
      .accepted(at('2026-09-23 09:30'));
    await publishLive(h, clock, second.events);

    const res = await get('/stats', { groupBy: 'servicePoint', from: '2026-09-01', to: '2026-09-30' });
    expect(res.status).toBe(200);
    const rows = res.body.rows as { key: string; label: string; handedOver: number; received: number }[];
    expect(rows.find((r) => r.key === village.id)).toMatchObject({
      label: village.name,
      received: 2,
      handedOver: 2,
      avgHandoverHours: 21,
      maxHandoverHours: 24,
    });
    expect(rows.find((r) => r.key === township.id)).toMatchObject({
      handedOver: 1,
      avgHandoverHours: 2.5,
      maxHandoverHours: 2.5,
    });
    expect(rows.find((r) => r.key === '-')).toMatchObject({
      label: '窗口直接收件',
      handedOver: 0,
      avgHandoverHours: null,
      maxHandoverHours: null,
    });
    expect(res.body.total).toMatchObject({ handedOver: 3, maxHandoverHours: 24 });
    // Other groupings carry the same figures (the department's row counts all three handovers).
    const byDept = await get('/stats', { groupBy: 'department', from: '2026-09-01', to: '2026-09-30' });
    expect(byDept.body.rows.find((r: { key: string }) => r.key === 'market-regulation')).toMatchObject({
      handedOver: 3,
      avgHandoverHours: round2((18 + 2.5 + 24) / 3),
    });
    const csv = await get('/stats/export.csv', { groupBy: 'servicePoint', from: '2026-09-01' });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('平均转交用时（工作小时）');
    expect(csv.text).toContain(`${village.id},${village.name},2,`);
  });
});

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
