import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();

describe.each(kinds)('supervision calendar beyond the published years (暂定) on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  let admin: string;
  const clock = new ManualClock(new Date(at('2026-12-20 08:00')));

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

  const get = (path: string, token = supervisor) =>
    request(h.url).get(`/api/supervision${path}`).set('authorization', `Bearer ${token}`);

  it('answers for 2027 from the statutory holidays, marks deadlines into it provisional, and a loaded arrangement recomputes them', async () => {
    const year = await get('/calendar/2027');
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({
      year: 2027,
      basis: 'statutory-rules',
      provisional: true,
      hasData: false,
      overridden: false,
      workdays: [],
    });
    expect(year.body.source).toContain('全国年节及纪念日放假办法');
    expect(year.body.holidays).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    expect((await get('/calendar/2026')).body).toMatchObject({
      year: 2026,
      basis: 'official',
      provisional: false,
      hasData: true,
    });

    // Accepted Thu 2026-12-24 with 6 working days: 12-25, 12-28..12-31 are five; 元旦 (Fri 2027-01-01) is a rest day
    // by the statutory rules, so the deadline is Mon 2027-01-04 (the weekend rule alone would have said 01-01).
    const c = new CaseHistory({ promisedLimitDays: 6, legalLimitDays: 20 })
      .submitted(at('2026-12-22 09:00'))
      .accepted(at('2026-12-24 10:00'))
      .opened(at('2026-12-24 10:05'), { leadLimit: 6 });
    await publishLive(h, clock, c.events);

    const before = await get(`/cases/${c.no}/timeline`);
    expect(before.status).toBe(200);
    expect(before.body.case).toMatchObject({ promisedDueAt: endOfDay('2027-01-04'), provisional: true });
    const caseClock = before.body.clocks.find((x: { subject: string }) => x.subject === 'case');
    expect(caseClock).toMatchObject({ dueAt: endOfDay('2027-01-04'), open: true, provisional: true });
    expect(before.body.tasks[0]).toMatchObject({ dueAt: endOfDay('2027-01-04'), provisional: true });

    const status = await get('/calendar');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      currentYear: 2026,
      provisionalYears: [{ year: 2027, basis: 'statutory-rules' }],
    });
    expect(status.body.officialYears).toEqual(expect.arrayContaining([2025, 2026]));
    expect(status.body.provisionalOpenClocks).toBeGreaterThanOrEqual(2); // the case clock and the lead task's clock

    // The (hypothetical, for the test) official arrangement: 元旦 01-01..01-04 rest days.
    const put = await request(h.url)
      .put('/api/supervision/calendar/2027')
      .set('authorization', `Bearer ${admin}`)
      .send({
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
        workdays: [],
        source: '测试：2027年放假安排',
      });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      year: 2027,
      basis: 'official',
      provisional: false,
      hasData: true,
      overridden: true,
      source: '测试：2027年放假安排',
    });
    expect(put.body.reevaluatedCases).toBeGreaterThanOrEqual(1);

    const after = await get(`/cases/${c.no}/timeline`);
    // The stored projection moved (promisedDueAt is stored, not read live) and the flag is gone.
    expect(after.body.case).toMatchObject({ promisedDueAt: endOfDay('2027-01-05'), provisional: false });
    expect(after.body.clocks.find((x: { subject: string }) => x.subject === 'case')).toMatchObject({
      dueAt: endOfDay('2027-01-05'),
      provisional: false,
    });
    expect(after.body.tasks[0]).toMatchObject({ dueAt: endOfDay('2027-01-05'), provisional: false });
    expect((await get('/calendar')).body).toMatchObject({ provisionalYears: [], provisionalOpenClocks: 0 });
    expect((await get('/calendar/2027')).body).toMatchObject({
      basis: 'official',
      provisional: false,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
    });
  });

  it('rejects a year outside 2000..2100 with a structured error naming the field', async () => {
    const res = await get('/calendar/2101');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, details: expect.objectContaining({ field: 'year' }) });
  });
});
