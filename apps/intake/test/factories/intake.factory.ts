import { randomUUID } from 'node:crypto';
import { usccCheckDigit } from '@hall/auth';
import type { DemoAccount } from '@hall/auth/dev';
import {
  ImplementationPublished,
  ImplementationSnapshot,
  INTAKE_EVENTS,
  Topics,
  type CaseDecided,
  type CaseOpened,
  type EventContract,
  type ImplementationSnapshot as Snapshot,
  canonicalLicenceTypeCode,
  licenceTypeCodeEntry,
  LT,
  type LicenceIssued,
  type LicenceRevoked,
  type PayloadOf,
} from '@hall/contracts';
import { piiCipherOf, piiPayloadCodec, type ServiceDefinition } from '@hall/platform';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import { intakeService } from '../../src/index.js';
import { IntakeModule, type IntakeOptions } from '../../src/intake.module.js';
import { IntakeJobs } from '../../src/jobs/intake-jobs.js';
import { NotificationDispatcher } from '../../src/notifications/notification.dispatcher.js';
import type {
  NotificationSender,
  OutgoingNotification,
} from '../../src/notifications/notification.sender.js';

export const uscc = (first17: string): string => `${first17}${usccCheckDigit(first17)}`;

export const XIHU_MARKET = {
  name: '杭州市西湖区市场监督管理局',
  uscc: uscc('11330106MB1632500'),
  departmentCode: 'market-regulation',
};
export const SHANGCHENG_MARKET = {
  name: '杭州市上城区市场监督管理局',
  uscc: uscc('11330102MB1632500'),
  departmentCode: 'market-regulation',
};

/** A published 食品经营许可 implementation snapshot (Xihu, region 330106) with main, minor, promise and 免提交 materials. */
export function foodSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const region = overrides.regionCode ?? '330106';
  const body = region === '330102' ? SHANGCHENG_MARKET : XIHU_MARKET;
  return ImplementationSnapshot.parse({
    implementationCode: `${body.uscc}4000140100000`,
    version: 1,
    baseItem: {
      code: '000140100000',
      name: '食品经营许可',
      type: '01',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
    },
    level: '4',
    regionCode: region,
    regionName: region === '330102' ? '杭州市上城区' : '杭州市西湖区',
    implementingBody: body,
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
      { id: 'other', name: '其他材料', main: false, required: false },
    ],
    processTemplate: {
      jointKind: 'single',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 7 },
    },
    results: [
      { licenceTypeCode: 'FBL', name: '食品经营许可证', validityMonths: 60 },
      { licenceTypeCode: 'PHL', name: '公共场所卫生许可证', validityMonths: 48 },
    ],
    service: { handlingForms: ['1', '2'], visits: 0, online: true },
    publishedAt: '2025-09-01T00:00:00.000Z',
    ...overrides,
  });
}

/** Publishes an event on the harness transport as another service would (resolves once intake consumed it). */
export async function publishEvent<C extends EventContract>(
  h: ServiceHarness,
  contract: C,
  payload: PayloadOf<C>,
  id: string = randomUUID(),
): Promise<string> {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const key = contract.key(parsed);
  const envelope = {
    id,
    type: contract.type,
    version: contract.version,
    key,
    occurredAt: new Date().toISOString(),
    source: 'test',
    payload: parsed,
  };
  await h.transport.publish([
    {
      topic: contract.topic,
      key,
      value: JSON.stringify(envelope),
      headers: {
        'event-id': id,
        'event-type': contract.type,
        'event-version': String(contract.version),
        'event-source': 'test',
      },
    },
  ]);
  return id;
}

export const publishImplementation = (h: ServiceHarness, snapshot: Snapshot) =>
  publishEvent(h, ImplementationPublished, snapshot);

/** A sender that records what it sends (and can be told to fail). */
export class RecordingSender implements NotificationSender {
  readonly name = 'recording';
  readonly sent: OutgoingNotification[] = [];
  failing = false;

  send(n: OutgoingNotification): Promise<void> {
    if (this.failing) return Promise.reject(new Error('mail server down'));
    this.sent.push(n);
    return Promise.resolve();
  }
}

export interface IntakeHarness extends ServiceHarness {
  clock: ManualClock;
  sender: RecordingSender;
  jobs: IntakeJobs;
  dispatcher: NotificationDispatcher;
  api: ReturnType<typeof apiFor>;
}

/** Intake booted with a movable clock and a recording sender; jobs run only when a test asks. */
export async function startIntake(
  db: 'pg' | 'pglite',
  start = '2026-03-02T02:00:00.000Z',
  /** Receives the service's info lines (structured ones as objects); everything else stays silent. */
  log?: (message: unknown) => void,
  /** Test-only accounts besides the demo realm's (password `demo`). */
  extraAccounts?: readonly DemoAccount[],
  /** More options of the module (e.g. the limits of anonymous attachments). */
  moduleOptions: Partial<IntakeOptions> = {},
): Promise<IntakeHarness> {
  const clock = new ManualClock(new Date(start));
  const sender = new RecordingSender();
  // One demo user uploads hundreds of files within a minute across a suite: the per-user upload rate and quota
  // (security issue 18 #8) have their own suite (tests/security/upload-limits.e2e-spec.ts) and are lifted here.
  const uploadLimits = {
    rateBurst: 1_000_000,
    ratePerMinute: 1_000_000,
    unattachedMaxFiles: 1_000_000,
    unattachedMaxBytes: 1024 ** 4,
  };
  const def: ServiceDefinition = {
    ...intakeService,
    module: (rt) =>
      IntakeModule.register(rt, {
        clock,
        sender,
        jobIntervalMs: 0,
        notifyPollMs: 60_000,
        uploadLimits,
        ...moduleOptions,
      }),
  };
  const quiet = () => undefined;
  const h = await startServiceForTest(def, {
    db,
    ...(extraAccounts && { extraAccounts }),
    ...(log && { logger: { log, error: quiet, warn: quiet, debug: quiet, verbose: quiet } }),
  });
  const harness = Object.assign(h, {
    clock,
    sender,
    jobs: h.app.get(IntakeJobs),
    dispatcher: h.app.get(NotificationDispatcher),
  }) as IntakeHarness;
  harness.api = apiFor(harness);
  return harness;
}

export function apiFor(h: ServiceHarness) {
  const auth = async (username: string) => `Bearer ${await h.tokenFor(username)}`;
  return {
    async post(username: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) {
      const req = request(h.url)
        .post(`/api/intake${path}`)
        .set('authorization', await auth(username));
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return req.send(body as object);
    },
    async get(username: string, path: string, query: Record<string, string> = {}) {
      return request(h.url)
        .get(`/api/intake${path}`)
        .set('authorization', await auth(username))
        .query(query);
    },
    async pdf(username: string, path: string) {
      return request(h.url)
        .get(`/api/intake${path}`)
        .set('authorization', await auth(username))
        .buffer(true)
        .parse(binaryParser);
    },
    /** A name with a slash goes out as `filepath` (form-data would otherwise cut it to its base name). */
    async upload(
      username: string,
      content: Buffer = samplePdf('material'),
      filename = 'material.pdf',
      contentType = 'application/pdf',
    ) {
      const options = filename.includes('/')
        ? { filepath: filename, contentType }
        : { filename, contentType };
      return request(h.url)
        .post('/api/intake/files')
        .set('authorization', await auth(username))
        .attach('file', content, options);
    },
    /** Uploads a sample PDF and returns its id. */
    async fileId(username: string): Promise<string> {
      const res = await this.upload(username);
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
  };
}

/** Materials for a complete application (every required material), files uploaded by `username`. */
export async function completeMaterials(h: IntakeHarness, username: string) {
  return [
    { materialId: 'application', source: 'upload', fileIds: [await h.api.fileId(username)] },
    { materialId: 'business-licence', source: 'upload', fileIds: [await h.api.fileId(username)] },
    { materialId: 'layout', source: 'promise', promise: '本人承诺经营场所布局符合要求' },
    { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId(username)] },
  ];
}

/** Only the main materials: `layout` and `health` (minor) are missing. */
export async function mainMaterials(h: IntakeHarness, username: string) {
  return [
    { materialId: 'application', source: 'upload', fileIds: [await h.api.fileId(username)] },
    { materialId: 'business-licence', source: 'upload', fileIds: [await h.api.fileId(username)] },
  ];
}

export interface SubmitOptions {
  snapshot?: Snapshot;
  complete?: boolean;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Submits an application as `username` and returns its number (throws unless 201). */
export async function submitApplication(
  h: IntakeHarness,
  username: string,
  opts: SubmitOptions = {},
): Promise<string> {
  const snapshot = opts.snapshot ?? foodSnapshot();
  const materials =
    opts.complete === false ? await mainMaterials(h, username) : await completeMaterials(h, username);
  const res = await h.api.post(
    username,
    '/applications',
    {
      implementationCode: snapshot.implementationCode,
      formData: { shopName: '西湖小吃店', area: 60 },
      materials,
      ...opts.extra,
    },
    opts.headers,
  );
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { no: string }).no;
}

export interface EventOut {
  id: string;
  type: string;
  key: string;
  payload: Record<string, unknown>;
}

/** Waits until intake's outbox is published, then returns the intake events on the transport, payloads opened. */
export async function intakeEvents(h: ServiceHarness, type?: string): Promise<EventOut[]> {
  for (let i = 0; i < 200; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const codec = piiPayloadCodec(piiCipherOf(h.runtime));
  return h.transport
    .read(Topics.intakeApplication)
    .map((m) => JSON.parse(m.value) as EventOut)
    .filter((e) => type === undefined || e.type === type)
    .map((e) => {
      // Opened as a consumer sees it (personal data is sealed on the transport).
      const contract = INTAKE_EVENTS.find((c) => c.type === e.type);
      return contract ? { ...e, payload: codec.open(contract, e.payload) as Record<string, unknown> } : e;
    });
}

export function decidedPayload(
  no: string,
  outcome: 'approved' | 'denied',
  licences: Snapshot['results'],
  snapshot = foodSnapshot(),
): PayloadOf<typeof CaseDecided> {
  return {
    caseId: `case-${no}`,
    applicationNo: no,
    occurredAt: '2026-03-10T02:00:00.000Z',
    actor: { userId: 'head', name: '周建国', role: 'approver', department: 'market-regulation' },
    outcome,
    reasons: outcome === 'approved' ? '符合条件，准予许可' : '经营场所不符合要求，不予许可',
    decidedAt: '2026-03-10T02:00:00.000Z',
    departmentCode: 'market-regulation',
    opinions: [],
    implementationCode: snapshot.implementationCode,
    implementationVersion: snapshot.version,
    itemName: snapshot.baseItem.name,
    regionCode: snapshot.regionCode,
    holder: { kind: 'person', name: '张三', idType: 'ID_CARD', idNumber: '330102199003071230' },
    issuer: {
      name: snapshot.implementingBody.name,
      uscc: snapshot.implementingBody.uscc,
      departmentCode: 'market-regulation',
    },
    licences,
    formData: {},
  };
}

export function issuedPayload(no: string, typeCode: string, serial: string): PayloadOf<typeof LicenceIssued> {
  return {
    identifier: `1.2.156.3005.2.${typeCode}.${XIHU_MARKET.uscc}.${serial}.001.X`,
    licenceTypeCode: typeCode,
    name: typeCode === 'FBL' ? '食品经营许可证' : '公共场所卫生许可证',
    applicationNo: no,
    holderIdNumber: '330102199003071230',
    issuerUscc: XIHU_MARKET.uscc,
    departmentCode: 'market-regulation',
    occurredAt: '2026-03-11T02:00:00.000Z',
    actor: { userId: 'licence', name: '证照系统', role: 'system' },
    issuedAt: '2026-03-11T02:00:00.000Z',
    validFrom: '2026-03-11T02:00:00.000Z',
    validUntil: null,
  };
}

export const ZHANGSAN_ID = '330102199003071230';
export const LISI_ID = '33010619851215457X';
export const XIHU_TECH_USCC = '91330106MA27U8Q168';

/**
 * A `licence.issued` for a holder's own licence (not tied to an application), e.g. a 营业执照 (`BL`). A short key of
 * the mapping table becomes its 证照类型代码 (`LT.BL`); any other code is used as given.
 */
export function ownLicence(
  holderIdNumber: string,
  type: string,
  serial: string,
  over: Partial<PayloadOf<typeof LicenceIssued>> = {},
): PayloadOf<typeof LicenceIssued> {
  const typeCode = canonicalLicenceTypeCode(type);
  return {
    identifier: `1.2.156.3005.2.${typeCode}.${XIHU_MARKET.uscc}.${serial}.001.X`,
    licenceTypeCode: typeCode,
    name: licenceTypeCodeEntry(typeCode)?.name ?? '食品经营许可证',
    holderIdNumber,
    issuerUscc: XIHU_MARKET.uscc,
    departmentCode: 'market-regulation',
    occurredAt: '2025-06-01T02:00:00.000Z',
    actor: { userId: 'licence', name: '证照系统', role: 'system' },
    issuedAt: '2025-06-01T02:00:00.000Z',
    validFrom: '2025-06-01T02:00:00.000Z',
    validUntil: '2035-05-31T16:00:00.000Z',
    ...over,
  };
}

/** A status change (`licence.revoked|suspended|…`) of the licence `issued` announced, at `occurredAt`. */
export function statusChange(
  issued: PayloadOf<typeof LicenceIssued>,
  occurredAt: string,
  reason = '依法撤销',
): PayloadOf<typeof LicenceRevoked> {
  return {
    identifier: issued.identifier,
    licenceTypeCode: issued.licenceTypeCode,
    name: issued.name,
    holderIdNumber: issued.holderIdNumber,
    issuerUscc: issued.issuerUscc,
    departmentCode: issued.departmentCode,
    occurredAt,
    actor: { userId: 'head', name: '周建国', role: 'approver', department: 'market-regulation' },
    reason,
  };
}

/** approval's `case.opened` for an application with one task per department given. */
export function caseOpenedPayload(
  no: string,
  departments: readonly string[],
  snapshot = foodSnapshot(),
): PayloadOf<typeof CaseOpened> {
  return {
    caseId: `case-${no}`,
    applicationNo: no,
    occurredAt: '2026-03-03T02:00:00.000Z',
    actor: { userId: 'system', name: '系统', role: 'system' },
    implementationCode: snapshot.implementationCode,
    implementationVersion: snapshot.version,
    itemName: snapshot.baseItem.name,
    regionCode: snapshot.regionCode,
    jointKind: departments.length > 1 ? 'general' : 'single',
    acceptedAt: '2026-03-03T02:00:00.000Z',
    acceptedBy: 'clerk-xihu',
    promisedLimitDays: snapshot.promisedLimitDays,
    legalLimitDays: snapshot.legalLimitDays,
    promisedDueAt: '2026-03-12T15:59:59.999Z',
    legalDueAt: '2026-03-31T15:59:59.999Z',
    tasks: departments.map((d, i) => ({
      taskId: `task-${no}-${d}`,
      departmentCode: d,
      departmentName: d,
      role: i === 0 ? ('lead' as const) : ('co' as const),
      limitDays: 5,
      dueAt: '2026-03-10T15:59:59.999Z',
    })),
  };
}
