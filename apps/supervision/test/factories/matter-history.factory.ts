import { randomUUID } from 'node:crypto';
import {
  DisclosureRequestAnswered,
  DisclosureRequestConsultationEnded,
  DisclosureRequestConsultationStarted,
  DisclosureRequestCorrected,
  DisclosureRequestCorrectionRequested,
  DisclosureRequestExtended,
  DisclosureRequestReceived,
  EnquiryAnswered,
  EnquiryExtended,
  EnquiryReceived,
  EnquiryRouted,
  type Actor,
  type EnquiryType,
  type EventContract,
  type PayloadOf,
  type RequestClockPause,
} from '@hall/contracts';
import { chinaCalendar } from '@hall/calendar';
import { ACTORS, type Envelope } from './case-history.factory.js';

/** intake's default answer limits (working days), as its events' `dueBy` reflects them. */
const DEFAULT_ENQUIRY_LIMIT_DAYS: Readonly<Record<EnquiryType, number>> = {
  consultation: 5,
  help: 5,
  complaint: 10,
  suggestion: 15,
};

const envelope = <C extends EventContract>(
  contract: C,
  key: string,
  occurredAt: string,
  source: string,
  payload: PayloadOf<C>,
): Envelope => ({
  id: randomUUID(),
  type: contract.type,
  version: contract.version,
  key,
  occurredAt,
  source,
  topic: contract.topic,
  payload: contract.payload.parse(payload),
});

const OFFICER: Actor = {
  userId: 'officer-1',
  name: '王公开',
  role: 'disclosure-officer',
  department: 'market-regulation',
};
const HEAD: Actor = { userId: 'head-1', name: '周建国', role: 'approver', department: 'market-regulation' };

/**
 * The event history of one 依申请公开 request exactly as the disclosure service publishes it: every event carries
 * the receipt day, the limit and the pauses so far (the producer's deadline `dueBy` is carried but supervision
 * counts its own).
 */
export class RequestHistory {
  readonly requestId = randomUUID();
  readonly no: string;
  readonly events: Envelope[] = [];
  private receivedAt: string;
  private limit = 20;
  private pauses: RequestClockPause[] = [];

  constructor(
    receivedOn: string,
    private readonly opts: { region?: string; serial?: number } = {},
  ) {
    this.receivedAt = new Date(`${receivedOn}T00:00:00+08:00`).toISOString();
    this.no = `330100-SCJG/2026-YSQ-${String(opts.serial ?? 1).padStart(5, '0')}`;
  }

  private base(occurredAt: string, actor: Actor = OFFICER) {
    return {
      requestId: this.requestId,
      requestNo: this.no,
      departmentCode: 'market-regulation',
      agencyCode: '330100-SCJG',
      regionCode: this.opts.region ?? '330100',
      channel: 'online' as const,
      applicantKind: 'person' as const,
      receivedAt: this.receivedAt,
      receivedOn: new Date(new Date(this.receivedAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
      limitWorkingDays: this.limit,
      dueBy: occurredAt,
      pauses: [...this.pauses],
      occurredAt,
      actor,
    };
  }

  private push<C extends EventContract>(contract: C, at: string, payload: PayloadOf<C>): this {
    this.events.push(envelope(contract, this.requestId, at, 'disclosure', payload));
    return this;
  }

  received(at: string): this {
    return this.push(DisclosureRequestReceived, at, this.base(at, { ...ACTORS.lisi }));
  }

  correctionRequested(at: string): this {
    const pause = { kind: 'correction' as const, startedAt: at, endedAt: null };
    this.pauses.push(pause);
    return this.push(DisclosureRequestCorrectionRequested, at, {
      ...this.base(at),
      pause,
      correctionDueBy: at,
    });
  }

  /** The corrected request arrived: the clock restarts from its receipt day. */
  corrected(at: string, receivedOn: string): this {
    const open = this.pauses.find((p) => p.kind === 'correction' && p.endedAt === null);
    const pause = { kind: 'correction' as const, startedAt: open?.startedAt ?? at, endedAt: at };
    this.pauses = [];
    this.receivedAt = new Date(`${receivedOn}T00:00:00+08:00`).toISOString();
    return this.push(DisclosureRequestCorrected, at, { ...this.base(at, { ...ACTORS.lisi }), pause });
  }

  consultationStarted(at: string): this {
    const pause = { kind: 'consultation' as const, startedAt: at, endedAt: null };
    this.pauses.push(pause);
    return this.push(DisclosureRequestConsultationStarted, at, {
      ...this.base(at),
      pause,
      thirdPartyDueBy: at,
    });
  }

  consultationEnded(at: string): this {
    const open = this.pauses.find((p) => p.kind === 'consultation' && p.endedAt === null);
    const pause = { kind: 'consultation' as const, startedAt: open?.startedAt ?? at, endedAt: at };
    this.pauses = this.pauses.map((p) => (p === open ? pause : p));
    return this.push(DisclosureRequestConsultationEnded, at, {
      ...this.base(at),
      pause,
      thirdPartyDueBy: at,
    });
  }

  extended(at: string, days: number): this {
    this.limit += days;
    return this.push(DisclosureRequestExtended, at, { ...this.base(at, HEAD), extensionDays: days });
  }

  answered(at: string): this {
    return this.push(DisclosureRequestAnswered, at, {
      ...this.base(at),
      answerType: 'partial',
      answeredAt: at,
      overdue: false,
      feeYuan: 0,
    });
  }
}

/** The event history of one enquiry as intake publishes it. */
export class EnquiryHistory {
  readonly no: string;
  readonly events: Envelope[] = [];
  private departmentCode: string | null = null;
  /** The answer due date intake computes (its limit for the type from the day sent), moved by extensions. */
  private dueBy: string;
  private readonly limitDays: number;

  constructor(
    private readonly type: EnquiryType,
    day: string,
    serial = 1,
    private readonly region = '330100',
    limitDays?: number,
  ) {
    this.limitDays = limitDays ?? DEFAULT_ENQUIRY_LIMIT_DAYS[type];
    const prefix = { consultation: 'ZX', complaint: 'TS', suggestion: 'JY', help: 'QZ' }[type];
    this.no = `${prefix}${day.replaceAll('-', '')}${String(serial).padStart(6, '0')}`;
    this.dueBy = chinaCalendar
      .addWorkingDays(new Date(`${day}T10:00:00+08:00`), this.limitDays)
      .toISOString();
  }

  private base(at: string) {
    return {
      enquiryNo: this.no,
      type: this.type,
      regionCode: this.region,
      departmentCode: this.departmentCode,
      dueBy: this.dueBy,
      occurredAt: at,
      actor: { ...ACTORS.lisi },
    };
  }

  private push<C extends EventContract>(contract: C, at: string, payload: PayloadOf<C>): this {
    this.events.push(envelope(contract, this.no, at, 'intake', payload));
    return this;
  }

  received(at: string): this {
    this.dueBy = chinaCalendar.addWorkingDays(new Date(at), this.limitDays).toISOString();
    return this.push(EnquiryReceived, at, {
      ...this.base(at),
      implementationCode: null,
      applicationNo: null,
    });
  }

  routed(at: string, departmentCode: string): this {
    this.departmentCode = departmentCode;
    return this.push(EnquiryRouted, at, { ...this.base(at), transfer: false, reason: null });
  }

  /** The service centre approved `days` more working days. */
  extended(at: string, days: number, reason = '需现场核查'): this {
    const previousDueBy = this.dueBy;
    this.dueBy = chinaCalendar.addWorkingDays(new Date(previousDueBy), days).toISOString();
    return this.push(EnquiryExtended, at, { ...this.base(at), extensionDays: days, reason, previousDueBy });
  }

  answered(at: string, onTime: boolean): this {
    return this.push(EnquiryAnswered, at, { ...this.base(at), onTime, followUp: false });
  }
}
