import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { ACTORS, at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('supervision statistics and calendar administration on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  let admin: string;
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
    admin = await h.tokenFor('admin');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = (path: string, query: Record<string, string> = {}, token = supervisor) =>
    request(h.url).get(`/api/supervision${path}`).query(query).set('authorization', `Bearer ${token}`);

  it('counts received, completed, on-time rate, average and p90 working days, overdue, cards and ratings per group', async () => {
    const onTime = CaseHistory.clean(); // 3 working days of 10
    const late = new CaseHistory({ promisedLimitDays: 2 })
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-14 10:00'))
      .opened(at('2026-09-14 10:01'), { leadLimit: 2 })
      .taskCompleted(at('2026-09-17 15:00'), 'lead')
      .decided(at('2026-09-17 16:00'))
      .completed(at('2026-09-17 16:10')); // 3 working days of 2
    const health = new CaseHistory({
      departmentCode: 'health-commission',
      itemName: '公共场所卫生许可',
      implementationCode: 'HEALTH-IMPL',
    }).submitted(at('2026-08-20 09:00'));
    for (const c of [onTime, late, health]) await publishLive(h, clock, c.events);
    await request(h.url)
      .post('/api/supervision/ratings')
      .set('authorization', `Bearer ${await h.tokenFor('lisi')}`)
      .send({ applicationNo: late.no, level: 4 })
      .expect(201);

    const byDept = await get('/stats', { groupBy: 'department', from: '2026-08-01', to: '2026-09-30' });
    expect(byDept.status).toBe(200);
    const market = byDept.body.rows.find((r: { key: string }) => r.key === 'market-regulation');
    expect(market).toMatchObject({
      received: 2,
      accepted: 2,
      completed: 2,
      finished: 2,
      onTime: 1,
      onTimeRate: 0.5,
      avgWorkingDays: 3,
      p90WorkingDays: 3,
      overdue: 1,
      cards: { green: 1, yellow: 0, red: 1 },
    });
    expect(market.ratings).toMatchObject({ '4': 1, bad: 1, good: 0 });
    expect(byDept.body.rows.find((r: { key: string }) => r.key === 'health-commission')).toMatchObject({
      received: 1,
      accepted: 0,
      completed: 0,
    });
    expect(byDept.body.total).toMatchObject({ received: 3 });

    const byMonth = await get('/stats', { groupBy: 'month' });
    expect(byMonth.body.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([
      ['2026-08', 1],
      ['2026-09', 2],
    ]);
    const september = await get('/stats', { groupBy: 'item', from: '2026-09-01' });
    expect(september.body.total.received).toBe(2);
    expect((await get('/stats', { groupBy: 'weekday' })).status).toBe(400);

    const xlsx = await get('/stats/export.xlsx', { groupBy: 'department' }).buffer(true).parse(binaryParser);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.getWorksheet('办件统计');
    expect(sheet?.getRow(2).getCell(3).value).toBe('收件数');
    expect(sheet?.getRow(3).getCell(1).value).toBe('health-commission');
    const csv = await get('/stats/export.csv', { groupBy: 'department' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain('按时办结率');
    expect(csv.text).toContain('market-regulation,market-regulation,2,2,2,0.5,3,3,1');
  });

  it("administers a year's calendar; a change re-evaluates open clocks", async () => {
    const open = new CaseHistory({ promisedLimitDays: 10 })
      .submitted(at('2026-09-17 10:00'))
      .accepted(at('2026-09-18 10:00'))
      .opened(at('2026-09-18 10:05'), { leadLimit: 10, co: [], acceptedBy: ACTORS.clerkXihu.userId });
    await publishLive(h, clock, open.events);
    const due = async () => (await get(`/cases/${open.no}/timeline`)).body.case.promisedDueAt as string;
    // 09-20 (make-up), 21-24, 28-30, 10-08, 10-09 → 10 working days end on 10-09.
    expect(await due()).toBe(new Date('2026-10-09T23:59:59.999+08:00').toISOString());

    const year = await get('/calendar/2026', {}, admin);
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({ year: 2026, hasData: true, overridden: false });
    expect(year.body.workdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));

    const bad = await request(h.url)
      .put('/api/supervision/calendar/2026')
      .set('authorization', `Bearer ${admin}`)
      .send({ holidays: year.body.holidays, workdays: ['2026-10-08'] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_CALENDAR');
    expect(bad.body.message).toContain('2026-10-08');

    // A (hypothetical) extended National Day: 10-08 and 10-09 become rest days.
    const put = await request(h.url)
      .put('/api/supervision/calendar/2026')
      .set('authorization', `Bearer ${supervisor}`)
      .send({
        holidays: [...year.body.holidays, '2026-10-08', '2026-10-09'],
        workdays: year.body.workdays,
        source: '测试：国庆延长',
      });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ overridden: true, source: '测试：国庆延长' });
    expect(put.body.reevaluatedCases).toBeGreaterThanOrEqual(1);
    // Now 10-10 (make-up Saturday) is the 9th and Mon 10-12 the 10th working day.
    expect(await due()).toBe(new Date('2026-10-12T23:59:59.999+08:00').toISOString());
    expect((await get('/calendar/2026')).body.holidays).toContain('2026-10-09');
  });
});
