import { ManualClock } from '@hall/calendar';
import { ApplicationAccepted } from '@hall/contracts';
import { IntakeErrorCode } from '../../intake.errors.js';
import {
  APP_NO,
  APPLICANT,
  CLERK,
  FakeNotices,
  InMemoryWindowRepository,
  applicationRow,
} from '../testing/in-memory-window.js';
import { AcceptApplication } from './accept.js';

const NO = APP_NO;

function setup(over: Parameters<typeof applicationRow>[0] = {}, now = '2026-03-03T02:00:00.000Z') {
  const repo = new InMemoryWindowRepository(applicationRow({ no: NO, ...over }));
  const notices = new FakeNotices();
  return { repo, notices, accept: new AcceptApplication(repo, notices, new ManualClock(now)) };
}

describe('AcceptApplication (受理 / 容缺受理)', () => {
  it('accepts a complete application: transition, acceptance notice row and the accepted event in one transaction', async () => {
    const { repo, notices, accept } = setup();
    await accept.execute(CLERK, NO, { mode: 'normal' });
    const { transitions, notices: written, events } = repo.all;
    expect(transitions).toEqual([
      expect.objectContaining({ action: 'accept', to: 'accepted', at: new Date('2026-03-03T02:00:00.000Z') }),
    ]);
    expect(written).toEqual(notices.prepared);
    expect(events.map((e) => e.type)).toEqual([ApplicationAccepted.type]);
    expect(events[0]?.payload).toMatchObject({ mode: 'normal', acceptedAt: '2026-03-03T02:00:00.000Z' });
  });

  it('counts acceptance from receipt once the 5-working-day notice period has passed (AL art. 32)', async () => {
    const { repo, accept } = setup({}, '2026-03-12T02:00:00.000Z');
    await accept.execute(CLERK, NO, { mode: 'normal' });
    expect(repo.all.events[0]?.payload).toMatchObject({ acceptedAt: '2026-03-02T02:00:00.000Z' });
  });

  it('refuses a normal acceptance while required materials are missing, and writes nothing', async () => {
    const { repo, notices, accept } = setup({ missingMaterialIds: ['health'] });
    await expect(accept.execute(CLERK, NO, { mode: 'normal' })).rejects.toMatchObject({
      code: IntakeErrorCode.MaterialsIncomplete,
      status: 422,
    });
    expect(repo.committed).toHaveLength(0);
    expect(notices.prepared).toHaveLength(0);
  });

  it('容缺: a main material cannot be missing, every missing one must be listed, the deadline stays within the promise', async () => {
    const { accept } = setup({ missingMaterialIds: ['layout', 'health'] });
    const tolerance = { mode: 'tolerance' as const, promise: '承诺补齐', supplyWithinDays: 5 };
    await expect(
      accept.execute(CLERK, NO, { ...tolerance, missingMaterialIds: ['application'] }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.ToleranceMainMaterial });
    await expect(
      accept.execute(CLERK, NO, { ...tolerance, missingMaterialIds: ['layout'] }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.MaterialsIncomplete, details: { missing: ['health'] } });
    await expect(
      accept.execute(CLERK, NO, {
        ...tolerance,
        missingMaterialIds: ['layout', 'health'],
        supplyWithinDays: 8,
      }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.ToleranceDeadlineTooLate });
  });

  it('容缺 within the rules: the supply-by date and the missing materials go with the acceptance', async () => {
    const { repo, accept } = setup({ missingMaterialIds: ['health'] });
    await accept.execute(CLERK, NO, {
      mode: 'tolerance',
      missingMaterialIds: ['health', 'health'],
      promise: '承诺补齐',
      supplyWithinDays: 5,
    });
    expect(repo.all.transitions[0]?.data).toMatchObject({
      acceptanceMode: 'tolerance',
      toleranceMissing: ['health'],
      toleranceSupplyBy: new Date('2026-03-08T02:00:00.000Z'),
    });
  });

  it('a revoked e-licence reference fails the window recheck (422, every problem listed)', async () => {
    const { repo, accept } = setup();
    repo.licenceMaterials = [
      {
        id: 'row-1',
        applicationNo: NO,
        materialId: 'business-licence',
        name: '营业执照',
        source: 'licence',
        files: [],
        licenceIdentifier: 'gone',
        licenceTypeCode: null,
        licenceCheckedAt: null,
        promise: null,
        round: 0,
        current: true,
        createdAt: new Date(),
      },
    ];
    await expect(accept.execute(CLERK, NO, { mode: 'normal' })).rejects.toMatchObject({
      code: IntakeErrorCode.LicenceRecheckFailed,
      details: {
        problems: [expect.objectContaining({ materialId: 'business-licence', problem: 'not-held' })],
      },
    });
  });

  it('only a clerk of the region, only from submitted or supplemented', async () => {
    await expect(setup().accept.execute(APPLICANT, NO, { mode: 'normal' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      setup({ status: 'accepted' }).accept.execute(CLERK, NO, { mode: 'normal' }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.IllegalTransition, status: 409 });
  });

  it('removes the stored notice PDF when the transaction fails', async () => {
    const { repo, notices, accept } = setup();
    repo.concurrentChange = true;
    await expect(accept.execute(CLERK, NO, { mode: 'normal' })).rejects.toMatchObject({ status: 409 });
    expect(notices.discarded).toEqual(notices.prepared);
    expect(repo.committed).toHaveLength(0);
  });
});
