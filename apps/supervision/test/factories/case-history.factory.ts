import { randomUUID } from 'node:crypto';
import {
  ApplicationAccepted,
  ApplicationCompleted,
  ApplicationDelivered,
  ApplicationHandedOver,
  ApplicationRefused,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationWithdrawn,
  CaseDecided,
  CaseExtended,
  CaseOpened,
  CaseResumed,
  CaseSuspended,
  TaskResumed,
  TaskSuspended,
  EventHeaders,
  LicenceIssued,
  SupplementNoticeRejected,
  SupplementRequested,
  TaskAssigned,
  TaskCompleted,
  LT,
  type Actor,
  type EventContract,
  type PayloadOf,
  type TaskSummary,
} from '@hall/contracts';
import type { TransportMessage } from '@hall/messaging';
import type { ServiceHarness } from '@hall/platform/testing';
import type { ManualClock } from '@hall/calendar';

/** Demo accounts as event actors (ids = the dev identity provider's subjects). */
export const ACTORS = {
  lisi: { userId: '0180ffc3-08f2-4c5c-a6f6-4c14277c2f5b', name: '李四', role: 'applicant', region: '330106' },
  zhangsan: {
    userId: 'e4518845-247b-4299-b285-ab6179239c04',
    name: '张三',
    role: 'applicant',
    region: '330102',
  },
  clerkXihu: {
    userId: 'fec7d932-9e86-4767-9ce9-889db38dce78',
    name: '刘洋',
    role: 'clerk',
    department: 'service-center',
    region: '330106',
  },
  approverMarket: {
    userId: '5fb651bd-cff7-4011-b685-9d706f1af348',
    name: '陈明',
    role: 'approver',
    department: 'market-regulation',
    region: '330100',
  },
  headMarket: {
    userId: '2bb5144e-92f0-4eba-b30e-36bfc63b2083',
    name: '周建国',
    role: 'approver',
    department: 'market-regulation',
    region: '330100',
  },
  approverHealth: {
    userId: '551d9f91-f8ca-44e2-9f43-0498a3658a90',
    name: '孙丽',
    role: 'approver',
    department: 'health-commission',
    region: '330100',
  },
  system: { userId: 'system', name: '系统', role: 'system' },
} satisfies Record<string, Actor>;

export const HOLDER = {
  kind: 'person' as const,
  userId: ACTORS.lisi.userId,
  name: '李四',
  idType: 'ID_CARD' as const,
  idNumber: '33010619851215457X',
};
export const ISSUER = {
  name: '杭州市西湖区市场监督管理局',
  uscc: '11330106MB1632500X',
  departmentCode: 'market-regulation',
};

let seq = 0;
/** A fresh, well-formed application number (region + date + sequence + check). */
export function applicationNo(region = '330106'): string {
  seq += 1;
  return `${region}20260917${String((Date.now() % 1_000_000) + seq)
    .padStart(6, '0')
    .slice(-6)}7`;
}

/** A China-time instant: `at('2026-09-18 10:00')`. */
export const at = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

export interface Envelope {
  id: string;
  type: string;
  version: number;
  key: string;
  occurredAt: string;
  source: string;
  payload: unknown;
  topic: string;
}

export interface CaseOptions {
  region?: string;
  departmentCode?: string;
  itemName?: string;
  implementationCode?: string;
  promisedLimitDays?: number;
  legalLimitDays?: number;
  applicant?: typeof HOLDER;
  /** The township or village point that took the application in (受理下移 / 代办). */
  takenIn?: { id: string; name: string; regionCode: string };
}

/**
 * Builds the event history of one case exactly as intake, approval and licence would publish it. Each method
 * appends one envelope; `publish` sends them through the harness's transport (any order, duplicates allowed).
 */
export class CaseHistory {
  readonly events: Envelope[] = [];
  readonly no: string;
  readonly region: string;
  readonly departmentCode: string;
  readonly itemName: string;
  readonly implementationCode: string;
  readonly promisedLimitDays: number;
  readonly legalLimitDays: number;
  readonly applicant: typeof HOLDER;
  readonly takenIn: CaseOptions['takenIn'];
  private receivedAt = '';
  private acceptedAt = '';
  private noticeId: string | undefined;
  readonly tasks = new Map<string, TaskSummary>();

  constructor(opts: CaseOptions = {}) {
    this.region = opts.region ?? '330106';
    // A township's (乡镇级) application is numbered with its county, as intake does.
    this.no = applicationNo(this.region.slice(0, 6));
    this.departmentCode = opts.departmentCode ?? 'market-regulation';
    this.itemName = opts.itemName ?? '食品经营许可';
    this.implementationCode = opts.implementationCode ?? `${ISSUER.uscc}4000140100000`;
    this.promisedLimitDays = opts.promisedLimitDays ?? 10;
    this.legalLimitDays = opts.legalLimitDays ?? 20;
    this.applicant = opts.applicant ?? HOLDER;
    this.takenIn = opts.takenIn;
  }

  private add<C extends EventContract>(
    contract: C,
    source: string,
    payload: PayloadOf<C>,
    occurredAt: string,
  ): this {
    const parsed = contract.payload.parse(payload) as PayloadOf<C>;
    this.events.push({
      id: randomUUID(),
      type: contract.type,
      version: contract.version,
      key: contract.key(parsed),
      occurredAt,
      source,
      payload: parsed,
      topic: contract.topic,
    });
    return this;
  }

  private intakeBase(occurredAt: string, actor: Actor) {
    return {
      applicationNo: this.no,
      implementationCode: this.implementationCode,
      implementationVersion: 1,
      regionCode: this.region,
      occurredAt,
      actor,
    };
  }

  private caseBase(occurredAt: string, actor: Actor) {
    return { caseId: `case-${this.no}`, applicationNo: this.no, occurredAt, actor };
  }

  submitted(time: string, actor: Actor = ACTORS.lisi): this {
    this.receivedAt = time;
    return this.add(
      ApplicationSubmitted,
      'intake',
      {
        ...this.intakeBase(time, actor),
        applicant: this.applicant,
        ...(this.takenIn !== undefined && { takenIn: this.takenIn }),
        itemName: this.itemName,
        departmentCode: this.departmentCode,
        receivedAt: time,
        promisedLimitDays: this.promisedLimitDays,
        legalLimitDays: this.legalLimitDays,
      },
      time,
    );
  }

  /** 代办 handover (转交) from a village point to the county window (region 330106 by default). */
  handedOver(
    time: string,
    from = { id: 'point-village', name: '留下村便民服务站', regionCode: '330106109201' },
    to = { id: 'point-county', name: '西湖区政务服务中心综合窗口', regionCode: '330106' },
    actor: Actor = ACTORS.clerkXihu,
  ): this {
    return this.add(
      ApplicationHandedOver,
      'intake',
      { ...this.intakeBase(time, actor), from, to, handedOverAt: time },
      time,
    );
  }

  supplementRequested(time: string, actor: Actor = ACTORS.clerkXihu): this {
    this.noticeId = `notice-${this.events.length}`;
    return this.add(
      SupplementRequested,
      'intake',
      {
        ...this.intakeBase(time, actor),
        noticeId: this.noticeId,
        items: [{ materialId: 'm1', name: '营业执照', problem: '复印件不清晰' }],
        receivedAt: this.receivedAt,
      },
      time,
    );
  }

  /** A second notice attempted and refused by intake (409): the application is unchanged, the attempt recorded. */
  supplementNoticeRejected(time: string, actor: Actor = ACTORS.clerkXihu): this {
    return this.add(
      SupplementNoticeRejected,
      'intake',
      { ...this.intakeBase(time, actor), noticeId: this.noticeId ?? 'notice-unknown' },
      time,
    );
  }

  supplemented(time: string): this {
    return this.add(
      ApplicationSupplemented,
      'intake',
      { ...this.intakeBase(time, ACTORS.lisi), materialIds: ['m1'] },
      time,
    );
  }

  accepted(time: string, actor: Actor = ACTORS.clerkXihu, mode: 'normal' | 'deemed' = 'normal'): this {
    this.acceptedAt = mode === 'deemed' ? this.receivedAt : time;
    return this.add(
      ApplicationAccepted,
      'intake',
      {
        ...this.intakeBase(time, actor),
        applicant: this.applicant,
        itemName: this.itemName,
        departmentCode: this.departmentCode,
        receivedAt: this.receivedAt,
        acceptedAt: this.acceptedAt,
        mode,
        materials: [],
        formData: {},
        promisedLimitDays: this.promisedLimitDays,
        legalLimitDays: this.legalLimitDays,
        noticeId: `accept-${this.no}`,
      },
      time,
    );
  }

  refused(time: string, reasons: string, actor: Actor = ACTORS.clerkXihu): this {
    return this.add(
      ApplicationRefused,
      'intake',
      { ...this.intakeBase(time, actor), reasons, noticeId: `refuse-${this.no}` },
      time,
    );
  }

  withdrawn(time: string): this {
    return this.add(
      ApplicationWithdrawn,
      'intake',
      { ...this.intakeBase(time, ACTORS.lisi), reason: '不再需要' },
      time,
    );
  }

  /** Opens the approval case with a lead task (market) and optional co-department tasks. */
  opened(
    time: string,
    opts: {
      jointKind?: 'single' | 'general' | 'precondition';
      leadLimit?: number;
      co?: { departmentCode: string; departmentName: string; limitDays: number }[];
      acceptedBy?: string;
    } = {},
  ): this {
    const tasks: TaskSummary[] = [
      {
        taskId: 'lead',
        departmentCode: 'market-regulation',
        departmentName: '市场监督管理局',
        role: 'lead',
        limitDays: opts.leadLimit ?? 8,
        dueAt: time,
      },
      ...(opts.co ?? []).map((c, i) => ({
        taskId: `co-${i + 1}`,
        departmentCode: c.departmentCode,
        departmentName: c.departmentName,
        role: 'co' as const,
        limitDays: c.limitDays,
        dueAt: time,
      })),
    ];
    for (const t of tasks) this.tasks.set(t.taskId, t);
    return this.add(
      CaseOpened,
      'approval',
      {
        ...this.caseBase(time, ACTORS.system),
        implementationCode: this.implementationCode,
        implementationVersion: 1,
        itemName: this.itemName,
        regionCode: this.region,
        jointKind: opts.jointKind ?? (tasks.length > 1 ? 'general' : 'single'),
        acceptedAt: this.acceptedAt || time,
        acceptedBy: opts.acceptedBy ?? ACTORS.clerkXihu.userId,
        promisedLimitDays: this.promisedLimitDays,
        legalLimitDays: this.legalLimitDays,
        promisedDueAt: time,
        legalDueAt: time,
        tasks,
      },
      time,
    );
  }

  private task(taskId: string): TaskSummary {
    const t = this.tasks.get(taskId);
    if (t === undefined) throw new Error(`no task ${taskId}`);
    return t;
  }

  assigned(time: string, taskId: string, assignee: Actor): this {
    return this.add(
      TaskAssigned,
      'approval',
      { ...this.caseBase(time, assignee), task: this.task(taskId), assignee },
      time,
    );
  }

  taskCompleted(
    time: string,
    taskId: string,
    officials: Actor[] = [ACTORS.approverMarket],
    verdict: 'approve' | 'deny' = 'approve',
  ): this {
    const [first] = officials;
    if (first === undefined) throw new Error('at least one official');
    return this.add(
      TaskCompleted,
      'approval',
      {
        ...this.caseBase(time, first),
        task: this.task(taskId),
        verdict,
        opinion: verdict === 'approve' ? '同意' : '不同意',
        officials,
        completedAt: time,
      },
      time,
    );
  }

  suspended(time: string, procedureId: string, kind: 'expert-review' | 'inspection' = 'expert-review'): this {
    return this.add(
      CaseSuspended,
      'approval',
      {
        ...this.caseBase(time, ACTORS.approverMarket),
        procedureId,
        kind,
        reason: '组织专家评审',
        startedAt: time,
      },
      time,
    );
  }

  resumed(time: string, procedureId: string, kind: 'expert-review' | 'inspection' = 'expert-review'): this {
    return this.add(
      CaseResumed,
      'approval',
      {
        ...this.caseBase(time, ACTORS.approverMarket),
        procedureId,
        kind,
        endedAt: time,
        result: '评审通过',
        promisedDueAt: time,
        legalDueAt: time,
      },
      time,
    );
  }

  /** A department pauses its own step (task-level 特别程序): only that task's clock stops. */
  taskSuspended(
    time: string,
    taskId: string,
    procedureId: string,
    actor: Actor = ACTORS.approverHealth,
  ): this {
    return this.add(
      TaskSuspended,
      'approval',
      {
        ...this.caseBase(time, actor),
        procedureId,
        task: this.task(taskId),
        kind: 'inspection',
        reason: '现场检验',
        startedAt: time,
      },
      time,
    );
  }

  taskResumed(
    time: string,
    taskId: string,
    procedureId: string,
    startedAt: string,
    actor: Actor = ACTORS.approverHealth,
  ): this {
    return this.add(
      TaskResumed,
      'approval',
      {
        ...this.caseBase(time, actor),
        procedureId,
        task: this.task(taskId),
        kind: 'inspection',
        startedAt,
        endedAt: time,
        result: '检验合格',
      },
      time,
    );
  }

  extended(time: string, procedureId: string, days: number): this {
    return this.add(
      CaseExtended,
      'approval',
      {
        ...this.caseBase(time, ACTORS.headMarket),
        procedureId,
        days,
        reason: '情况复杂，经负责人批准延长',
        promisedDueAt: time,
        legalDueAt: time,
      },
      time,
    );
  }

  decided(
    time: string,
    outcome: 'approved' | 'denied' = 'approved',
    reasons = '申请材料齐全，符合法定条件，准予许可。',
    actor: Actor = ACTORS.headMarket,
  ): this {
    return this.add(
      CaseDecided,
      'approval',
      {
        ...this.caseBase(time, actor),
        outcome,
        reasons,
        decidedAt: time,
        departmentCode: 'market-regulation',
        opinions: [],
        implementationCode: this.implementationCode,
        implementationVersion: 1,
        itemName: this.itemName,
        regionCode: this.region,
        holder: this.applicant,
        issuer: ISSUER,
        licences: [],
        formData: {},
      },
      time,
    );
  }

  licenceIssued(time: string, serial = '000001'): this {
    return this.add(
      LicenceIssued,
      'licence',
      {
        identifier: `1.2.156.3005.2.${LT.JY}.${ISSUER.uscc}.${serial}.001.K`,
        licenceTypeCode: LT.JY,
        name: '食品经营许可证',
        applicationNo: this.no,
        holderIdNumber: this.applicant.idNumber,
        issuerUscc: ISSUER.uscc,
        departmentCode: 'market-regulation',
        occurredAt: time,
        actor: ACTORS.system,
        issuedAt: time,
        validFrom: time,
        validUntil: null,
      },
      time,
    );
  }

  completed(time: string, outcome: 'approved' | 'denied' = 'approved'): this {
    return this.add(
      ApplicationCompleted,
      'intake',
      { ...this.intakeBase(time, ACTORS.clerkXihu), outcome, licenceIdentifiers: [], delivery: 'window' },
      time,
    );
  }

  delivered(time: string, windowRating?: { codeHash: string; expiresAt: string }): this {
    return this.add(
      ApplicationDelivered,
      'intake',
      {
        ...this.intakeBase(time, ACTORS.clerkXihu),
        method: 'window',
        ...(windowRating ? { windowRating } : {}),
      },
      time,
    );
  }

  /** A clean approved case: submitted, accepted next day, single department, decided, licence, completed, delivered. */
  static clean(opts: CaseOptions = {}): CaseHistory {
    return new CaseHistory(opts)
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'))
      .taskCompleted(at('2026-09-17 15:00'), 'lead', [ACTORS.approverMarket])
      .decided(at('2026-09-18 11:00'))
      .licenceIssued(at('2026-09-18 11:05'))
      .completed(at('2026-09-18 11:10'))
      .delivered(at('2026-09-21 09:30'));
  }
}

export function toMessage(e: Envelope): TransportMessage {
  const { topic, ...envelope } = e;
  return {
    topic,
    key: e.key,
    value: JSON.stringify(envelope),
    headers: {
      [EventHeaders.id]: e.id,
      [EventHeaders.type]: e.type,
      [EventHeaders.version]: String(e.version),
      [EventHeaders.source]: e.source,
    },
  };
}

/** Publishes envelopes as their producers would; resolves once the supervision consumer committed them. */
export async function publish(h: ServiceHarness, events: readonly Envelope[]): Promise<void> {
  for (const e of events) await h.transport.publish([toMessage(e)]);
}

/** Publishes each event at its own time (the clock set to its occurrence): how a live system sees the history. */
export async function publishLive(
  h: ServiceHarness,
  clock: ManualClock,
  events: readonly Envelope[],
): Promise<void> {
  for (const e of events) {
    clock.set(e.occurredAt);
    await h.transport.publish([toMessage(e)]);
  }
}

/** Waits until the service's outbox is published (alert events). */
export async function settleOutbox(h: ServiceHarness): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('outbox not drained');
}
