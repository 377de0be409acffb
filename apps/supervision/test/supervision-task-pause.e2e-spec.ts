import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

interface ClockBody {
  subject: string;
  dueAt: string;
  pausedSince: string | null;
  pauses: Array<{ start: string; end: string | null }>;
}

/**
 * A task-level pause (approval.task.suspended/resumed: a co-department pauses its own step) stops that step's
 * clock only: the case stays under approval, its clock runs on, and the step's deadline moves by the paused days.
 * Hand computation (2026: make-up workday Sun 09-20; 中秋 09-25..27; 国庆 10-01..07): accepted Fri 09-18, promised
 * 10 working days → 09-20, 21, 22, 23, 24, 28, 29, 30, 10-08, 10-09 → 10-09 (no pause counts for the case).
 * Health's step (5 working days) paused Tue 09-22 09:00 .. Thu 09-24 17:00: 09-20, 21, [22-24], 28, 29, 30 → 09-30.
 */
describe.each(kinds)('task-level pause in supervision on %s', (kind) => {
  let h: ServiceHarness;
  let supervisor: string;
  const clock = new ManualClock(new Date(at('2026-09-18 10:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
    supervisor = await h.tokenFor('supervisor');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const timeline = async (no: string) =>
    (
      await request(h.url)
        .get(`/api/supervision/cases/${no}/timeline`)
        .set('authorization', `Bearer ${supervisor}`)
    ).body as {
      case: { status: string; pausedSince: string | null; pauses: unknown[]; promisedDueAt: string };
      clocks: ClockBody[];
      tasks: Array<{ taskId: string; dueAt: string }>;
      entries: Array<{ type: string; label: string }>;
    };

  it('pauses only the step: the case is not suspended and its clock runs on; the step deadline moves by the paused days', async () => {
    const c = new CaseHistory({ promisedLimitDays: 10, legalLimitDays: 20 })
      .submitted(at('2026-09-17 10:00'))
      .accepted(at('2026-09-18 10:00'))
      .opened(at('2026-09-18 10:05'), {
        leadLimit: 10,
        co: [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 5 }],
      })
      .taskSuspended(at('2026-09-22 09:00'), 'co-1', 'task-pause-1');
    await publishLive(h, clock, c.events);
    clock.set(at('2026-09-23 12:00'));

    const during = await timeline(c.no);
    expect(during.case).toMatchObject({
      status: 'under-approval',
      pausedSince: null,
      pauses: [],
      promisedDueAt: endOf('2026-10-09'),
    });
    const caseClock = during.clocks.find((x) => x.subject === 'case');
    expect(caseClock).toMatchObject({ pausedSince: null, pauses: [], dueAt: endOf('2026-10-09') });
    expect(during.clocks.find((x) => x.subject === 'task:co-1')?.pausedSince).toBe(at('2026-09-22 09:00'));
    expect(during.clocks.find((x) => x.subject === 'task:lead')).toMatchObject({
      pausedSince: null,
      pauses: [],
    });
    expect(during.entries.map((e) => e.label)).toContain('部门环节特别程序开始（本环节计时暂停）');

    c.taskResumed(at('2026-09-24 17:00'), 'co-1', 'task-pause-1', at('2026-09-22 09:00'));
    await publishLive(h, clock, c.events.slice(-1));
    const after = await timeline(c.no);
    expect(after.case).toMatchObject({
      status: 'under-approval',
      pauses: [],
      promisedDueAt: endOf('2026-10-09'),
    });
    expect(after.tasks.find((t) => t.taskId === 'co-1')?.dueAt).toBe(endOf('2026-09-30'));
    expect(after.clocks.find((x) => x.subject === 'task:co-1')).toMatchObject({
      pausedSince: null,
      dueAt: endOf('2026-09-30'),
      pauses: [{ start: at('2026-09-22 09:00'), end: at('2026-09-24 17:00') }],
    });
    // the lead's step is unaffected: 10 working days → 10-09
    expect(after.tasks.find((t) => t.taskId === 'lead')?.dueAt).toBe(endOf('2026-10-09'));
  });
});
