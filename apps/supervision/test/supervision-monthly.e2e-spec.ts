import { readFileSync } from 'node:fs';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { CaseProjector, ClockEvaluator, createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publish, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('supervision monthly per-department table on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-08-01 08:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const table = () =>
    h.database.db.sql.query<Record<string, unknown>>(
      'SELECT month, department_code, region_code, received, accepted, completed, on_time, overdue FROM monthly_department_stat ORDER BY month, department_code, region_code',
    );
  const monthly = (query: Record<string, string> = {}) =>
    request(h.url)
      .get('/api/supervision/stats/monthly')
      .query(query)
      .set('authorization', `Bearer ${supervisor}`);

  it('is kept with the projection, counts each case once through replays, and equals a rebuild', async () => {
    const onTime = CaseHistory.clean(); // received 09-14, accepted 09-15, decided 09-18 within 10 days, completed 09-18
    const late = new CaseHistory({ promisedLimitDays: 2 })
      .submitted(at('2026-08-31 09:00'))
      .accepted(at('2026-09-01 10:00'))
      .opened(at('2026-09-01 10:01'), { leadLimit: 2 })
      .taskCompleted(at('2026-09-04 15:00'), 'lead')
      .decided(at('2026-09-04 16:00'))
      .completed(at('2026-09-04 16:10')); // 3 working days of 2: overdue, in September
    const health = new CaseHistory({
      departmentCode: 'health-commission',
      itemName: '公共场所卫生许可',
      implementationCode: 'HEALTH-IMPL',
    }).submitted(at('2026-08-20 09:00'));
    const shangcheng = CaseHistory.clean({ region: '330102' });
    // Taken in by a village station (代办): counted under the village, not the county.
    const village = CaseHistory.clean({
      takenIn: { id: 'sp-raocheng', name: '绕城村便民服务站', regionCode: '330106109201' },
    });
    for (const c of [health, late, onTime, village]) await publishLive(h, clock, c.events);
    // Another region's case arrives backwards (every intermediate projection moves its counts).
    await publish(h, [...shangcheng.events].reverse());

    const expected = [
      {
        month: '2026-08',
        department_code: 'health-commission',
        region_code: '330106',
        received: 1,
        accepted: 0,
        completed: 0,
        on_time: 0,
        overdue: 0,
      },
      {
        month: '2026-08',
        department_code: 'market-regulation',
        region_code: '330106',
        received: 1,
        accepted: 0,
        completed: 0,
        on_time: 0,
        overdue: 0,
      },
      {
        month: '2026-09',
        department_code: 'market-regulation',
        region_code: '330102',
        received: 1,
        accepted: 1,
        completed: 1,
        on_time: 1,
        overdue: 0,
      },
      {
        month: '2026-09',
        department_code: 'market-regulation',
        region_code: '330106',
        received: 1,
        accepted: 2,
        completed: 2,
        on_time: 1,
        overdue: 1,
      },
      {
        month: '2026-09',
        department_code: 'market-regulation',
        region_code: '330106109201',
        received: 1,
        accepted: 1,
        completed: 1,
        on_time: 1,
        overdue: 0,
      },
    ];
    expect(await table()).toEqual(expected);

    // Replays: redelivered events (inbox), every case re-projected again, an evaluation pass later in time.
    await publish(h, [...onTime.events, ...late.events, ...shangcheng.events]);
    await h.app.get(CaseProjector).refreshMany([onTime.no, late.no, health.no, shangcheng.no, onTime.no]);
    clock.set(at('2026-10-20 09:00'));
    await h.app.get(ClockEvaluator).evaluateAll();
    expect(await table()).toEqual(expected);

    await h.app.get(CaseProjector).rebuildAll();
    expect(await table()).toEqual(expected);

    // The migration that re-keyed the table by the taken-in region rebuilds it from the case rows alike.
    const migration = readFileSync(
      new URL(
        '../prisma/migrations/20261206120000_monthly_by_taken_in_region/migration.sql',
        import.meta.url,
      ),
      'utf8',
    );
    for (const statement of migration
      .replace(/^--.*$/gm, '')
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean))
      await h.database.db.sql.query(statement);
    expect(await table()).toEqual(expected);

    const sept = await monthly({ from: '2026-09', to: '2026-09', dept: 'market-regulation' });
    expect(sept.status).toBe(200);
    expect(sept.body.rows).toEqual([
      {
        month: '2026-09',
        departmentCode: 'market-regulation',
        regionCode: '330102',
        received: 1,
        accepted: 1,
        completed: 1,
        onTime: 1,
        overdue: 0,
        onTimeRate: 1,
      },
      {
        month: '2026-09',
        departmentCode: 'market-regulation',
        regionCode: '330106',
        received: 1,
        accepted: 2,
        completed: 2,
        onTime: 1,
        overdue: 1,
        onTimeRate: 0.5,
      },
      {
        month: '2026-09',
        departmentCode: 'market-regulation',
        regionCode: '330106109201',
        received: 1,
        accepted: 1,
        completed: 1,
        onTime: 1,
        overdue: 0,
        onTimeRate: 1,
      },
    ]);
    expect(
      (await monthly({ to: '2026-08' })).body.rows.map((r: { departmentCode: string }) => r.departmentCode),
    ).toEqual(['health-commission', 'market-regulation']);
    expect((await monthly({ from: '2026-10' })).body.rows).toEqual([]);
    const bad = await monthly({ from: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('from');
  });
});
