import { randomUUID } from 'node:crypto';
import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationTerminated,
  CaseClosed,
  SYSTEM_ACTOR,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import {
  foodSnapshot,
  intakeEvents,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/** An instant given in China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);

describe.each(kinds)('intake scheduled rules across holidays on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const statusOf = async (no: string) =>
    (
      await h.database.db.sql.query<{ status: string }>('SELECT status FROM application WHERE no = $1', [no])
    )[0]?.status;

  beforeAll(async () => {
    h = await startIntake(kind, cst('2025-09-26T10:00:00').toISOString());
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('AL art. 32 over 国庆 2025 (holiday 10-01..08, make-up workdays 09-28 and 10-11): deemed accepted from receipt after 5 working days', async () => {
    h.clock.set(cst('2025-09-26T10:00:00')); // Friday
    const deemed = await submitApplication(h, 'zhangsan');
    const noticed = await submitApplication(h, 'zhangsan', { complete: false });
    const app = await h.api.get('zhangsan', `/applications/${deemed}`);
    // 09-28 (Sun, make-up) 1, 09-29 2, 09-30 3, [10-01..10-08 holiday], 10-09 4, 10-10 5.
    expect(app.body.dates.supplementDueBy).toBe(cst('2025-10-10T23:59:59.999').toISOString());
    expect(app.body.dates.supplementDueByProvisional).toBe(false);
    h.clock.set(cst('2025-09-29T09:00:00'));
    expect(
      (
        await h.api.post('clerk.xihu', `/applications/${noticed}/supplement-notice`, {
          items: [
            { materialId: 'layout', problem: '未提交' },
            { materialId: 'health', problem: '未提交' },
          ],
        })
      ).status,
    ).toBe(200);

    for (const at of ['2025-10-04T12:00:00', '2025-10-10T22:00:00']) {
      h.clock.set(cst(at));
      const report = await h.jobs.runDue();
      expect(report.deemedAccepted).toEqual([]);
      expect(await statusOf(deemed)).toBe('submitted');
    }
    h.clock.set(cst('2025-10-11T00:30:00')); // the make-up Saturday, after the fifth working day ended
    const late = await submitApplication(h, 'lisi');
    const run = await h.api.post('admin', '/jobs/run');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ deemedAccepted: [deemed], terminated: [], failed: [] });
    expect(await statusOf(noticed)).toBe('supplement-requested');
    expect(await statusOf(late)).toBe('submitted');
    const after = await h.api.get('zhangsan', `/applications/${deemed}`);
    expect(after.body).toMatchObject({
      status: 'accepted',
      acceptance: {
        mode: 'deemed',
        acceptedAt: cst('2025-09-26T10:00:00').toISOString(),
        acceptedBy: { userId: 'system', role: 'system' },
      },
      notices: [{ kind: 'acceptance' }],
    });
    expect(after.body.timeline.at(-1)).toMatchObject({ action: 'deem-accepted', to: 'accepted' });
    const [event] = (await intakeEvents(h, ApplicationAccepted.type)).filter((e) => e.key === deemed);
    expect(event?.payload).toMatchObject({
      mode: 'deemed',
      acceptedAt: cst('2025-09-26T10:00:00').toISOString(),
      receivedAt: cst('2025-09-26T10:00:00').toISOString(),
    });
    expect((await h.jobs.runDue()).deemedAccepted).toEqual([]); // once only
    const tooLate = await h.api.post('clerk.xihu', `/applications/${deemed}/supplement-notice`, {
      items: [{ materialId: 'layout', problem: 'x' }],
    });
    expect(tooLate.status).toBe(409);
  });

  it('a supplement notice after the 5th working day is refused (409) — the application counts as accepted', async () => {
    h.clock.set(cst('2025-09-26T10:00:00'));
    const no = await submitApplication(h, 'zhangsan', { complete: false });
    h.clock.set(cst('2025-10-11T09:00:00'));
    const res = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
      items: [
        { materialId: 'layout', problem: '未提交' },
        { materialId: 'health', problem: '未提交' },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SUPPLEMENT_DEADLINE_PASSED');
    expect(await statusOf(no)).toBe('submitted');
  });

  it('容缺 over 春节 2026 (holiday 02-15..23, make-up 02-14 and 02-28): nothing supplied by the deadline → terminated', async () => {
    h.clock.set(cst('2026-02-12T10:00:00')); // Thursday
    const lapsed = await submitApplication(h, 'zhangsan', { complete: false });
    const kept = await submitApplication(h, 'zhangsan', { complete: false });
    const tolerance = {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health'],
      promise: '承诺补齐',
      supplyWithinDays: 5,
    };
    for (const no of [lapsed, kept])
      expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, tolerance)).status).toBe(200);
    // 02-13 1, 02-14 (Sat, make-up) 2, [02-15..02-23 holiday], 02-24 3, 02-25 4, 02-26 5.
    const accepted = await h.api.get('zhangsan', `/applications/${lapsed}`);
    expect(accepted.body.acceptance.tolerance.supplyBy).toBe(cst('2026-02-26T23:59:59.999').toISOString());
    h.clock.set(cst('2026-02-25T15:00:00'));
    const supplied = await h.api.post('zhangsan', `/applications/${kept}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'promise', promise: '承诺布局符合要求' },
        { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
      ],
    });
    expect(supplied.status).toBe(200);
    for (const at of ['2026-02-20T12:00:00', '2026-02-26T20:00:00']) {
      h.clock.set(cst(at));
      expect((await h.jobs.runDue()).terminated).toEqual([]);
    }
    h.clock.set(cst('2026-02-27T00:30:00'));
    const late = await h.api.post('zhangsan', `/applications/${lapsed}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'promise', promise: '承诺' },
        { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
      ],
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TOLERANCE_DEADLINE_PASSED');
    const report = await h.jobs.runDue();
    expect(report.terminated).toEqual([lapsed]);
    // Approval owns the accepted case: the termination is a request (closing) until approval closes the case.
    expect(await statusOf(lapsed)).toBe('closing');
    const [request] = (await intakeEvents(h, ApplicationCloseRequested.type)).filter((e) => e.key === lapsed);
    expect(request?.payload).toMatchObject({ closing: 'terminate', reason: expect.stringContaining('容缺') });
    await publishEvent(h, CaseClosed, {
      caseId: randomUUID(),
      applicationNo: lapsed,
      occurredAt: h.clock.now().toISOString(),
      actor: SYSTEM_ACTOR,
      closing: 'terminate',
      reason: '容缺材料逾期未补齐',
      closedAt: h.clock.now().toISOString(),
      closedTaskIds: [],
    });
    expect(await statusOf(lapsed)).toBe('terminated');
    expect(await statusOf(kept)).toBe('accepted');
    const [event] = (await intakeEvents(h, ApplicationTerminated.type)).filter((e) => e.key === lapsed);
    expect(event?.payload).toMatchObject({
      actor: { userId: 'system' },
      reason: expect.stringContaining('容缺'),
    });
    expect((await h.jobs.runDue()).terminated).toEqual([]);
  });

  it('a receipt on 2026-12-29 counts into 2027 by the statutory holidays (元旦 01-01 rest) and says so (暂定)', async () => {
    h.clock.set(cst('2026-12-29T10:00:00')); // Tuesday
    const no = await submitApplication(h, 'zhangsan');
    const app = await h.api.get('zhangsan', `/applications/${no}`);
    // 12-30 1, 12-31 2, [01-01 元旦, weekend], 01-04 3, 01-05 4, 01-06 5.
    expect(app.body.dates.supplementDueBy).toBe(cst('2027-01-06T23:59:59.999').toISOString());
    expect(app.body.dates.supplementDueByProvisional).toBe(true);
  });
});
