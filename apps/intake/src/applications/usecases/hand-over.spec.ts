import { ManualClock } from '@hall/calendar';
import { ApplicationHandedOver } from '@hall/contracts';
import { IntakeErrorCode } from '../../intake.errors.js';
import {
  APP_NO,
  CLERK,
  COUNTY_WINDOW,
  InMemoryWindowRepository,
  SNAPSHOT,
  VILLAGE_CLERK,
  VILLAGE_STATION,
  applicationRow,
} from '../testing/in-memory-window.js';
import { HandOverApplication } from './hand-over.js';
import { loadForClerk } from './window-steps.js';

const clock = new ManualClock('2026-03-02T06:00:00.000Z');
/** Taken in (收件) at the village station by its clerk for a walk-in applicant. */
const takenIn = (over = {}) => {
  const repo = new InMemoryWindowRepository(
    applicationRow({
      applicantUserId: null,
      servicePointId: VILLAGE_STATION.id,
      takenInRegion: VILLAGE_STATION.regionCode,
      handoverPending: true,
      ...over,
    }),
  );
  repo.points = [COUNTY_WINDOW, VILLAGE_STATION];
  return repo;
};

describe('HandOverApplication (代办 转交)', () => {
  it('moves the application to the county window with the handover event, status unchanged', async () => {
    const repo = takenIn();
    await new HandOverApplication(repo, clock).execute(VILLAGE_CLERK, APP_NO, { note: '纸质材料随车送达' });
    expect(repo.all.transitions).toEqual([
      expect.objectContaining({
        action: 'handover',
        to: 'submitted',
        data: {
          servicePointId: COUNTY_WINDOW.id,
          handoverPending: false,
          handoverFromPointId: VILLAGE_STATION.id,
          handedOverAt: clock.now(),
        },
      }),
    ]);
    expect(repo.all.events).toEqual([
      {
        type: ApplicationHandedOver.type,
        payload: expect.objectContaining({
          applicationNo: APP_NO,
          from: { id: VILLAGE_STATION.id, name: VILLAGE_STATION.name, regionCode: '330106109201' },
          to: { id: COUNTY_WINDOW.id, name: COUNTY_WINDOW.name, regionCode: '330106' },
          handedOverAt: '2026-03-02T06:00:00.000Z',
          note: '纸质材料随车送达',
        }),
      },
    ]);
  });

  it('the county window cannot act while the application waits at the point; the point clerk cannot accept a 收件 item', async () => {
    const repo = takenIn();
    await expect(loadForClerk(repo, CLERK, APP_NO, 'accept')).rejects.toMatchObject({
      code: IntakeErrorCode.HandoverPending,
      status: 409,
    });
    const handed = takenIn({ handoverPending: false, servicePointId: COUNTY_WINDOW.id });
    await expect(loadForClerk(handed, CLERK, APP_NO, 'accept')).resolves.toMatchObject({ no: APP_NO });
    await expect(loadForClerk(handed, VILLAGE_CLERK, APP_NO, 'accept')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('a point that accepts the item fully (受理下移) lets its clerk act as the window', async () => {
    const repo = takenIn({ handoverPending: false });
    repo.points = [
      COUNTY_WINDOW,
      { ...VILLAGE_STATION, items: [{ baseCode: SNAPSHOT.baseItem.code, mode: 'accept' }] },
    ];
    await expect(loadForClerk(repo, VILLAGE_CLERK, APP_NO, 'accept')).resolves.toMatchObject({ no: APP_NO });
  });

  it('refuses the county clerk (not the point), a second handover, a region without a window, and a clerk of another township', async () => {
    await expect(new HandOverApplication(takenIn(), clock).execute(CLERK, APP_NO, {})).rejects.toMatchObject({
      status: 403,
    });
    const done = takenIn({ handoverPending: false, servicePointId: COUNTY_WINDOW.id });
    await expect(
      new HandOverApplication(done, clock).execute(VILLAGE_CLERK, APP_NO, {}),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NoHandoverPending, status: 409 });
    const noWindow = takenIn();
    noWindow.points = [VILLAGE_STATION];
    await expect(
      new HandOverApplication(noWindow, clock).execute(VILLAGE_CLERK, APP_NO, {}),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NoCompetentWindow, status: 409 });
    // 转塘街道's clerk: no relation at all, the application is not revealed.
    await expect(
      new HandOverApplication(takenIn(), clock).execute(
        { ...VILLAGE_CLERK, id: 'clerk-zhuantang', region: '330106008000' },
        APP_NO,
        {},
      ),
    ).rejects.toMatchObject({ status: 404 });
    // The township clerk above the village may hand it over too (his region covers the point).
    const township = takenIn();
    await new HandOverApplication(township, clock).execute(
      { ...VILLAGE_CLERK, id: 'clerk-sandun', region: '330106109000' },
      APP_NO,
      {},
    );
    expect(township.all.events).toHaveLength(1);
    expect([...done.committed, ...noWindow.committed]).toEqual([]);
  });
});
