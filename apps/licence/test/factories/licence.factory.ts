import { randomUUID } from 'node:crypto';
import { usccCheckDigit } from '@hall/auth';
import {
  CaseDecided,
  EventHeaders,
  ImplementationPublished,
  LT,
  type CaseDecidedPayload,
  type EventContract,
  type ImplementationSnapshot,
  type PayloadOf,
} from '@hall/contracts';
import type { ServiceHarness } from '@hall/platform/testing';

export const uscc = (first17: string): string => `${first17}${usccCheckDigit(first17)}`;

export const ISSUERS = {
  xihuMarket: {
    name: '杭州市西湖区市场监督管理局',
    uscc: uscc('11330106MB1632500'),
    departmentCode: 'market-regulation',
  },
  hangzhouHealth: {
    name: '杭州市卫生健康委员会',
    uscc: uscc('11330100MB0000003'),
    departmentCode: 'health-commission',
  },
  xihuFire: {
    name: '杭州市西湖区消防救援大队',
    uscc: uscc('11330106MB0000019'),
    departmentCode: 'fire-rescue',
  },
};

/** Holders matching demo accounts (their token carries the same id_number / uscc). */
export const HOLDERS = {
  xihuTech: {
    kind: 'business' as const,
    userId: 'bd1edf6f-2999-488b-9d01-8272af72e2dd',
    name: '杭州西湖示范科技有限公司',
    idType: 'USCC' as const,
    idNumber: '91330106MA27U8Q168',
  },
  zhangsan: {
    kind: 'person' as const,
    userId: 'e4518845-247b-4299-b285-ab6179239c04',
    name: '张三',
    idType: 'ID_CARD' as const,
    idNumber: '330102199003071230',
  },
  lisi: {
    kind: 'person' as const,
    userId: '0180ffc3-08f2-4c5c-a6f6-4c14277c2f5b',
    name: '李四',
    idType: 'ID_CARD' as const,
    idNumber: '33010619851215457X',
  },
};

let seq = 0;
/** A fresh application number (format-valid: region, date, sequence, check). */
export function applicationNo(): string {
  seq += 1;
  return `33010620261122${String(seq + Math.floor(Math.random() * 800000)).padStart(6, '0')}A`;
}

export const FOOD_LICENCES = [
  {
    licenceTypeCode: LT.JY,
    name: '食品经营许可证',
    validityMonths: 60,
    fields: ['经营场所', '主体业态', '经营项目'],
  },
  {
    licenceTypeCode: LT.PHS,
    name: '公共场所卫生许可证',
    validityMonths: 0,
    fields: ['经营场所', '许可项目'],
  },
];

/** An approving `approval.case.decided` for 食品经营许可 with two licences (多证联办). */
export function decision(overrides: Partial<CaseDecidedPayload> = {}): CaseDecidedPayload {
  const now = new Date().toISOString();
  return {
    caseId: randomUUID(),
    applicationNo: applicationNo(),
    occurredAt: now,
    actor: {
      userId: '2bb5144e-92f0-4eba-b30e-36bfc63b2083',
      name: '周建国',
      role: 'approver',
      department: 'market-regulation',
    },
    outcome: 'approved',
    reasons: '符合法定条件，准予许可。',
    decidedAt: now,
    departmentCode: 'market-regulation',
    opinions: [{ departmentCode: 'market-regulation', role: 'lead', verdict: 'approve', opinion: '同意' }],
    implementationCode: `${ISSUERS.xihuMarket.uscc}4000140100000`,
    implementationVersion: 1,
    itemName: '食品经营许可',
    regionCode: '330106',
    holder: HOLDERS.xihuTech,
    issuer: ISSUERS.xihuMarket,
    licences: FOOD_LICENCES,
    formData: {
      经营场所: '杭州市西湖区文三路100号',
      主体业态: '餐饮服务经营者',
      经营项目: ['热食类食品制售', '冷食类食品制售'],
      许可项目: '饭馆',
    },
    ...overrides,
  };
}

/** A published implementation snapshot whose results define licence types. */
export function implementationSnapshot(
  overrides: Partial<ImplementationSnapshot> = {},
): ImplementationSnapshot {
  return {
    implementationCode: `${ISSUERS.xihuMarket.uscc}4000140100000`,
    version: 1,
    baseItem: {
      code: '000140100000',
      name: '食品经营许可',
      type: '01',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
    },
    level: '4',
    regionCode: '330106',
    regionName: '杭州市西湖区',
    implementingBody: ISSUERS.xihuMarket,
    legalLimitDays: 20,
    promisedLimitDays: 7,
    caseType: '2',
    audiences: ['2'],
    themes: [],
    acceptanceConditions: '',
    process: [],
    materials: [],
    fees: [],
    processTemplate: {
      jointKind: 'single',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 7 },
      coDepartments: [],
      steps: [],
    },
    results: FOOD_LICENCES,
    applicationForm: { fields: [] },
    resultName: '食品经营许可证',
    intermediaryServices: [],
    quantityLimit: { limited: false, limit: '', basis: '' },
    service: {
      handlingForms: ['2'],
      visits: 0,
      online: true,
      place: '',
      hours: '',
      consultPhone: '',
      complaintPhone: '',
      faqs: [],
      appointment: false,
      onlinePayment: false,
      courierDelivery: false,
    },
    publishedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Publishes an event as its producing service would (envelope + headers); resolves once consumers committed. */
export async function publish<C extends EventContract>(
  h: ServiceHarness,
  contract: C,
  payload: PayloadOf<C>,
  eventId: string = randomUUID(),
): Promise<string> {
  const parsed = contract.payload.parse(payload) as PayloadOf<C>;
  const key = contract.key(parsed);
  const envelope = {
    id: eventId,
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
        [EventHeaders.id]: eventId,
        [EventHeaders.type]: contract.type,
        [EventHeaders.version]: String(contract.version),
        [EventHeaders.source]: 'test',
      },
    },
  ]);
  return eventId;
}

export const publishDecision = (h: ServiceHarness, payload: CaseDecidedPayload, eventId?: string) =>
  publish(h, CaseDecided, payload, eventId);
export const publishImplementation = (h: ServiceHarness, snapshot: ImplementationSnapshot) =>
  publish(h, ImplementationPublished, snapshot);

/** Events the service published on a topic (relay drained first). */
export async function eventsOf(
  h: ServiceHarness,
  topic: string,
  type?: string,
): Promise<Array<{ id: string; type: string; key: string; payload: Record<string, unknown> }>> {
  await settle(h);
  return h.transport
    .read(topic)
    .map(
      (m) =>
        JSON.parse(m.value) as { id: string; type: string; key: string; payload: Record<string, unknown> },
    )
    .filter((e) => type === undefined || e.type === type);
}

export async function settle(h: ServiceHarness): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('outbox not drained');
}

/** Waits until a condition holds (render jobs run after commit); fails after ~10 s. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type { PayloadOf };
