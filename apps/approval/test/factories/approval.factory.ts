import { randomUUID } from 'node:crypto';
import {
  type ApplicationAccepted,
  ApplicationAcceptedPayload,
  APPROVAL_EVENTS,
  ImplementationPublished,
  ImplementationSnapshot,
  Topics,
  type EventContract,
  type PayloadOf,
  type ProcessTemplate,
} from '@hall/contracts';
import { Department, DepartmentRole, Region, Role, usccCheckDigit } from '@hall/auth';
import { demoAccounts, type DemoAccount } from '@hall/auth/dev';
import { piiCipherOf, piiPayloadCodec, type ServiceDefinition } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { ManualClock, type Clock } from '@hall/calendar';
import type { ApprovalOptions } from '../../src/approval.context.js';
import { ApprovalModule } from '../../src/approval.module.js';
import { approvalService } from '../../src/index.js';

export const uscc = (first17: string): string => `${first17}${usccCheckDigit(first17)}`;

export const HANGZHOU_MARKET = {
  name: '杭州市市场监督管理局',
  uscc: uscc('11330100MB0000001'),
  departmentCode: 'market-regulation',
};

/** Demo users by username (ids are the token subjects). */
export const userId = (username: string): string => {
  const a =
    demoAccounts.find((x) => x.username === username) ?? EXTRA_ACCOUNTS.find((x) => x.username === username);
  if (!a) throw new Error(`no account ${username}`);
  return a.id;
};

/**
 * Test-only officers: a fourth co-department (数据资源管理局 as the data-sharing check of the item), a market
 * officer of the 西湖区 (county) level and the 西湖区 government head, to show region scoping.
 */
export const EXTRA_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: '7b0a6f4e-2d1c-4a53-9a77-0f1e2d3c4b5a',
    username: 'approver.data',
    password: 'demo',
    name: '何静',
    email: 'approver.data@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: Department.DataBureau,
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '数据资源管理局审批人员（测试）',
  },
  {
    id: '3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4',
    username: 'approver.market.xihu',
    password: 'demo',
    name: '钱伟',
    email: 'approver.market.xihu@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: Department.MarketRegulation,
    departmentRole: DepartmentRole.Officer,
    region: Region.Xihu,
    description: '西湖区市场监督管理局审批人员（测试）',
  },
  {
    id: '6e3f9a21-4b7c-4d85-a1e2-7c9b0d4f3a68',
    username: 'gov.head.xihu',
    password: 'demo',
    name: '韩志远',
    email: 'gov.head.xihu@hall.example',
    roles: [Role.GovernmentHead],
    kind: 'staff',
    department: Department.PeopleGovernment,
    departmentRole: DepartmentRole.Head,
    region: Region.Xihu,
    description: '西湖区人民政府负责人（测试：不覆盖市级办件）',
  },
];

export async function startApproval(
  db: 'pg' | 'pglite',
  clock: Clock = new ManualClock('2026-09-17T10:30:00+08:00'),
  options: Omit<ApprovalOptions, 'clock'> = {},
): Promise<ServiceHarness> {
  const def: ServiceDefinition = {
    ...approvalService,
    module: (runtime) => ApprovalModule.register(runtime, { ...options, clock }),
  };
  return startServiceForTest(def, { db, extraAccounts: EXTRA_ACCOUNTS });
}

/** Lead market-regulation + three co-departments (health, fire, data), general joint case, on-site check by two. */
export const FOUR_DEPARTMENTS: ProcessTemplate = {
  jointKind: 'general',
  lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 },
  coDepartments: [
    { code: 'health-commission', name: '卫生健康委员会', limitDays: 5 },
    { code: 'fire-rescue', name: '消防救援支队', limitDays: 10 },
    { code: 'data-bureau', name: '数据资源管理局', limitDays: 12 },
  ],
  steps: [
    {
      id: 'site-check',
      name: '现场核查',
      departmentCode: 'market-regulation',
      limitDays: 3,
      twoOfficials: true,
    },
  ],
};

let implSeq = 0;
export function snapshot(overrides: Partial<ImplementationSnapshot> = {}): ImplementationSnapshot {
  implSeq += 1;
  return ImplementationSnapshot.parse({
    implementationCode: `${HANGZHOU_MARKET.uscc}3000140100000`,
    version: 1,
    baseItem: {
      code: '000140100000',
      name: '食品经营许可',
      type: '01',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
    },
    level: '3',
    regionCode: '330100',
    regionName: '杭州市',
    implementingBody: HANGZHOU_MARKET,
    legalLimitDays: 20,
    promisedLimitDays: 15,
    caseType: '2',
    audiences: ['2'],
    materials: [{ id: 'application', name: '食品经营许可申请书', originals: 1 }],
    processTemplate: FOUR_DEPARTMENTS,
    results: [
      {
        licenceTypeCode: 'FBL',
        name: '食品经营许可证',
        validityMonths: 60,
        fields: ['经营者名称', '经营场所'],
      },
      { licenceTypeCode: 'PHL', name: '公共场所卫生许可证', validityMonths: 48 },
    ],
    resultName: '食品经营许可证',
    service: { handlingForms: ['1', '2'], visits: 0, online: true },
    publishedAt: `2026-09-01T09:00:${String(implSeq % 60).padStart(2, '0')}+08:00`,
    ...overrides,
  });
}

let appSeq = 0;
/** A fresh 办件编号 (region + date + sequence + check character). */
export function applicationNo(region = '330106'): string {
  appSeq += 1;
  return `${region}20260917${String(appSeq + Math.floor(Math.random() * 900) * 1000).padStart(6, '0')}X`;
}

export function accepted(
  s: ImplementationSnapshot,
  overrides: Partial<PayloadOf<typeof ApplicationAccepted>> = {},
): PayloadOf<typeof ApplicationAccepted> {
  return ApplicationAcceptedPayload.parse({
    applicationNo: applicationNo(),
    implementationCode: s.implementationCode,
    implementationVersion: s.version,
    regionCode: s.regionCode,
    occurredAt: '2026-09-17T10:00:00+08:00',
    actor: {
      userId: userId('clerk.xihu'),
      name: '刘洋',
      role: 'clerk',
      department: 'service-center',
      region: '330106',
    },
    applicant: {
      kind: 'business',
      userId: userId('xihu-tech'),
      name: '杭州西湖示范科技有限公司',
      idType: 'USCC',
      idNumber: '91330106MA27U8Q168',
      phone: '13800000003',
    },
    itemName: s.baseItem.name,
    departmentCode: s.implementingBody.departmentCode,
    receivedAt: '2026-09-16T15:00:00+08:00',
    acceptedAt: '2026-09-17T10:00:00+08:00',
    mode: 'normal',
    formData: { 经营者名称: '杭州西湖示范科技有限公司', 经营场所: '杭州市西湖区文三路1号' },
    materials: [{ materialId: 'application', name: '食品经营许可申请书', source: 'upload', files: [] }],
    promisedLimitDays: s.promisedLimitDays,
    legalLimitDays: s.legalLimitDays,
    noticeId: randomUUID(),
    ...overrides,
  });
}

/** Publishes an event as its producing service's relay would (envelope + headers); resolves once approval committed it. */
export async function publish<C extends EventContract>(
  h: ServiceHarness,
  contract: C,
  payload: PayloadOf<C>,
  eventId: string = randomUUID(),
): Promise<void> {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const key = contract.key(parsed);
  const source = contract.type.split('.')[0] ?? 'test';
  await h.transport.publish([
    {
      topic: contract.topic,
      key,
      headers: {
        'event-id': eventId,
        'event-type': contract.type,
        'event-version': String(contract.version),
        'event-source': source,
      },
      value: JSON.stringify({
        id: eventId,
        type: contract.type,
        version: contract.version,
        key,
        occurredAt: new Date().toISOString(),
        source,
        payload: parsed,
      }),
    },
  ]);
}

export const publishSnapshot = (h: ServiceHarness, s: ImplementationSnapshot) =>
  publish(h, ImplementationPublished, s);

/** Waits until the relay published everything approval committed (no timing assumptions: polls the outbox). */
export async function settle(h: ServiceHarness): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('outbox not drained');
}

export interface PublishedEvent {
  id: string;
  type: string;
  key: string;
  payload: Record<string, unknown>;
}

/**
 * Approval's events on the transport, their payloads opened as a consumer sees them (`raw`: as carried, personal
 * data sealed).
 */
export function approvalEvents(
  h: ServiceHarness,
  type?: string,
  key?: string,
  opts: { raw?: boolean } = {},
): PublishedEvent[] {
  const codec = piiPayloadCodec(piiCipherOf(h.runtime));
  return h.transport
    .read(Topics.approvalCase)
    .map((m) => JSON.parse(m.value) as PublishedEvent)
    .filter((e) => (type === undefined || e.type === type) && (key === undefined || e.key === key))
    .map((e) => {
      const contract = APPROVAL_EVENTS.find((c) => c.type === e.type);
      return opts.raw || !contract
        ? e
        : { ...e, payload: codec.open(contract, e.payload) as Record<string, unknown> };
    });
}

/** Uploads a file to the harness's object storage as intake would, returning the material file reference. */
export async function uploadMaterialFile(
  h: ServiceHarness,
  content: Buffer,
  name: string,
  contentType = 'application/pdf',
) {
  const storage = h.runtime.storage;
  if (!storage) throw new Error('the approval harness has no object storage');
  const stored = await storage.upload({
    bucket: 'hall-materials',
    buffer: content,
    declaredName: name,
    declaredContentType: contentType,
    maxBytes: 10 * 1024 * 1024,
    allowedTypes: [contentType],
    ownerPrefix: `applications/${randomUUID()}`,
  });
  return {
    bucket: stored.bucket,
    key: stored.key,
    name,
    sha256: stored.sha256,
    contentType: stored.contentType,
    size: stored.size,
  };
}
