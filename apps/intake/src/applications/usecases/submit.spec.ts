import { ManualClock } from '@hall/calendar';
import { ApplicationSubmitted, SubmitApplicationBody, type EventContract } from '@hall/contracts';
import type { IdempotentCall } from '@hall/platform';
import { IntakeErrorCode } from '../../intake.errors.js';
import type { ApplicationRow } from '../../records/application-record.js';
import type { ResolvedMaterial } from '../materials.js';
import type { SubmissionRepository, SubmissionWrites } from '../submission.repository.js';
import type { ServicePoint } from '../../service-points/service-network.js';
import {
  APPLICANT,
  CLERK,
  COUNTY_WINDOW,
  SNAPSHOT,
  VILLAGE_CLERK,
  VILLAGE_STATION,
} from '../testing/in-memory-window.js';
import { SubmitApplication } from './submit.js';

const upload = (materialId: string): ResolvedMaterial => ({
  materialId,
  name: materialId,
  source: 'upload',
  files: [],
});

/** Submissions in memory: what one committed transaction wrote, in order. */
class InMemorySubmissions implements SubmissionRepository {
  resolved: ResolvedMaterial[] = [upload('application'), upload('business-licence'), upload('layout')];
  readonly writes: string[] = [];
  readonly keys: { call: IdempotentCall; no: string }[] = [];
  readonly events: { type: string; payload: unknown }[] = [];
  created: Partial<ApplicationRow> | undefined;
  points: ServicePoint[] = [COUNTY_WINDOW, VILLAGE_STATION];

  addWorkingDays(from: Date, days: number) {
    return new Date(from.getTime() + days * 86_400_000);
  }
  async transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T> {
    const w: SubmissionWrites = {
      currentImplementation: () => Promise.resolve({ version: 1, snapshot: SNAPSHOT }),
      resolveMaterials: () => Promise.resolve(this.resolved),
      servicePointOfClerk: (userId) =>
        Promise.resolve(this.points.find((p) => p.clerkIds.includes(userId)) ?? null),
      nextSerial: () => Promise.resolve(7),
      createApplication: (data, _parts, call) => {
        if (call) {
          this.writes.push('key');
          this.keys.push({ call, no: data.no });
        }
        this.writes.push('application', 'materials', 'history', 'inbox');
        this.created = data as Partial<ApplicationRow>;
        return Promise.resolve(true);
      },
      stage: <C extends EventContract>(contract: C, payload: unknown) => {
        this.writes.push('event');
        this.events.push({ type: contract.type, payload: contract.payload.parse(payload) });
        return Promise.resolve();
      },
    };
    return fn(w);
  }
}

const clock = new ManualClock('2026-03-02T02:00:00.000Z');
const body = (over: object = {}) =>
  SubmitApplicationBody.parse({ implementationCode: SNAPSHOT.implementationCode, ...over });

describe('SubmitApplication (申报 / 代办)', () => {
  it('numbers the application by region and day and writes key, application, materials, timeline, inbox and event in one transaction', async () => {
    const repo = new InMemorySubmissions();
    const call: IdempotentCall = {
      userId: APPLICANT.id,
      route: 'POST /applications',
      key: 'k',
      requestHash: 'h',
    };
    const no = await new SubmitApplication(repo, clock).execute(APPLICANT, body(), call);
    expect(no).toMatch(/^33010620260302000007[0-9A-Z]$/);
    expect(repo.writes).toEqual(['key', 'application', 'materials', 'history', 'inbox', 'event']);
    expect(repo.keys).toEqual([{ call, no }]);
    // The minor material not given waits for 容缺 or the one-time notice; the notice deadline is 5 working days.
    expect(repo.created).toMatchObject({
      missingMaterialIds: ['health'],
      supplementDueBy: new Date('2026-03-07T02:00:00.000Z'),
    });
    expect(repo.events).toEqual([
      { type: ApplicationSubmitted.type, payload: expect.objectContaining({ applicationNo: no }) },
    ]);
  });

  it('a missing main material blocks the submission: nothing written', async () => {
    const repo = new InMemorySubmissions();
    repo.resolved = [upload('application')];
    await expect(new SubmitApplication(repo, clock).execute(APPLICANT, body())).rejects.toMatchObject({
      code: IntakeErrorCode.MaterialsIncomplete,
      details: { missing: [{ materialId: 'business-licence', name: '营业执照' }] },
    });
    expect(repo.writes).toEqual([]);
  });

  it('代办: a clerk names the walk-in applicant, only in the region; an applicant never names someone else', async () => {
    const use = new SubmitApplication(new InMemorySubmissions(), clock);
    await expect(use.execute(CLERK, body())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    const walkIn = { kind: 'person', name: '王五', idNumber: '11010519491231002X' };
    await expect(use.execute(APPLICANT, body({ applicant: walkIn }))).rejects.toMatchObject({ status: 400 });
    await expect(
      use.execute({ ...CLERK, region: '330102' }, body({ applicant: walkIn })),
    ).rejects.toMatchObject({ code: IntakeErrorCode.OutsideRegion, status: 403 });
    const repo = new InMemorySubmissions();
    await new SubmitApplication(repo, clock).execute(CLERK, body({ applicant: walkIn }));
    expect(repo.created).toMatchObject({
      applicantName: '王五',
      applicantUserId: null,
      agent: expect.any(Object),
    });
  });

  it('代办 below the county: the village station takes in (收件) what it lists and holds it for the handover', async () => {
    const walkIn = { kind: 'person', name: '王五', idNumber: '11010519491231002X' };
    const repo = new InMemorySubmissions();
    await new SubmitApplication(repo, clock).execute(VILLAGE_CLERK, body({ applicant: walkIn }));
    expect(repo.created).toMatchObject({
      regionCode: '330106',
      servicePointId: VILLAGE_STATION.id,
      takenInRegion: '330106109201',
      handoverPending: true,
      agent: expect.objectContaining({ userId: VILLAGE_CLERK.id, region: '330106109201' }),
    });
    // The county window's own walk-in sits at its hall and waits for nobody.
    const county = new InMemorySubmissions();
    await new SubmitApplication(county, clock).execute(CLERK, body({ applicant: walkIn }));
    expect(county.created).toMatchObject({ servicePointId: COUNTY_WINDOW.id });
    expect(county.created).not.toHaveProperty('handoverPending');
  });

  it('below the county: no point, an item the point does not list, or another county: refused, nothing written', async () => {
    const walkIn = { kind: 'person', name: '王五', idNumber: '11010519491231002X' };
    const none = new InMemorySubmissions();
    none.points = [COUNTY_WINDOW];
    await expect(
      new SubmitApplication(none, clock).execute(VILLAGE_CLERK, body({ applicant: walkIn })),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NoServicePoint, status: 403 });
    expect(none.writes).toEqual([]);
    const unlisted = new InMemorySubmissions();
    unlisted.points = [{ ...VILLAGE_STATION, items: [{ baseCode: '999999999999', mode: 'receive' }] }];
    await expect(
      new SubmitApplication(unlisted, clock).execute(VILLAGE_CLERK, body({ applicant: walkIn })),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NotHandledAtPoint, status: 403 });
    // A village of 上城区 listing the item does not 代办 西湖区's implementation.
    const elsewhere = new InMemorySubmissions();
    elsewhere.points = [{ ...VILLAGE_STATION, regionCode: '330102002001' }];
    await expect(
      new SubmitApplication(elsewhere, clock).execute(
        { ...VILLAGE_CLERK, region: '330102002001' },
        body({ applicant: walkIn }),
      ),
    ).rejects.toMatchObject({ code: IntakeErrorCode.NotHandledAtPoint });
    expect([...unlisted.writes, ...elsewhere.writes]).toEqual([]);
  });
});
