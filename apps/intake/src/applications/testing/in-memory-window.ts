import { randomUUID } from 'node:crypto';
import { usccCheckDigit, type CurrentUser } from '@hall/auth';
import { ImplementationSnapshot, LT, type EventContract } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { ApplicationMaterial, LicenceHolding } from '../../generated/prisma/client.js';
import type { NoticesService, PreparedNotice } from '../../notices/notices.service.js';
import type { ApplicationRow, TransitionSpec } from '../../records/application-record.js';
import { formatApplicationNo } from '../application-number.js';
import type { ResolvedMaterial } from '../materials.js';
import type { ServicePoint } from '../../service-points/service-network.js';
import type { OpenReturn, WindowRepository, WindowWrites } from '../window.repository.js';

/** Builders and an in-memory window repository for the use cases' small specs (no database). */

const MARKET_USCC = '11330106MB1632500';

/** The food business licence of 西湖区 (one main licence-replaceable material, two minor ones). */
export const SNAPSHOT = ImplementationSnapshot.parse({
  implementationCode: `${MARKET_USCC}${usccCheckDigit(MARKET_USCC)}4000140100000`,
  version: 1,
  baseItem: {
    code: '000140100000',
    name: '食品经营许可',
    type: '01',
    legalBasis: '《食品安全法》第三十五条',
  },
  level: '4',
  regionCode: '330106',
  regionName: '杭州市西湖区',
  implementingBody: {
    name: '杭州市西湖区市场监督管理局',
    uscc: `${MARKET_USCC}${usccCheckDigit(MARKET_USCC)}`,
    departmentCode: 'market-regulation',
  },
  legalLimitDays: 20,
  promisedLimitDays: 7,
  caseType: '2',
  audiences: ['1', '2'],
  materials: [
    { id: 'application', name: '食品经营许可申请书', main: true, required: true },
    {
      id: 'business-licence',
      name: '营业执照',
      main: true,
      required: true,
      replaceableByLicenceTypes: [LT.BL],
    },
    { id: 'layout', name: '经营场所平面布局图', main: false, required: true, promiseAllowed: true },
    { id: 'health', name: '从业人员健康证明', main: false, required: true },
  ],
  processTemplate: {
    jointKind: 'single',
    lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 7 },
  },
  results: [{ licenceTypeCode: 'FBL', name: '食品经营许可证', validityMonths: 60 }],
  service: { handlingForms: ['1', '2'], visits: 0, online: true },
  publishedAt: '2025-09-01T00:00:00.000Z',
});

/** The number of the application the builders make. */
export const APP_NO = formatApplicationNo('330106', '20260302', 1);

/** The district hall of 330106 and a village station (绕城村) that only takes the demo item in (收件). */
export const COUNTY_WINDOW: ServicePoint = {
  id: 'sp-330106',
  name: '西湖区政务服务中心',
  kind: 'center',
  regionCode: '330106',
  address: '西湖区',
  openingHours: '工作日',
  phone: null,
  acceptsAllOfRegion: true,
  items: [],
  clerkIds: ['clerk-1'],
};
export const VILLAGE_STATION: ServicePoint = {
  id: 'sp-330106109201',
  name: '绕城村便民服务站',
  kind: 'station',
  regionCode: '330106109201',
  address: '绕城村',
  openingHours: '工作日',
  phone: null,
  acceptsAllOfRegion: false,
  items: [{ baseCode: SNAPSHOT.baseItem.code, mode: 'receive' }],
  clerkIds: ['clerk-village'],
};
export const VILLAGE_CLERK: CurrentUser = {
  id: 'clerk-village',
  username: 'clerk.village',
  name: '代办员',
  roles: ['clerk'],
  region: '330106109201',
  tokenExp: 4_102_444_800,
};

export const CLERK: CurrentUser = {
  id: 'clerk-1',
  username: 'clerk.xihu',
  name: '窗口人员',
  roles: ['clerk'],
  region: '330106',
  tokenExp: 4_102_444_800,
};
export const APPLICANT: CurrentUser = {
  id: 'user-zhangsan',
  username: 'zhangsan',
  name: '张三',
  roles: ['applicant'],
  idNumber: '330102199003071230',
  tokenExp: 4_102_444_800,
};

/** An application as stored (submitted 2026-03-02 10:00 CST by 张三), with overrides. */
export function applicationRow(over: Partial<ApplicationRow> = {}): ApplicationRow {
  const receivedAt = new Date('2026-03-02T02:00:00.000Z');
  return {
    no: APP_NO,
    rowVersion: 1,
    status: 'submitted',
    implementationCode: SNAPSHOT.implementationCode,
    implementationVersion: 1,
    itemName: '食品经营许可',
    regionCode: '330106',
    departmentCode: 'market-regulation',
    implementingBody: '杭州市西湖区市场监督管理局',
    promisedLimitDays: 7,
    legalLimitDays: 20,
    applicantKind: 'person',
    applicantUserId: APPLICANT.id,
    applicantName: '张三',
    applicantIdType: 'ID_CARD',
    applicantIdNumber: '330102199003071230',
    applicantIdNumberBidx: null,
    applicantPhone: null,
    applicantPhoneBidx: null,
    applicantEmail: null,
    agent: null,
    submittedBy: { userId: APPLICANT.id, name: '张三', role: 'applicant' },
    formData: {},
    missingMaterialIds: [],
    deliveryMethod: 'window',
    deliveryAddress: null,
    pickupCode: null,
    trackingNo: null,
    acceptanceMode: null,
    acceptedBy: null,
    refusalReasons: null,
    redirectTo: null,
    toleranceMissing: [],
    tolerancePromise: null,
    toleranceSupplyBy: null,
    toleranceSatisfiedAt: null,
    supplementDueBy: new Date('2026-03-09T15:59:59.999Z'),
    decisionOutcome: null,
    decisionReasons: null,
    decisionCaseId: null,
    expectedLicenceTypes: [],
    closingAction: null,
    closingRequestedAt: null,
    withdrawReason: null,
    terminationReason: null,
    receivedAt,
    acceptedAt: null,
    refusedAt: null,
    supplementRequestedAt: null,
    supplementedAt: null,
    withdrawnAt: null,
    terminatedAt: null,
    decidedAt: null,
    completedAt: null,
    deliveredAt: null,
    servicePointId: null,
    takenInRegion: null,
    handoverPending: false,
    handoverFromPointId: null,
    handedOverAt: null,
    createdAt: receivedAt,
    updatedAt: receivedAt,
    ...over,
  };
}

/** Notices that are "stored" in memory: what was prepared and what was discarded. */
export class FakeNotices implements Pick<NoticesService, 'prepare' | 'discard'> {
  readonly prepared: PreparedNotice[] = [];
  readonly discarded: PreparedNotice[] = [];

  prepare(...[kind, , document, materialIds]: Parameters<NoticesService['prepare']>) {
    const notice: PreparedNotice = {
      id: randomUUID(),
      kind,
      number: document.number,
      document,
      ...(materialIds ? { materialIds } : {}),
      issuedAt: new Date(document.issuedAt),
    };
    this.prepared.push(notice);
    return Promise.resolve(notice);
  }

  discard(n: PreparedNotice | undefined): Promise<void> {
    if (n) this.discarded.push(n);
    return Promise.resolve();
  }
}

/** What one committed transaction wrote. */
export interface Committed {
  transitions: TransitionSpec[];
  events: { type: string; payload: unknown }[];
  notices: PreparedNotice[];
  attempts: unknown[];
  licencesChecked: string[];
  answeredReturns: string[];
  materials: { round: number; materialIds: string[] }[];
}

/**
 * The window's repository in memory: applications by number, licence holdings, material rows, the supplement notice,
 * open returns. A transaction commits its writes to `committed` only if its function resolves (a throw leaves
 * nothing), like the database's.
 */
export class InMemoryWindowRepository implements WindowRepository {
  readonly applications = new Map<string, ApplicationRow>();
  readonly holdings = new Map<string, LicenceHolding>();
  licenceMaterials: ApplicationMaterial[] = [];
  supplementNoticeOf: { id: string; content: unknown } | null = null;
  returns: OpenReturn[] = [];
  resolved: ResolvedMaterial[] = [];
  /** The service network (服务网点) the use cases see. */
  points: ServicePoint[] = [];
  readonly committed: Committed[] = [];
  /** Makes the next transition fail as if the row changed meanwhile (409). */
  concurrentChange = false;

  constructor(...apps: ApplicationRow[]) {
    for (const a of apps) this.applications.set(a.no, a);
  }

  load(no: string): Promise<ApplicationRow> {
    const app = this.applications.get(no);
    return app ? Promise.resolve(app) : Promise.reject(AppError.notFound('application', no));
  }
  snapshot(): Promise<ImplementationSnapshot> {
    return Promise.resolve(SNAPSHOT);
  }
  currentLicenceMaterials(): Promise<ApplicationMaterial[]> {
    return Promise.resolve(this.licenceMaterials);
  }
  holding(identifier: string): Promise<LicenceHolding | null> {
    return Promise.resolve(this.holdings.get(identifier) ?? null);
  }
  supplementNotice(): Promise<{ id: string; content: unknown } | null> {
    return Promise.resolve(this.supplementNoticeOf);
  }
  openReturns(): Promise<OpenReturn[]> {
    return Promise.resolve(this.returns);
  }
  lastMaterialRound(): Promise<number> {
    return Promise.resolve(0);
  }
  resolveMaterials(): Promise<ResolvedMaterial[]> {
    return Promise.resolve(this.resolved);
  }
  queryCodeFor(): Promise<string> {
    return Promise.resolve('ABCD-EFGH');
  }
  servicePoint(id: string): Promise<ServicePoint | null> {
    return Promise.resolve(this.points.find((p) => p.id === id) ?? null);
  }
  competentWindow(regionCode: string): Promise<ServicePoint | null> {
    return Promise.resolve(
      this.points.find((p) => p.acceptsAllOfRegion && p.regionCode === regionCode) ?? null,
    );
  }
  addWorkingDays(from: Date, days: number): Date {
    // Every day a working day: enough for the rules under test.
    return new Date(from.getTime() + days * 86_400_000);
  }

  async transaction<T>(fn: (w: WindowWrites) => Promise<T>): Promise<T> {
    const c: Committed = {
      transitions: [],
      events: [],
      notices: [],
      attempts: [],
      licencesChecked: [],
      answeredReturns: [],
      materials: [],
    };
    const writes: WindowWrites = {
      load: (no) => this.load(no),
      holding: (identifier) => this.holding(identifier),
      servicePoint: (id) => this.servicePoint(id),
      queryCodeFor: () => this.queryCodeFor(),
      loadWithMaterials: async (no) => ({
        app: await this.load(no),
        currentMaterials: this.licenceMaterials,
        queryCode: 'ABCD-EFGH',
      }),
      transition: (_app, spec) => {
        if (this.concurrentChange)
          return Promise.reject(new AppError('CONCURRENT_MODIFICATION', 'changed', 409));
        c.transitions.push(spec);
        if (spec.notice) c.notices.push(spec.notice as PreparedNotice); // the use cases pass prepared notices
        return Promise.resolve();
      },
      stage: <C extends EventContract>(contract: C, payload: unknown) => {
        c.events.push({ type: contract.type, payload: contract.payload.parse(payload) });
        return Promise.resolve();
      },
      writeNotice: (_no, notice) => {
        c.notices.push(notice);
        return Promise.resolve();
      },
      markLicencesChecked: (ids) => {
        c.licencesChecked.push(...ids);
        return Promise.resolve();
      },
      currentMaterials: () => Promise.resolve([]),
      snapshot: () => Promise.resolve(SNAPSHOT),
      recordSupplementNoticeAttempt: (attempt) => {
        c.attempts.push(attempt);
        return Promise.resolve();
      },
      answerReturns: (ids) => {
        c.answeredReturns.push(...ids);
        return Promise.resolve(ids.length);
      },
      replaceMaterials: (_no, materials, round) => {
        c.materials.push({ round, materialIds: materials.map((m) => m.materialId) });
        return Promise.resolve(true);
      },
    };
    const result = await fn(writes);
    this.committed.push(c);
    return result;
  }

  /** Everything committed, flattened. */
  get all(): Committed {
    const out: Committed = {
      transitions: [],
      events: [],
      notices: [],
      attempts: [],
      licencesChecked: [],
      answeredReturns: [],
      materials: [],
    };
    for (const c of this.committed)
      for (const k of Object.keys(out) as (keyof Committed)[]) (out[k] as unknown[]).push(...c[k]);
    return out;
  }
}
