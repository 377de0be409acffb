// Issue 17 item 6 — "Calendar beyond the published years": loading a year's official arrangement in supervision
// recomputes every open clock, also approval's deadlines (what officers see) and intake's (the 5-working-day supplement
// notice deadline), over the real consumers of the three services on one in-process transport, with one movable clock.
import { randomUUID } from 'node:crypto';
import { approvalService } from '@hall/app-approval';
import { intakeService } from '@hall/app-intake';
import { createSupervisionService } from '@hall/app-supervision';
import { ApplicationAccepted, CalendarReplaced, Topics, type PayloadOf } from '@hall/contracts';
import { InProcessTransport } from '@hall/messaging';
import { testDatabaseKinds } from '@hall/persistence';
import { type ServiceDefinition } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { ApprovalModule } from '../../apps/approval/src/approval.module.js';
import {
  accepted,
  approvalEvents,
  EXTRA_ACCOUNTS,
  publish,
  publishSnapshot,
  settle,
  snapshot,
} from '../../apps/approval/test/factories/approval.factory.js';
import { IntakeModule } from '../../apps/intake/src/intake.module.js';
import {
  apiFor,
  foodSnapshot,
  publishImplementation,
  submitApplication,
  type IntakeHarness,
} from '../../apps/intake/test/factories/intake.factory.js';
import { settleOutbox } from '../../apps/supervision/test/factories/case-history.factory.js';

const kinds = await testDatabaseKinds();
const kind = kinds.includes('pg') ? 'pg' : 'pglite';

/** The end (23:59:59.999 China time) of a China calendar day, as the services return deadlines. */
const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const cst = (local: string): string => new Date(`${local}+08:00`).toISOString();

/** The (hypothetical, for the test) official 2027 arrangement: 元旦 01-01..01-04, nothing else announced. */
const OFFICIAL_2027 = {
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
  workdays: [],
  source: '测试：2027年放假安排',
};

interface TaskView {
  departmentCode: string;
  deadline: { dueAt: string; provisional: boolean };
}
interface CaseView {
  clocks: { promisedDueAt: string; legalDueAt: string; provisional: boolean };
  tasks: TaskView[];
}

describe(`a year's calendar loaded in supervision reaches approval and intake (${kind})`, () => {
  const clock = new ManualClock(new Date(cst('2026-12-24T10:00:00')));
  const transport = new InProcessTransport({ redeliveryDelayMs: 10 });
  let supervision: ServiceHarness;
  let approval: ServiceHarness;
  let intake: IntakeHarness;
  const approvalCase = accepted(snapshot(), {
    occurredAt: cst('2026-12-24T10:00:00'),
    receivedAt: cst('2026-12-23T15:00:00'),
    acceptedAt: cst('2026-12-24T10:00:00'),
  });
  const no = approvalCase.applicationNo;
  let waiting: string;
  let tolerated: string;

  beforeAll(async () => {
    const approvalDef: ServiceDefinition = {
      ...approvalService,
      module: (rt) => ApprovalModule.register(rt, { clock }),
    };
    const intakeDef: ServiceDefinition = {
      ...intakeService,
      module: (rt) => IntakeModule.register(rt, { clock, jobIntervalMs: 0, notifyPollMs: 60_000 }),
    };
    [supervision, approval, intake] = await Promise.all([
      startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
        db: kind,
        transport,
      }),
      startServiceForTest(approvalDef, { db: kind, transport, extraAccounts: EXTRA_ACCOUNTS }),
      startServiceForTest(intakeDef, { db: kind, transport }).then(
        (h) => Object.assign(h, { api: apiFor(h) }) as IntakeHarness,
      ),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([supervision?.close(), approval?.close(), intake?.close()]);
  });

  const caseView = async (): Promise<CaseView> => {
    const res = await request(approval.url)
      .get(`/api/approval/cases/${no}`)
      .set('authorization', `Bearer ${await approval.tokenFor('approver.market')}`);
    expect(res.status).toBe(200);
    return res.body as CaseView;
  };
  const taskDue = (v: CaseView) =>
    Object.fromEntries(v.tasks.map((t) => [t.departmentCode, t.deadline.dueAt]));
  const applicationDates = async (appNo: string) =>
    (await intake.api.get('zhangsan', `/applications/${appNo}`)).body as {
      dates: { supplementDueBy: string; supplementDueByProvisional: boolean };
      acceptance?: { tolerance?: { supplyBy: string; supplyByProvisional: boolean } };
    };
  const putYear = async (body: object) =>
    request(supervision.url)
      .put('/api/supervision/calendar/2027')
      .set('authorization', `Bearer ${await supervision.tokenFor('admin')}`)
      .send(body);

  it('before: deadlines counted into 2027 follow the statutory holidays and are provisional (暂定)', async () => {
    // Approval: a general joint case (lead 15, co-departments 5/10/12 working days; legal limit 45 for joint handling)
    // accepted Thu 2026-12-24; 元旦 (Fri 01-01) and 春节 (02-05..02-08) are rest days by the statutory rules.
    await publishSnapshot(approval, snapshot());
    await publish(approval, ApplicationAccepted, approvalCase);
    const before = await caseView();
    expect(before.clocks).toMatchObject({
      promisedDueAt: endOfDay('2027-01-15'),
      legalDueAt: endOfDay('2027-03-02'),
      provisional: true,
    });
    expect(taskDue(before)).toEqual({
      'market-regulation': endOfDay('2027-01-15'),
      'health-commission': endOfDay('2026-12-31'),
      'fire-rescue': endOfDay('2027-01-08'),
      'data-bureau': endOfDay('2027-01-12'),
    });

    // Intake on Wed 2026-12-30: one application left waiting at the window, one accepted with 容缺 (5 working days).
    clock.set(cst('2026-12-30T10:00:00'));
    await publishImplementation(intake, foodSnapshot());
    waiting = await submitApplication(intake, 'zhangsan');
    tolerated = await submitApplication(intake, 'zhangsan', { complete: false });
    const accept = await intake.api.post('clerk.xihu', `/applications/${tolerated}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health'],
      promise: '承诺五个工作日内补齐',
      supplyWithinDays: 5,
    });
    expect(accept.status).toBe(200);
    await settleOutbox(intake);
    await settle(approval);
    // 12-31 1, [01-01 元旦, weekend], 01-04 2 … 01-07 5.
    expect((await applicationDates(waiting)).dates).toMatchObject({
      supplementDueBy: endOfDay('2027-01-07'),
      supplementDueByProvisional: true,
    });
    expect((await applicationDates(tolerated)).acceptance?.tolerance).toMatchObject({
      supplyBy: endOfDay('2027-01-07'),
    });
  });

  it("after the admin loads the official 2027: approval recomputes (audited, on supervision's timeline), intake moves only the internal deadline", async () => {
    const put = await putYear(OFFICIAL_2027);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, basis: 'official', provisional: false });
    await settleOutbox(supervision); // resolves once approval and intake committed the event
    await settle(approval);

    // 01-04 is now a rest day: every deadline counted over it moves a day; 春节 is not in the loaded arrangement, so
    // the legal deadline (counted over it) comes a day earlier. The co-department due 12-31 does not move.
    const after = await caseView();
    expect(after.clocks).toMatchObject({
      promisedDueAt: endOfDay('2027-01-18'),
      legalDueAt: endOfDay('2027-03-01'),
      provisional: false,
    });
    expect(taskDue(after)).toEqual({
      'market-regulation': endOfDay('2027-01-18'),
      'health-commission': endOfDay('2026-12-31'),
      'fire-rescue': endOfDay('2027-01-11'),
      'data-bureau': endOfDay('2027-01-13'),
    });
    expect(after.tasks.every((t) => !t.deadline.provisional)).toBe(true);

    const audit = await request(approval.url)
      .get(`/api/approval/cases/${no}/audit`)
      .set('authorization', `Bearer ${await approval.tokenFor('approver.market')}`);
    expect(audit.status).toBe(200);
    expect((audit.body as { entries: unknown[] }).entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'case.deadlines-recomputed',
          before: expect.objectContaining({ promisedDueAt: endOfDay('2027-01-15') }),
          after: expect.objectContaining({
            promisedDueAt: endOfDay('2027-01-18'),
            calendar: expect.objectContaining({ year: 2027 }),
          }),
        }),
      ]),
    );
    const events = approvalEvents(approval, 'approval.case.deadlines-recomputed', no);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      calendarYear: 2027,
      promisedDueAt: endOfDay('2027-01-18'),
      previousPromisedDueAt: endOfDay('2027-01-15'),
      legalDueAt: endOfDay('2027-03-01'),
    });
    const timeline = await request(supervision.url)
      .get(`/api/supervision/cases/${no}/timeline`)
      .set('authorization', `Bearer ${await supervision.tokenFor('admin')}`);
    expect(timeline.status).toBe(200);
    expect((timeline.body as { entries: { type: string; label: string }[] }).entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'approval.case.deadlines-recomputed',
          label: '工作日历更新，审批期限重新计算',
        }),
      ]),
    );

    // Intake: the internal 5-working-day notice deadline moves (12-31, 01-05 … 01-08); the 容缺 date written in the
    // acceptance notice stays, and is never 暂定.
    expect((await applicationDates(waiting)).dates).toMatchObject({
      supplementDueBy: endOfDay('2027-01-08'),
      supplementDueByProvisional: false,
    });
    expect((await applicationDates(tolerated)).acceptance?.tolerance).toMatchObject({
      supplyBy: endOfDay('2027-01-07'),
      supplyByProvisional: false,
    });
  });

  it('loading the same arrangement again moves nothing; an older arrangement arriving late is ignored', async () => {
    expect((await putYear(OFFICIAL_2027)).status).toBe(200);
    await settleOutbox(supervision);
    await settle(approval);
    expect(approvalEvents(approval, 'approval.case.deadlines-recomputed', no)).toHaveLength(1);

    // A replacement stored before the current one (e.g. redelivered after a newer one) changes nothing anywhere.
    const stale: PayloadOf<typeof CalendarReplaced> = {
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: [],
      source: '旧版',
      replacedAt: cst('2026-12-01T00:00:00'),
      actor: { userId: 'admin-old', name: '管理员', role: 'admin' },
    };
    const id = randomUUID();
    await transport.publish([
      {
        topic: Topics.supervisionCalendar,
        key: '2027',
        headers: {
          'event-id': id,
          'event-type': CalendarReplaced.type,
          'event-version': '1',
          'event-source': 'supervision',
        },
        value: JSON.stringify({
          id,
          type: CalendarReplaced.type,
          version: 1,
          key: '2027',
          occurredAt: stale.replacedAt,
          source: 'supervision',
          payload: stale,
        }),
      },
    ]);
    await settle(approval);
    expect((await caseView()).clocks).toMatchObject({
      promisedDueAt: endOfDay('2027-01-18'),
      provisional: false,
    });
    expect(approvalEvents(approval, 'approval.case.deadlines-recomputed', no)).toHaveLength(1);
    expect((await applicationDates(waiting)).dates.supplementDueBy).toBe(endOfDay('2027-01-08'));
    for (const h of [approval, intake]) {
      const [row] = await h.database.db.sql.query<{ source: string }>(
        'SELECT source FROM calendar_year WHERE year = 2027',
      );
      expect(row?.source).toBe(OFFICIAL_2027.source);
    }
  });
});
