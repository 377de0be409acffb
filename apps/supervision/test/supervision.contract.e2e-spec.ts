/**
 * The supervision service keeps its HTTP contract (libs/contracts/src/supervision/supervision-api.ts): every JSON
 * route is called over HTTP on an embedded service and its answer parsed with the contract's response schema,
 * strictly (a field the contract does not name fails too). A server change the contract (and so the web) does not
 * know about fails here; a contract change the server does not follow fails here.
 */
import {
  AlertPage,
  AlertRecord,
  AnomalyPage,
  CalendarStatus,
  CalendarYear,
  CalendarYearReplaced,
  CaseTimeline,
  KeyTimeline,
  MonthlyReport,
  MyRating,
  RatingGiven,
  RatingPage,
  Rectification,
  RectificationList,
  RiskResult,
  StatsResult,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { checkContract, type ServiceHarness, startServiceForTest } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive, settleOutbox } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const contract = checkContract;

describe.each(kinds)('supervision HTTP contract on %s', (kind) => {
  let h: ServiceHarness;
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
  // Accepted 6 working days after submission (anomaly A02, a 督办 record), then dispatched and still open (risk).
  const late = new CaseHistory()
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-22 10:00'))
    .opened(at('2026-09-22 10:01'));
  const done = CaseHistory.clean();

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    for (const u of ['lisi', 'supervisor', 'admin']) tokens[u] = await h.tokenFor(u);
    await publishLive(h, clock, [...done.events, ...late.events]);
    await settleOutbox(h);
    clock.set(at('2026-09-23 10:00'));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = (user: string, path: string, query: Record<string, string> = {}) =>
    request(h.url)
      .get(`/api/supervision${path}`)
      .query(query)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`);
  const send = (method: 'post' | 'put', user: string, path: string, body: object) =>
    request(h.url)
      [method](`/api/supervision${path}`)
      .set('authorization', `Bearer ${tokens[user] ?? ''}`)
      .send(body);

  it('case timelines: the supervisor view, the applicant view and the raw timeline of a key', async () => {
    const staff = await contract(CaseTimeline, get('supervisor', `/cases/${done.no}/timeline`));
    expect(staff.view).toBe('supervisor');
    if (staff.view !== 'supervisor') return;
    expect(staff.tasks.length).toBeGreaterThan(0);
    expect(staff.clocks.map((c) => c.subject)).toContain('case');
    const own = await contract(CaseTimeline, get('lisi', `/cases/${done.no}/timeline`));
    expect(own.view).toBe('applicant');
    const raw = await contract(KeyTimeline, get('supervisor', `/timelines/${done.no}`));
    expect(raw.entries.length).toBeGreaterThan(1);
    expect(new Set(raw.entries.map((e) => e.key))).toEqual(new Set([done.no]));
  });

  it('anomalies and 督办 records: list, one, acknowledge, resolve', async () => {
    const anomalies = await contract(
      AnomalyPage,
      get('supervisor', '/anomalies', { applicationNo: late.no }),
    );
    expect(anomalies.items.map((a) => a.ruleNo)).toContain('A02');
    const alerts = await contract(AlertPage, get('supervisor', '/alerts', { applicationNo: late.no }));
    const [first] = alerts.items;
    if (first === undefined) throw new Error('no 督办 record raised for the late acceptance');
    await contract(AlertRecord, get('supervisor', `/alerts/${first.id}`));
    const acked = await contract(
      AlertRecord,
      send('post', 'supervisor', `/alerts/${first.id}/ack`, { note: '请说明受理延迟原因' }),
    );
    expect(acked).toMatchObject({ status: 'acknowledged', result: '请说明受理延迟原因' });
    const resolved = await contract(
      AlertRecord,
      send('post', 'supervisor', `/alerts/${first.id}/resolve`, { result: '已说明并整改' }),
    );
    expect(resolved.status).toBe('resolved');
  });

  it('ratings and the rectification of a bad one: rate, mine, list, callback, result, appeal, review', async () => {
    const given = await contract(
      RatingGiven,
      send('post', 'lisi', '/ratings', { applicationNo: done.no, level: 5, comment: '等待时间长' }),
      201,
    );
    const rect = given.rectification;
    if (rect === null) throw new Error('a bad rating opens a rectification');
    await contract(MyRating, get('lisi', '/ratings/mine', { applicationNo: done.no }));
    await contract(RatingPage, get('supervisor', '/ratings', { bad: '1' }));
    const called = await contract(
      Rectification,
      send('post', 'supervisor', `/rectifications/${rect.id}/callback`, {
        method: 'phone',
        reached: true,
        summary: '已回访',
      }),
      201,
    );
    expect(called.callbacks).toHaveLength(1);
    await contract(
      Rectification,
      send('post', 'supervisor', `/rectifications/${rect.id}/result`, { result: '增设窗口' }),
      201,
    );
    const list = await contract(RectificationList, get('supervisor', '/rectifications'));
    expect(list.items.find((r) => r.id === rect.id)?.rating).toMatchObject({ level: 5 });
    await contract(
      Rectification,
      send('post', 'lisi', `/ratings/${given.id}/appeal`, { reason: '没有解决' }),
      201,
    );
    const reviewed = await contract(
      Rectification,
      send('post', 'supervisor', `/rectifications/${rect.id}/review`, {
        upheld: false,
        conclusion: '已整改到位',
      }),
      201,
    );
    expect(reviewed).toMatchObject({ status: 'closed', reviewOutcome: 'dismissed' });
    const mine = await contract(MyRating, get('lisi', '/ratings/mine', { applicationNo: done.no }));
    expect(mine.rating?.rectification).toMatchObject({ status: 'closed', callbacks: 1 });
  });

  it('risk, statistics and the monthly table', async () => {
    const risk = await contract(RiskResult, get('supervisor', '/risk'));
    expect(risk.items.map((r) => r.applicationNo)).toContain(late.no);
    for (const groupBy of ['department', 'region', 'item', 'month'])
      await contract(StatsResult, get('supervisor', '/stats', { groupBy }));
    const monthly = await contract(
      MonthlyReport,
      get('supervisor', '/stats/monthly', { from: '2026-09', to: '2026-09' }),
    );
    expect(monthly.rows.length).toBeGreaterThan(0);
  });

  it('the working calendar: status, one year, replacing a year', async () => {
    await contract(CalendarStatus, get('supervisor', '/calendar'));
    const year = await contract(CalendarYear, get('supervisor', '/calendar/2026'));
    const replaced = await contract(
      CalendarYearReplaced,
      send('put', 'admin', '/calendar/2026', {
        holidays: year.holidays,
        workdays: year.workdays,
        source: '契约测试',
      }),
    );
    expect(replaced).toMatchObject({ overridden: true, source: '契约测试' });
  });
});
