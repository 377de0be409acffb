import { ManualClock } from '@hall/calendar';
import { ApplicationSupplemented } from '@hall/contracts';
import { IntakeErrorCode } from '../../intake.errors.js';
import type { ResolvedMaterial } from '../materials.js';
import { APP_NO, APPLICANT, InMemoryWindowRepository, applicationRow } from '../testing/in-memory-window.js';
import { SupplementApplication } from './supplement.js';

const clock = new ManualClock('2026-03-04T02:00:00.000Z');
const upload = (materialId: string): ResolvedMaterial => ({
  materialId,
  name: materialId,
  source: 'upload',
  files: [],
});

function asked(over: Parameters<typeof applicationRow>[0] = {}) {
  const repo = new InMemoryWindowRepository(
    applicationRow({ status: 'supplement-requested', missingMaterialIds: ['layout', 'health'], ...over }),
  );
  repo.supplementNoticeOf = { id: 'n-1', content: { materialIds: ['layout', 'health'] } };
  return repo;
}

describe('SupplementApplication (补正 / 容缺补齐 / 退回补正)', () => {
  it('answers the one-time notice with every material asked for: supplemented, a new round of materials', async () => {
    const repo = asked();
    repo.resolved = [upload('layout'), upload('health')];
    await new SupplementApplication(repo, clock).execute(APPLICANT, APP_NO, { materials: [] });
    expect(repo.all.transitions[0]).toMatchObject({ to: 'supplemented', data: { missingMaterialIds: [] } });
    expect(repo.all.materials).toEqual([{ round: 1, materialIds: ['layout', 'health'] }]);
    expect(repo.all.events.map((e) => e.type)).toEqual([ApplicationSupplemented.type]);
  });

  it('every material asked for must come, and nothing else (without a return)', async () => {
    const repo = asked();
    const use = new SupplementApplication(repo, clock);
    repo.resolved = [upload('layout')];
    await expect(use.execute(APPLICANT, APP_NO, { materials: [] })).rejects.toMatchObject({
      code: IntakeErrorCode.SupplementIncomplete,
      details: { missing: ['health'] },
    });
    repo.resolved = [upload('layout'), upload('health'), upload('application')];
    await expect(use.execute(APPLICANT, APP_NO, { materials: [] })).rejects.toMatchObject({
      code: IntakeErrorCode.MaterialUnknown,
    });
    expect(repo.committed).toHaveLength(0);
  });

  it("answers approval's open returns at once: back to accepted, the tasks named in the event", async () => {
    const repo = new InMemoryWindowRepository(applicationRow({ status: 'returned' }));
    repo.returns = [
      { id: 'r-1', taskId: 't-1', items: [{ materialId: 'layout', name: '布局图', problem: '不清晰' }] },
    ];
    repo.resolved = [upload('layout'), upload('other')];
    await new SupplementApplication(repo, clock).execute(APPLICANT, APP_NO, {
      materials: [],
      note: '已补正',
    });
    expect(repo.all.answeredReturns).toEqual(['r-1']);
    expect(repo.all.transitions[0]).toMatchObject({ to: 'accepted' });
    expect(repo.all.events[0]?.payload).toMatchObject({ answeredTaskIds: ['t-1'] });
  });

  it('nothing asked (submitted), or the 容缺 deadline passed: 409', async () => {
    const submitted = new InMemoryWindowRepository(applicationRow());
    await expect(
      new SupplementApplication(submitted, clock).execute(APPLICANT, APP_NO, { materials: [] }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NoSupplementNotice, status: 409 });
    const late = new InMemoryWindowRepository(
      applicationRow({
        status: 'accepted',
        acceptanceMode: 'tolerance',
        toleranceMissing: ['health'],
        toleranceSupplyBy: new Date('2026-03-03T02:00:00.000Z'),
      }),
    );
    await expect(
      new SupplementApplication(late, clock).execute(APPLICANT, APP_NO, { materials: [] }),
    ).rejects.toMatchObject({ code: IntakeErrorCode.ToleranceDeadlinePassed });
  });
});
