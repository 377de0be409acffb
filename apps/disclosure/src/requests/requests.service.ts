import { randomUUID } from 'node:crypto';
import { isValidUscc, parseResidentIdNumber, type CurrentUser } from '@hall/auth';
import { chinaDateString, type Clock, type WorkingCalendar } from '@hall/calendar';
import {
  DisclosureRequestAnswered,
  DisclosureRequestConsultationEnded,
  DisclosureRequestConsultationStarted,
  DisclosureRequestCorrected,
  DisclosureRequestCorrectionRequested,
  DisclosureRequestExtended,
  DisclosureRequestFeeNotified,
  DisclosureRequestFeePaid,
  DisclosureRequestReceived,
  DisclosureRequestWithdrawn,
  SYSTEM_ACTOR,
  type Actor,
  type AnswerBody,
  type AnswerType,
  type ApplicantOrgType,
  type ConsultationBody,
  type ConsultationEndBody,
  type CorrectedBody,
  type CorrectionBody,
  type DeliveryBody,
  type DisclosureRequestPage,
  type DisclosureRequestView,
  type ExtensionBody,
  type ExtensionDecisionBody,
  type FeePaymentBody,
  type FileRequestBody,
  type PaperWithdrawalBody,
  type RegisterRequestBody,
  type RemedyBody,
  type RemedyOutcome,
  type RequestChannel,
  type RequestListQuery,
  type RequestStatus,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { ObjectStorage } from '@hall/storage';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { agencyOf, departmentName, type Agency } from '../agencies/agencies.js';
import {
  DisclosureErrorCode,
  RequestErrorCode,
  requestNotFound,
  requestStatusConflict,
} from '../disclosure.errors.js';
import type { DisclosureStore, DisclosureTx } from '../disclosure.store.js';
import { findItem, nextIndexSerial } from '../items/item.repository.js';
import { keepWithRow, receiveMaterial } from '../uploads/material-upload.js';
import {
  ANSWER_LIMIT_WORKING_DAYS,
  answerDeadline,
  correctionNoticeDeadline,
  DEFAULT_FEE_RULES,
  FEE_PAYMENT_WORKING_DAYS,
  perPageFee,
  perRequestFee,
  receiptDay,
  THIRD_PARTY_WORKING_DAYS,
  type ClockPause,
  type FeeRules,
} from './request-clock.js';
import { orgTypeOfUscc } from './applicant-org-type.js';
import {
  answerParagraphs,
  remediesParagraph,
  RequestNoticeFiles,
  type RequestNoticeContent,
} from './request-notices.js';
import {
  closePause,
  expiredCorrections,
  expiredFeeNotices,
  findNotice,
  findRequest,
  findRequestByNo,
  insertNotice,
  insertPause,
  insertRemedy,
  insertRequest,
  listRequests,
  lockRequest,
  monthRequestsOf,
  recordNoticeFile,
  businessRequestsWithoutOrgType,
  openRequestsDueBetween,
  setOrgType,
  updateRemedy,
  updateRequest,
  type RequestRow,
} from './request.repository.js';

type Filed = z.output<typeof FileRequestBody>;
type Registered = z.output<typeof RegisterRequestBody>;
type Correction = z.output<typeof CorrectionBody>;
type Corrected = z.output<typeof CorrectedBody>;
type Consultation = z.output<typeof ConsultationBody>;
type ConsultationEnd = z.output<typeof ConsultationEndBody>;
type Extension = z.output<typeof ExtensionBody>;
type ExtensionDecision = z.output<typeof ExtensionDecisionBody>;
type Remedy = z.output<typeof RemedyBody>;
type Delivery = z.output<typeof DeliveryBody>;
type ListQuery = z.output<typeof RequestListQuery>;
type AnswerInput = z.output<typeof AnswerBody>;
type FeePayment = z.output<typeof FeePaymentBody>;
type PaperWithdrawal = z.output<typeof PaperWithdrawalBody>;

/** Category part of the 申请编号 (依申请公开), next to the 五公开 codes of 索引号 in the same serial table. */
export const REQUEST_SERIAL_CATEGORY = 'YSQ';

/** 申请编号: `<agency code>/<year>-YSQ-<serial, 5 digits>`, e.g. `330100-SCJG/2026-YSQ-00001`. */
export function formatRequestNo(agencyCode: string, year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999) throw new RangeError(`serial ${serial}`);
  return `${agencyCode}/${year}-${REQUEST_SERIAL_CATEGORY}-${String(serial).padStart(5, '0')}`;
}

/** A person's ID number shown masked (330***********1230); a USCC is public and shown in full. */
export const maskIdNumber = (idType: string, v: string): string =>
  idType === 'USCC' ? v : `${v.slice(0, 3)}${'*'.repeat(Math.max(0, v.length - 7))}${v.slice(-4)}`;

const OPEN = new Set(['processing', 'awaiting-correction', 'consulting', 'awaiting-payment']);

function actorOf(user: CurrentUser, staff: boolean): Actor {
  return {
    userId: user.id,
    name: user.name,
    role: staff ? 'approver' : 'applicant',
    ...(staff && user.department !== undefined && { department: user.department }),
    ...(user.region !== undefined && { region: user.region }),
  };
}

const isStaff = (user: CurrentUser): boolean => user.roles.includes('approver');

/** The applicant identity of an account: a business by its USCC, a person by the 居民身份证号码 (userinfo). */
function identityOf(user: CurrentUser): { kind: string; idType: string; idNumber: string } | undefined {
  if (user.uscc !== undefined) return { kind: 'business', idType: 'USCC', idNumber: user.uscc };
  if (user.idNumber !== undefined) return { kind: 'person', idType: 'ID_CARD', idNumber: user.idNumber };
  return undefined;
}

/** Statuses before the answer, in which the applicant may withdraw the request (撤回). */
const WITHDRAWABLE: ReadonlySet<string> = new Set([
  'processing',
  'awaiting-correction',
  'consulting',
  'awaiting-payment',
]);

/**
 * 依申请公开 (《政府信息公开条例》 2019 arts. 27–45): filing (online by the applicant, at the window / by post / fax /
 * e-mail registered by staff), 补正, third-party consultation, the one extension approved by a 负责人, the answer of
 * every art. 36/39 type with its 答复书, the 信息处理费, remedies and the deemed-withdrawal sweep. Every state change
 * stages its `hall.disclosure.request.*` event in the same transaction.
 */
export class RequestsService {
  private readonly files: RequestNoticeFiles;

  constructor(
    private readonly store: DisclosureStore,
    private readonly clock: Clock,
    private readonly storage: () => ObjectStorage,
    /** Where the working calendar comes from: the store's runtime calendar (shipped data + years loaded in supervision). */
    private readonly calendars: { current(): WorkingCalendar } = store.calendar,
    private readonly fees: FeeRules = DEFAULT_FEE_RULES,
  ) {
    this.files = new RequestNoticeFiles(storage);
  }

  /** The calendar as it stands now (a year loaded in supervision takes effect at once). */
  private get calendar(): WorkingCalendar {
    return this.calendars.current();
  }

  // ——— access ———

  private staffAgency(user: CurrentUser): Agency {
    const agency = isStaff(user) ? agencyOf(user.department) : undefined;
    if (!agency)
      throw new AppError(
        DisclosureErrorCode.NoAgency,
        'your department does not handle government information requests',
        403,
      );
    return agency;
  }

  /**
   * Whether the caller may see the request: the agency's staff, or its applicant: the account that filed it online,
   * or, for a request registered by staff (window, post, fax, e-mail), the account whose verified identity (居民身份证号码
   * or USCC from the identity provider) is the request's applicant's.
   */
  private mayAccess(user: CurrentUser, row: RequestRow): boolean {
    if (isStaff(user)) return row.departmentCode === user.department;
    if (row.applicantUserId !== null) return row.applicantUserId === user.id;
    const own = identityOf(user);
    return own !== undefined && own.idType === row.applicantIdType && own.idNumber === row.applicantIdNumber;
  }

  private async visible(user: CurrentUser, id: string, tx?: DisclosureTx): Promise<RequestRow> {
    const row = tx ? await lockRequest(tx, id) : await findRequest(this.store.prisma, id);
    if (!row || !this.mayAccess(user, row)) throw requestNotFound(id);
    return row;
  }

  /** The request of the caller's agency (staff only; another agency's: 404). */
  private async ofAgency(user: CurrentUser, id: string, tx: DisclosureTx): Promise<RequestRow> {
    this.staffAgency(user);
    return this.visible(user, id, tx);
  }

  // ——— clock ———

  private limitOf(row: RequestRow): number {
    return ANSWER_LIMIT_WORKING_DAYS + (row.extensionStatus === 'approved' ? (row.extensionDays ?? 0) : 0);
  }

  /**
   * The pauses not counted in the answer period: third-party consultations (art. 33 ¶3) and the time from a 收费通知
   * to its payment (国办函〔2020〕109号); the open one lasts until now.
   */
  private consultations(row: RequestRow): ClockPause[] {
    return row.pauses
      .filter((p) => p.kind === 'consultation' || p.kind === 'fee')
      .map((p) => ({ start: p.startedAt, end: p.endedAt ?? undefined }));
  }

  private dueOf(row: RequestRow, now: Date, calendar: WorkingCalendar = this.calendar): Date {
    return answerDeadline(calendar, row.receivedOn, this.limitOf(row), this.consultations(row), now);
  }

  /**
   * After a year's calendar was loaded in supervision: the answer deadline of every open request counted again with
   * `calendar` (inside the consumer's transaction, before the service switches to it). Only the answer deadline
   * moves: it is the agency's statutory limit, counted in real working days. The 补正 deadline written in the
   * applicant's 补正告知书 and the third party's 15 days stated in the consultation letter stay as told. Returns the
   * number of requests whose deadline moved.
   */
  async recountDeadlines(
    tx: DisclosureTx,
    calendar: WorkingCalendar,
    from: Date,
    until: Date,
  ): Promise<number> {
    const now = this.clock.now();
    let moved = 0;
    for (const { id } of await openRequestsDueBetween(tx, from, until)) {
      const row = await lockRequest(tx, id);
      if (!row || (row.status !== 'processing' && row.status !== 'consulting')) continue;
      const dueAt = this.dueOf(row, now, calendar);
      if (dueAt.getTime() === row.dueAt.getTime()) continue;
      await updateRequest(tx, id, { dueAt });
      moved += 1;
    }
    return moved;
  }

  private eventBase(row: RequestRow, now: Date, actor: Actor) {
    const since = new Date(`${row.receivedOn}T00:00:00+08:00`);
    return {
      requestId: row.id,
      requestNo: row.requestNo,
      departmentCode: row.departmentCode,
      agencyCode: row.agencyCode,
      regionCode: row.regionCode,
      channel: row.channel as RequestChannel,
      applicantKind: row.applicantKind as 'person' | 'business',
      receivedAt: since.toISOString(),
      receivedOn: row.receivedOn,
      limitWorkingDays: this.limitOf(row),
      dueBy: this.dueOf(row, now).toISOString(),
      pauses: row.pauses
        .filter((p) => p.startedAt.getTime() >= since.getTime())
        .map((p) => ({
          kind: p.kind as 'correction' | 'consultation' | 'fee',
          startedAt: p.startedAt.toISOString(),
          endedAt: p.endedAt?.toISOString() ?? null,
        })),
      occurredAt: now.toISOString(),
      actor,
    };
  }

  // ——— filing ———

  /** Online filing by the signed-in applicant: a person by the hall identity (ID number), a business by its USCC. */
  async file(user: CurrentUser, body: Filed): Promise<DisclosureRequestView> {
    const agency = agencyOf(body.agency);
    if (!agency)
      throw new AppError(
        RequestErrorCode.UnknownAgency,
        `agency ${body.agency} does not handle requests`,
        400,
        {
          field: 'agency',
        },
      );
    const identity = identityOf(user);
    if (!identity)
      throw new AppError(
        RequestErrorCode.IdentityMissing,
        'your account has no verified identity (居民身份证号码 or 统一社会信用代码)',
        403,
      );
    if (identity.kind === 'person' && body.organisationType !== undefined)
      throw AppError.validation('organisationType', 'only a 法人或其他组织 has an organisation type');
    checkDelivery(body);
    const now = this.clock.now();
    return this.create(user, false, agency, {
      channel: 'online',
      receivedOn: receiptDay(this.calendar, 'online', now),
      applicantUserId: user.id,
      applicantName: user.name,
      applicantKind: identity.kind,
      applicantOrgType: orgTypeOf(identity.kind, identity.idNumber, body.organisationType),
      applicantIdType: identity.idType,
      applicantIdNumber: identity.idNumber,
      applicantPhone: body.phone ?? user.phone ?? null,
      body,
    });
  }

  /** A request received at the window, by post, fax or e-mail, registered by the agency's staff. */
  async register(user: CurrentUser, body: Registered): Promise<DisclosureRequestView> {
    const agency = this.staffAgency(user);
    const now = this.clock.now();
    const today = chinaDateString(now);
    const { applicant } = body;
    if (
      applicant.kind === 'person'
        ? !parseResidentIdNumber(applicant.idNumber, now)
        : !isValidUscc(applicant.idNumber)
    )
      throw AppError.validation(
        'applicant.idNumber',
        applicant.kind === 'person'
          ? '居民身份证号码无效 (invalid resident identity card number)'
          : '统一社会信用代码无效 (invalid unified social credit code: check digit)',
      );
    if (applicant.kind === 'person' && applicant.organisationType !== undefined)
      throw AppError.validation(
        'applicant.organisationType',
        'only a 法人或其他组织 has an organisation type',
      );
    if (body.channel === 'window' && body.receivedOn !== undefined && body.receivedOn !== today)
      throw AppError.validation(
        'receivedOn',
        'a request handed in at the window is received today (art. 31 (一))',
      );
    if (body.channel === 'post' && body.receivedOn === undefined)
      throw AppError.validation(
        'receivedOn',
        'a posted request is received the day it was signed for (art. 31 (二))',
      );
    if (body.receivedOn !== undefined && body.receivedOn > today)
      throw AppError.validation('receivedOn', 'the day of receipt cannot be in the future');
    checkDelivery(body);
    return this.create(user, true, agency, {
      channel: body.channel,
      receivedOn: receiptDay(this.calendar, body.channel, now, body.receivedOn),
      applicantUserId: null,
      applicantName: applicant.name,
      applicantKind: applicant.kind,
      applicantOrgType: orgTypeOf(applicant.kind, applicant.idNumber, applicant.organisationType),
      applicantIdType: applicant.kind === 'person' ? 'ID_CARD' : 'USCC',
      applicantIdNumber: applicant.idNumber,
      applicantPhone: applicant.phone ?? null,
      body,
    });
  }

  private async create(
    user: CurrentUser,
    staff: boolean,
    agency: Agency,
    r: {
      channel: RequestChannel;
      receivedOn: string;
      applicantUserId: string | null;
      applicantName: string;
      applicantKind: string;
      applicantOrgType: ApplicantOrgType | null;
      applicantIdType: string;
      applicantIdNumber: string;
      applicantPhone: string | null;
      body: Filed | Registered;
    },
  ): Promise<DisclosureRequestView> {
    const id = randomUUID();
    const now = this.clock.now();
    await this.store.messaging.transaction(async (tx) => {
      const year = Number(chinaDateString(now).slice(0, 4));
      const serial = await nextIndexSerial(tx, agency.agencyCode, year, REQUEST_SERIAL_CATEGORY);
      await insertRequest(tx, {
        id,
        requestNo: formatRequestNo(agency.agencyCode, year, serial),
        departmentCode: agency.departmentCode,
        agencyCode: agency.agencyCode,
        regionCode: agency.agencyCode.slice(0, 6),
        channel: r.channel,
        applicantKind: r.applicantKind,
        applicantOrgType: r.applicantOrgType,
        applicantUserId: r.applicantUserId,
        applicantName: r.applicantName,
        applicantIdType: r.applicantIdType,
        applicantIdNumber: r.applicantIdNumber,
        applicantPhone: r.applicantPhone,
        description: r.body.description,
        purpose: r.body.purpose ?? null,
        deliveryForm: r.body.deliveryForm,
        deliveryWay: r.body.deliveryWay,
        postalAddress: r.body.postalAddress ?? null,
        status: 'processing',
        submittedAt: now,
        receivedOn: r.receivedOn,
        dueAt: answerDeadline(this.calendar, r.receivedOn, ANSWER_LIMIT_WORKING_DAYS, [], now),
        createdBy: user.id,
      });
      const row = await this.mustFind(tx, id);
      await this.store.messaging.stage(
        tx,
        DisclosureRequestReceived,
        this.eventBase(row, now, actorOf(user, staff)),
      );
    });
    return this.get(user, id);
  }

  private async mustFind(tx: DisclosureTx, id: string): Promise<RequestRow> {
    const row = await findRequest(tx, id);
    if (!row) throw requestNotFound(id);
    return row;
  }

  // ——— 补正 (art. 30) ———

  /** The one-time 补正 notice, within 7 working days of receipt; the clock stops until the corrected request arrives. */
  async requestCorrection(user: CurrentUser, id: string, body: Correction): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.correctionRequestedAt !== null)
        throw new AppError(
          RequestErrorCode.CorrectionAlreadySent,
          'a request is sent one 补正 notice only (一次性告知, art. 30)',
          409,
        );
      if (row.status !== 'processing') throw requestStatusConflict(id, row.status, 'a 补正 notice');
      const now = this.clock.now();
      const latest = correctionNoticeDeadline(this.calendar, row.receivedOn);
      if (now.getTime() > latest.getTime())
        throw new AppError(
          RequestErrorCode.CorrectionTooLate,
          `a 补正 notice goes out within 7 working days of receipt (by ${latest.toISOString()}, art. 30)`,
          409,
          { latest: latest.toISOString() },
        );
      const dueAt = this.calendar.addWorkingDays(now, body.replyWithinWorkingDays);
      await updateRequest(tx, id, {
        status: 'awaiting-correction',
        correctionItems: body.items,
        correctionRequestedAt: now,
        correctionDueAt: dueAt,
      });
      await insertPause(tx, { id: randomUUID(), requestId: id, kind: 'correction', startedAt: now, dueAt });
      await this.writeNotice(tx, row, 'correction', now, {
        title: '政府信息公开申请补正告知书',
        paragraphs: [
          `本机关于${chineseDay(row.receivedOn)}收到您提出的政府信息公开申请（申请编号：${row.requestNo}）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条，请您对下列事项作出补正：`,
        ],
        items: [
          ...body.items,
          `请于${chineseDateOf(dueAt)}前提交补正后的申请。答复期限自本机关收到补正的申请之日起计算；无正当理由逾期不补正的，视为您放弃申请，本机关不再处理该政府信息公开申请。`,
        ],
      });
      const after = await this.mustFind(tx, id);
      const pause = after.pauses.find((p) => p.kind === 'correction' && p.endedAt === null);
      await this.store.messaging.stage(tx, DisclosureRequestCorrectionRequested, {
        ...this.eventBase(after, now, actorOf(user, true)),
        pause: { kind: 'correction', startedAt: (pause?.startedAt ?? now).toISOString(), endedAt: null },
        correctionDueBy: dueAt.toISOString(),
      });
    });
    return this.get(user, id);
  }

  /**
   * The corrected request arrives (online from the applicant, or registered by staff when it came on paper): the
   * answer clock restarts from its receipt day (art. 30, art. 31 rules as for a new request).
   */
  async corrected(user: CurrentUser, id: string, body: Corrected): Promise<DisclosureRequestView> {
    const staff = isStaff(user);
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.visible(user, id, tx);
      if (row.status !== 'awaiting-correction')
        throw requestStatusConflict(id, row.status, 'a corrected request');
      const now = this.clock.now();
      if (row.correctionDueAt !== null && now.getTime() > row.correctionDueAt.getTime())
        throw requestStatusConflict(id, 'past its 补正 deadline (deemed withdrawn)', 'a corrected request');
      const receivedOn = receiptDay(this.calendar, staff ? 'window' : 'online', now);
      const pause = row.pauses.find((p) => p.kind === 'correction' && p.endedAt === null);
      if (pause) await closePause(tx, pause.id, { endedAt: now, outcome: 'corrected' });
      await updateRequest(tx, id, {
        status: 'processing',
        description: body.description,
        purpose: body.purpose ?? row.purpose,
        correctedAt: now,
        receivedOn,
        dueAt: answerDeadline(this.calendar, receivedOn, this.limitOf(row), [], now),
      });
      const after = await this.mustFind(tx, id);
      await this.store.messaging.stage(tx, DisclosureRequestCorrected, {
        ...this.eventBase(after, now, actorOf(user, staff)),
        pause: {
          kind: 'correction',
          startedAt: (pause?.startedAt ?? row.correctionRequestedAt ?? now).toISOString(),
          endedAt: now.toISOString(),
        },
      });
    });
    return this.get(user, id);
  }

  /**
   * The applicant withdraws their own request (撤回) before the answer: a request being processed, waiting for its
   * 补正 or in a third-party consultation. An open pause ends with it; the answer clock stops (supervision reads the
   * `withdrawn` event, reason `applicant`); the annual report counts it under （六）3 其他. Staff cannot withdraw a
   * request for the applicant (the route is the applicant's); an answered or already withdrawn one: 409.
   */
  async withdrawByApplicant(user: CurrentUser, id: string): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.visible(user, id, tx);
      if (isStaff(user)) throw requestNotFound(id);
      await this.closeWithdrawn(tx, row, actorOf(user, false), { withdrawalVia: 'online' });
    });
    return this.get(user, id);
  }

  /**
   * Staff register a withdrawal the applicant sent on paper (书面撤回申请): the day it was received (not before the
   * request was submitted, not in the future) and an optional note; the same end state as the online withdrawal
   * (reason `applicant`, the open pause ended, `withdrawn` staged). The scanned letter may follow
   * ({@link attachWithdrawalScan}).
   */
  async withdrawOnPaper(
    user: CurrentUser,
    id: string,
    body: PaperWithdrawal,
  ): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      const now = this.clock.now();
      if (body.receivedOn < chinaDateString(row.submittedAt))
        throw AppError.validation(
          'receivedOn',
          'the withdrawal cannot be received before the request was submitted',
        );
      if (body.receivedOn > chinaDateString(now))
        throw AppError.validation('receivedOn', 'the day of receipt cannot be in the future');
      await this.closeWithdrawn(tx, row, actorOf(user, true), {
        withdrawalVia: 'paper',
        withdrawalReceivedOn: body.receivedOn,
        withdrawalNote: body.note ?? null,
        withdrawalRecordedBy: user.id,
      });
    });
    return this.get(user, id);
  }

  private async closeWithdrawn(
    tx: DisclosureTx,
    row: RequestRow,
    actor: Actor,
    how: {
      withdrawalVia: 'online' | 'paper';
      withdrawalReceivedOn?: string;
      withdrawalNote?: string | null;
      withdrawalRecordedBy?: string;
    },
  ): Promise<void> {
    if (!WITHDRAWABLE.has(row.status)) throw requestStatusConflict(row.id, row.status, 'a withdrawal');
    const now = this.clock.now();
    for (const pause of row.pauses.filter((p) => p.endedAt === null))
      await closePause(tx, pause.id, { endedAt: now, outcome: 'withdrawn' });
    await updateRequest(tx, row.id, {
      status: 'withdrawn',
      withdrawnAt: now,
      withdrawReason: 'applicant',
      ...how,
    });
    const after = await this.mustFind(tx, row.id);
    await this.store.messaging.stage(tx, DisclosureRequestWithdrawn, {
      ...this.eventBase(after, now, actor),
      reason: 'applicant',
    });
  }

  /**
   * The scan of the applicant's withdrawal letter (multipart field "file": PDF/JPEG/PNG decided by the bytes,
   * ≤ 10 MiB, as the items' attachments), for a request withdrawn on paper; a new scan replaces the old one.
   */
  async attachWithdrawalScan(
    user: CurrentUser,
    id: string,
    req: FastifyRequest,
  ): Promise<DisclosureRequestView> {
    const storage = this.storage();
    const stored = await receiveMaterial(storage, req, `disclosure/requests/${id}/withdrawal`, async () => {
      this.staffAgency(user);
      const row = await findRequest(this.store.prisma, id);
      if (!row || !this.mayAccess(user, row)) throw requestNotFound(id);
      if (row.withdrawalVia !== 'paper') throw requestStatusConflict(id, row.status, 'a withdrawal scan');
    });
    let previous: string | null = null;
    await keepWithRow(storage, stored, () =>
      this.store.messaging.transaction(async (tx) => {
        const row = await lockRequest(tx, id);
        if (!row || row.withdrawalVia !== 'paper')
          throw requestStatusConflict(id, row?.status ?? 'gone', 'a withdrawal scan');
        previous = row.withdrawalScanKey;
        await updateRequest(tx, id, {
          withdrawalScanKey: stored.key,
          withdrawalScanName: stored.originalName,
          withdrawalScanType: stored.contentType,
          withdrawalScanSha256: stored.sha256,
          withdrawalScanSize: stored.size,
        });
      }),
    );
    if (previous !== null && previous !== stored.key)
      await storage.remove(storage.buckets.materials, previous).catch(() => undefined);
    return this.get(user, id);
  }

  /** The scanned withdrawal letter (staff of the agency or the applicant), integrity-checked. */
  async withdrawalScan(
    user: CurrentUser,
    id: string,
  ): Promise<{ name: string; contentType: string; body: Buffer }> {
    const row = await this.visible(user, id);
    if (row.withdrawalScanKey === null || row.withdrawalScanSha256 === null)
      throw new AppError(
        RequestErrorCode.WithdrawalScanNotFound,
        `request ${id} has no withdrawal scan`,
        404,
        {
          id,
        },
      );
    const storage = this.storage();
    const body = await storage.readBuffer(
      storage.buckets.materials,
      row.withdrawalScanKey,
      row.withdrawalScanSha256,
    );
    return {
      name: row.withdrawalScanName ?? 'withdrawal.pdf',
      contentType: row.withdrawalScanType ?? 'application/octet-stream',
      body,
    };
  }

  /**
   * The deemed-withdrawal sweep (art. 30: 无正当理由逾期不补正的，视为放弃申请): every request whose 补正 deadline
   * passed unanswered is closed, one transaction each. Returns how many were closed.
   */
  async sweepExpiredCorrections(batch = 100): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const { id } of await expiredCorrections(this.store.prisma, now, batch)) {
      const done = await this.store.messaging.transaction(async (tx) => {
        const row = await lockRequest(tx, id);
        if (!row || row.status !== 'awaiting-correction' || !row.correctionDueAt) return false;
        if (row.correctionDueAt.getTime() >= now.getTime()) return false;
        const pause = row.pauses.find((p) => p.kind === 'correction' && p.endedAt === null);
        if (pause) await closePause(tx, pause.id, { endedAt: now, outcome: 'deemed-withdrawn' });
        await updateRequest(tx, id, { status: 'withdrawn', withdrawnAt: now, withdrawReason: 'deemed' });
        const after = await this.mustFind(tx, id);
        await this.store.messaging.stage(tx, DisclosureRequestWithdrawn, {
          ...this.eventBase(after, now, SYSTEM_ACTOR),
          reason: 'deemed',
        });
        return true;
      });
      if (done) closed += 1;
    }
    return closed;
  }

  /**
   * Fills the organisation type of business requests stored before it was asked for (migration
   * `applicant_org_type`): read from the USCC, which is encrypted at rest and so cannot be read by the SQL migration.
   * Idempotent (only rows still without one); returns how many were filled.
   */
  async fillOrgTypes(): Promise<number> {
    const rows = await businessRequestsWithoutOrgType(this.store.prisma);
    for (const r of rows) await setOrgType(this.store.prisma, r.id, orgTypeOfUscc(r.applicantIdNumber));
    return rows.length;
  }

  // ——— third-party consultation (art. 32, 33 ¶3) ———

  async startConsultation(user: CurrentUser, id: string, body: Consultation): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'processing') throw requestStatusConflict(id, row.status, 'a consultation');
      const now = this.clock.now();
      const dueAt = this.calendar.addWorkingDays(now, THIRD_PARTY_WORKING_DAYS);
      await insertPause(tx, {
        id: randomUUID(),
        requestId: id,
        kind: 'consultation',
        startedAt: now,
        dueAt,
        thirdParty: body.thirdParty,
        matter: body.matter,
      });
      await updateRequest(tx, id, { status: 'consulting' });
      const after = await this.mustFind(tx, id);
      await this.store.messaging.stage(tx, DisclosureRequestConsultationStarted, {
        ...this.eventBase(after, now, actorOf(user, true)),
        pause: { kind: 'consultation', startedAt: now.toISOString(), endedAt: null },
        thirdPartyDueBy: dueAt.toISOString(),
      });
    });
    return this.get(user, id);
  }

  async endConsultation(
    user: CurrentUser,
    id: string,
    body: ConsultationEnd,
  ): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'consulting') throw requestStatusConflict(id, row.status, 'ending a consultation');
      const pause = row.pauses.find((p) => p.kind === 'consultation' && p.endedAt === null);
      if (!pause) throw requestStatusConflict(id, row.status, 'ending a consultation');
      const now = this.clock.now();
      await closePause(tx, pause.id, { endedAt: now, outcome: body.outcome, note: body.note ?? null });
      const closedRow = await this.mustFind(tx, id);
      await updateRequest(tx, id, { status: 'processing', dueAt: this.dueOf(closedRow, now) });
      const after = await this.mustFind(tx, id);
      await this.store.messaging.stage(tx, DisclosureRequestConsultationEnded, {
        ...this.eventBase(after, now, actorOf(user, true)),
        pause: { kind: 'consultation', startedAt: pause.startedAt.toISOString(), endedAt: now.toISOString() },
        thirdPartyDueBy: pause.dueAt.toISOString(),
      });
    });
    return this.get(user, id);
  }

  // ——— extension (art. 33 ¶2) ———

  /** An officer proposes the one extension (≤ 20 working days) before the deadline; a 负责人 decides. */
  async proposeExtension(user: CurrentUser, id: string, body: Extension): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'processing' && row.status !== 'consulting')
        throw requestStatusConflict(id, row.status, 'an extension');
      if (row.extensionStatus === 'pending' || row.extensionStatus === 'approved')
        throw new AppError(
          RequestErrorCode.ExtensionAlreadyUsed,
          'the answer period is extended once only (art. 33 ¶2)',
          409,
        );
      const now = this.clock.now();
      const due = this.dueOf(row, now);
      if (now.getTime() > due.getTime())
        throw new AppError(
          RequestErrorCode.ExtensionTooLate,
          `the answer period ended ${due.toISOString()}; it can no longer be extended`,
          409,
        );
      await updateRequest(tx, id, {
        extensionStatus: 'pending',
        extensionDays: body.days,
        extensionReason: body.reason,
        extensionRequestedBy: user.id,
        extensionDecidedBy: null,
        extensionDecidedAt: null,
      });
    });
    return this.get(user, id);
  }

  /**
   * The 负责人 (a head of the agency other than the proposer, like 保密审查) approves or rejects the extension. An
   * approval moves the deadline, notifies the applicant (延期答复告知书) and stages `extended`.
   */
  async decideExtension(
    user: CurrentUser,
    id: string,
    body: ExtensionDecision,
  ): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.extensionStatus !== 'pending' || !OPEN.has(row.status))
        throw requestStatusConflict(id, row.extensionStatus ?? row.status, 'an extension decision');
      if (user.departmentRole !== 'head')
        throw new AppError(
          RequestErrorCode.NotHead,
          'only the head (负责人) of the agency approves an extension (art. 33 ¶2)',
          403,
        );
      if (row.extensionRequestedBy === user.id)
        throw new AppError(
          RequestErrorCode.OwnExtension,
          'the extension is approved by a second person: its proposer cannot approve it',
          403,
        );
      const now = this.clock.now();
      if (body.decision === 'reject') {
        await updateRequest(tx, id, {
          extensionStatus: 'rejected',
          extensionDecidedBy: user.id,
          extensionDecidedAt: now,
        });
        return;
      }
      await updateRequest(tx, id, {
        extensionStatus: 'approved',
        extensionDecidedBy: user.id,
        extensionDecidedAt: now,
      });
      const approved = await this.mustFind(tx, id);
      const due = this.dueOf(approved, now);
      await updateRequest(tx, id, { dueAt: due });
      await this.writeNotice(tx, row, 'extension', now, {
        title: '政府信息公开申请延期答复告知书',
        paragraphs: [
          `本机关于${chineseDay(row.receivedOn)}收到您提出的政府信息公开申请（申请编号：${row.requestNo}）。因${row.extensionReason ?? ''}，不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长${row.extensionDays ?? 0}个工作日，本机关将于${chineseDateOf(due)}前作出答复。`,
        ],
        items: [],
      });
      await this.store.messaging.stage(tx, DisclosureRequestExtended, {
        ...this.eventBase(approved, now, actorOf(user, true)),
        extensionDays: approved.extensionDays ?? 0,
      });
    });
    return this.get(user, id);
  }

  // ——— answer (art. 36, 37, 39) ———

  async answer(user: CurrentUser, id: string, body: AnswerInput): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'processing') throw requestStatusConflict(id, row.status, 'an answer');
      await this.checkReferences(tx, row, body);
      const now = this.clock.now();
      const due = this.dueOf(row, now);
      const { fee, method } = await this.feeOf(tx, row, body);
      const { type, ...fields } = body;
      if (fee > 0 && method !== 'none') {
        await this.notifyFee(tx, user, row, body, fee, method, now);
        return;
      }
      await updateRequest(tx, id, {
        status: 'answered',
        answerType: type,
        answer: JSON.parse(JSON.stringify(fields)) as object,
        answeredAt: now,
        answeredBy: user.id,
        feeYuan: fee,
        feeMethod: method,
        dueAt: due,
      });
      await this.writeAnswerNotice(tx, row, body, '本次申请不收取信息处理费。', now);
      const after = await this.mustFind(tx, id);
      await this.store.messaging.stage(tx, DisclosureRequestAnswered, {
        ...this.eventBase(after, now, actorOf(user, true)),
        dueBy: due.toISOString(),
        answerType: type,
        answeredAt: now.toISOString(),
        overdue: now.getTime() > due.getTime(),
        feeYuan: fee,
      });
    });
    return this.get(user, id);
  }

  private async writeAnswerNotice(
    tx: DisclosureTx,
    row: RequestRow,
    body: AnswerInput,
    feeText: string,
    now: Date,
  ): Promise<void> {
    await this.writeNotice(tx, row, 'answer', now, {
      title: '政府信息公开申请答复书',
      paragraphs: [
        `本机关于${chineseDay(row.receivedOn)}收到您提出的政府信息公开申请（申请编号：${row.requestNo}），申请内容：${row.description}。现答复如下：`,
        ...answerParagraphs(body, feeText),
        ...(body.note ? [body.note] : []),
        remediesParagraph(departmentName(row.departmentCode)),
      ],
      items: [],
    });
  }

  // ——— 信息处理费: 收费通知, payment, unpaid closure (国办函〔2020〕109号) ———

  /**
   * An answer that carries a 信息处理费 is not given at once: the applicant is sent a 收费通知 (the amount, how it was
   * computed, how and by when to pay: 20 working days from the day after the notice), the answer period pauses (a
   * `fee` pause, like a consultation) and the prepared answer is kept. Payment completes the answer; no payment in
   * time closes the request as deemed withdrawn (视为放弃申请).
   */
  private async notifyFee(
    tx: DisclosureTx,
    user: CurrentUser,
    row: RequestRow,
    body: AnswerInput,
    fee: number,
    method: 'per-request' | 'per-page',
    now: Date,
  ): Promise<void> {
    const { type, ...fields } = body;
    const dueAt = this.calendar.addWorkingDays(now, FEE_PAYMENT_WORKING_DAYS);
    await insertPause(tx, { id: randomUUID(), requestId: row.id, kind: 'fee', startedAt: now, dueAt });
    await updateRequest(tx, row.id, {
      status: 'awaiting-payment',
      answerType: type,
      answer: JSON.parse(JSON.stringify(fields)) as object,
      answeredBy: user.id,
      feeYuan: fee,
      feeMethod: method,
      feeNotifiedAt: now,
      feeDueAt: dueAt,
    });
    const how =
      method === 'per-request'
        ? '按件计收（《政府信息公开信息处理费管理办法》第四条：同一申请人一个自然月内累计申请10件以下不收费）'
        : '按量计收（《政府信息公开信息处理费管理办法》第五条：30页以下不收费）';
    await this.writeNotice(tx, row, 'fee', now, {
      title: '政府信息公开信息处理费收费通知',
      paragraphs: [
        `本机关于${chineseDay(row.receivedOn)}收到您提出的政府信息公开申请（申请编号：${row.requestNo}）。根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本次申请需缴纳信息处理费${fee}元，${how}。`,
        `请于${chineseDateOf(dueAt)}前缴纳（可在一网通办“我的政府信息公开申请”中网上缴费，或到本机关政府信息公开工作机构缴纳）。本机关收到费用后向您提供政府信息。自本通知发出之日至您完成缴费之日的期间，不计算在答复期限内。`,
        '无正当理由逾期未缴纳的，视为您放弃申请，本机关不再处理该政府信息公开申请。',
      ],
      items: [],
    });
    const after = await this.mustFind(tx, row.id);
    await this.store.messaging.stage(tx, DisclosureRequestFeeNotified, {
      ...this.eventBase(after, now, actorOf(user, true)),
      pause: { kind: 'fee', startedAt: now.toISOString(), endedAt: null },
      feeYuan: fee,
      paymentDueBy: dueAt.toISOString(),
    });
  }

  /** The applicant pays the 信息处理费 online (网上缴费); the answer follows at once. */
  async payFee(user: CurrentUser, id: string): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.visible(user, id, tx);
      if (isStaff(user)) throw requestNotFound(id);
      const now = this.clock.now();
      const receiptNo = `WS${chinaDateString(now).replaceAll('-', '')}${randomUUID().slice(0, 8).toUpperCase()}`;
      await this.completePayment(
        tx,
        row,
        now,
        { via: 'online', paidOn: chinaDateString(now), receiptNo },
        actorOf(user, false),
        user.id,
      );
    });
    return this.get(user, id);
  }

  /** The officer records a payment made at the counter, by transfer or on the 非税收入 platform. */
  async recordFeePayment(user: CurrentUser, id: string, body: FeePayment): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      const now = this.clock.now();
      if (row.status === 'awaiting-payment' && row.feeNotifiedAt !== null) {
        if (body.paidOn < chinaDateString(row.feeNotifiedAt))
          throw AppError.validation('paidOn', 'the payment cannot precede the 收费通知');
        if (body.paidOn > chinaDateString(now))
          throw AppError.validation('paidOn', 'the day of payment cannot be in the future');
        if (row.feeDueAt !== null && body.paidOn > chinaDateString(row.feeDueAt))
          throw feePeriodOver(id, row.feeDueAt);
      }
      await this.completePayment(
        tx,
        row,
        now,
        { via: 'recorded', paidOn: body.paidOn, receiptNo: body.receiptNo },
        actorOf(user, true),
        user.id,
      );
    });
    return this.get(user, id);
  }

  /** Payment received: the fee pause ends, the prepared answer is given (答复书), `fee-paid` and `answered` staged. */
  private async completePayment(
    tx: DisclosureTx,
    row: RequestRow,
    now: Date,
    paid: { via: 'online' | 'recorded'; paidOn: string; receiptNo: string },
    actor: Actor,
    userId: string,
  ): Promise<void> {
    if (row.status !== 'awaiting-payment' || row.answerType === null || row.feeDueAt === null)
      throw requestStatusConflict(row.id, row.status, 'a payment of the 信息处理费');
    if (paid.via === 'online' && now.getTime() > row.feeDueAt.getTime())
      throw feePeriodOver(row.id, row.feeDueAt);
    const pause = row.pauses.find((p) => p.kind === 'fee' && p.endedAt === null);
    if (pause) await closePause(tx, pause.id, { endedAt: now, outcome: 'paid' });
    await updateRequest(tx, row.id, {
      feePaidAt: now,
      feePaidOn: paid.paidOn,
      feePaidVia: paid.via,
      feeReceiptNo: paid.receiptNo,
      feePaidRecordedBy: userId,
    });
    const resumed = await this.mustFind(tx, row.id);
    const due = this.dueOf(resumed, now);
    await updateRequest(tx, row.id, { status: 'answered', answeredAt: now, dueAt: due });
    const body = { type: row.answerType, ...((row.answer ?? {}) as object) } as AnswerInput;
    const fee = row.feeYuan ?? 0;
    await this.writeAnswerNotice(
      tx,
      row,
      body,
      `根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本次申请的信息处理费${fee}元，您已于${chineseDay(paid.paidOn)}缴纳（凭证号${paid.receiptNo}）。`,
      now,
    );
    const after = await this.mustFind(tx, row.id);
    const base = this.eventBase(after, now, actor);
    await this.store.messaging.stage(tx, DisclosureRequestFeePaid, {
      ...base,
      pause: {
        kind: 'fee',
        startedAt: (pause?.startedAt ?? row.feeNotifiedAt ?? now).toISOString(),
        endedAt: now.toISOString(),
      },
      feeYuan: fee,
      paymentDueBy: row.feeDueAt.toISOString(),
    });
    await this.store.messaging.stage(tx, DisclosureRequestAnswered, {
      ...base,
      dueBy: due.toISOString(),
      answerType: row.answerType as AnswerType,
      answeredAt: now.toISOString(),
      overdue: now.getTime() > due.getTime(),
      feeYuan: fee,
    });
  }

  /**
   * The unpaid-fee sweep (国办函〔2020〕109号: 逾期未缴纳的，视为放弃申请): every request whose 收费通知 deadline passed
   * unpaid is closed (withdrawn, reason `fee-unpaid`; the annual report's row （六）2), one transaction each.
   */
  async sweepUnpaidFees(batch = 100): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const { id } of await expiredFeeNotices(this.store.prisma, now, batch)) {
      const done = await this.store.messaging.transaction(async (tx) => {
        const row = await lockRequest(tx, id);
        if (!row || row.status !== 'awaiting-payment' || !row.feeDueAt) return false;
        if (row.feeDueAt.getTime() >= now.getTime()) return false;
        const pause = row.pauses.find((p) => p.kind === 'fee' && p.endedAt === null);
        if (pause) await closePause(tx, pause.id, { endedAt: now, outcome: 'unpaid' });
        await updateRequest(tx, id, { status: 'withdrawn', withdrawnAt: now, withdrawReason: 'fee-unpaid' });
        const after = await this.mustFind(tx, id);
        await this.store.messaging.stage(tx, DisclosureRequestWithdrawn, {
          ...this.eventBase(after, now, SYSTEM_ACTOR),
          reason: 'fee-unpaid',
        });
        return true;
      });
      if (done) closed += 1;
    }
    return closed;
  }

  /** 已主动公开 may name a published item; 重复申请 names an answered request of the same applicant at this agency. */
  private async checkReferences(tx: DisclosureTx, row: RequestRow, body: AnswerInput): Promise<void> {
    if (body.type === 'already-public' && body.itemId !== undefined) {
      const item = await findItem(tx, body.itemId);
      if (item?.status !== 'published')
        throw new AppError(RequestErrorCode.BadReference, 'itemId must name a published 主动公开 item', 400, {
          field: 'itemId',
        });
    }
    if (body.type === 'repeated') {
      const prev = await findRequestByNo(tx, body.previousRequestNo);
      const same =
        prev !== undefined &&
        prev.id !== row.id &&
        prev.departmentCode === row.departmentCode &&
        prev.status === 'answered' &&
        prev.applicantIdNumber === row.applicantIdNumber;
      if (!same)
        throw new AppError(
          RequestErrorCode.BadReference,
          'previousRequestNo must name an answered request of the same applicant at this agency',
          400,
          { field: 'previousRequestNo' },
        );
    }
  }

  /** 信息处理费 (国办函〔2020〕109号): only when information is provided (予以公开 / 部分公开), by the chosen method. */
  private async feeOf(
    tx: DisclosureTx,
    row: RequestRow,
    body: AnswerInput,
  ): Promise<{ fee: number; method: 'none' | 'per-request' | 'per-page' }> {
    if (body.type !== 'granted' && body.type !== 'partial') return { fee: 0, method: 'none' };
    const choice = body.fee;
    if (choice.method === 'none') return { fee: 0, method: 'none' };
    if (choice.method === 'per-page') return { fee: perPageFee(choice.pages, this.fees), method: 'per-page' };
    const month = await monthRequestsOf(
      tx,
      row.departmentCode,
      row.applicantIdNumber,
      row.receivedOn.slice(0, 7),
    );
    const ordinal = month.findIndex((r) => r.id === row.id) + 1;
    return { fee: perRequestFee(Math.max(ordinal, 1), this.fees), method: 'per-request' };
  }

  // ——— delivery (寄送/领取) ———

  /**
   * Records how an answer given on paper reached the applicant: posted (寄送: carrier and tracking number) when they
   * asked for it by post, collected (领取: who, which day) when they come for it. The request must be answered; the
   * kind must match the way the applicant chose (409 `DISCLOSURE_DELIVERY_WAY_MISMATCH`; an online answer needs
   * none); the day is neither before the answer day nor in the future (400 naming `deliveredOn`). Recording again
   * replaces the record (every write is audited).
   */
  async recordDelivery(user: CurrentUser, id: string, body: Delivery): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'answered' || row.answeredAt === null)
        throw requestStatusConflict(id, row.status, 'a delivery record');
      const wanted =
        row.deliveryWay === 'post' ? 'posted' : row.deliveryWay === 'collection' ? 'collected' : null;
      if (wanted !== body.kind)
        throw new AppError(
          RequestErrorCode.DeliveryWayMismatch,
          wanted === null
            ? 'the applicant gets this answer online: no delivery to record'
            : `the applicant chose ${row.deliveryWay}: record it as ${wanted}`,
          409,
          { field: 'kind', deliveryWay: row.deliveryWay },
        );
      const now = this.clock.now();
      if (body.deliveredOn < chinaDateString(row.answeredAt))
        throw AppError.validation('deliveredOn', 'the delivery day cannot be before the answer day');
      if (body.deliveredOn > chinaDateString(now))
        throw AppError.validation('deliveredOn', 'the delivery day cannot be in the future');
      await updateRequest(tx, id, {
        deliveryKind: body.kind,
        deliveredOn: body.deliveredOn,
        deliveryCarrier: body.kind === 'posted' ? body.carrier : null,
        deliveryTrackingNo: body.kind === 'posted' ? body.trackingNo : null,
        deliveryCollectedBy: body.kind === 'collected' ? body.collectedBy : null,
        deliveryRecordedBy: user.id,
        deliveryRecordedAt: now,
      });
    });
    return this.get(user, id);
  }

  // ——— remedies (行政复议 / 行政诉讼) ———

  async addRemedy(user: CurrentUser, id: string, body: Remedy): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      const row = await this.ofAgency(user, id, tx);
      if (row.status !== 'answered' && row.status !== 'withdrawn')
        throw requestStatusConflict(id, row.status, 'recording a remedy');
      checkRemedy(body);
      await insertRemedy(tx, {
        id: randomUUID(),
        requestId: id,
        kind: body.kind,
        filedOn: body.filedOn,
        outcome: body.outcome,
        decidedOn: body.decidedOn ?? null,
        note: body.note ?? null,
        recordedBy: user.id,
        recordedAt: this.clock.now(),
      });
    });
    return this.get(user, id);
  }

  async updateRemedy(
    user: CurrentUser,
    id: string,
    remedyId: string,
    body: Remedy,
  ): Promise<DisclosureRequestView> {
    await this.store.messaging.transaction(async (tx) => {
      await this.ofAgency(user, id, tx);
      checkRemedy(body);
      const ok = await updateRemedy(tx, id, remedyId, {
        kind: body.kind,
        filedOn: body.filedOn,
        outcome: body.outcome,
        decidedOn: body.decidedOn ?? null,
        note: body.note ?? null,
      });
      if (!ok)
        throw new AppError(RequestErrorCode.RemedyNotFound, `remedy ${remedyId} not found`, 404, {
          id: remedyId,
        });
    });
    return this.get(user, id);
  }

  // ——— notices ———

  private async writeNotice(
    tx: DisclosureTx,
    row: RequestRow,
    kind: 'correction' | 'extension' | 'fee' | 'answer',
    now: Date,
    text: { title: string; paragraphs: string[]; items: string[] },
  ): Promise<void> {
    const suffix = { correction: 'BZ', extension: 'YQ', fee: 'SF', answer: 'DF' }[kind];
    const number = `${row.requestNo}-${suffix}`;
    const content: RequestNoticeContent = {
      ...text,
      number,
      addressee: `${row.applicantName}：`,
      issuer: departmentName(row.departmentCode),
      issuedAt: now.toISOString(),
      footer: `申请编号 ${row.requestNo}。本文书由一网通办政务公开系统生成，可凭申请编号查询办理进度。`,
    };
    await insertNotice(tx, { id: randomUUID(), requestId: row.id, kind, number, content, issuedAt: now });
  }

  /** A notice's PDF (补正告知书, 延期答复告知书, 收费通知, 答复书), for the applicant or the agency's staff. */
  async noticePdf(user: CurrentUser, id: string, noticeId: string): Promise<{ name: string; body: Buffer }> {
    const row = await this.visible(user, id);
    const n = await findNotice(this.store.prisma, id, noticeId);
    if (!n) throw requestNotFound(id);
    const body = await this.files.read(
      {
        id: n.id,
        requestNo: row.requestNo,
        kind: n.kind,
        content: n.content,
        bucket: n.bucket,
        key: n.key,
        sha256: n.sha256,
      },
      (file) => recordNoticeFile(this.store.prisma, n.id, file),
    );
    return { name: `${n.number.replaceAll('/', '_')}.pdf`, body };
  }

  // ——— reads ———

  async get(user: CurrentUser, id: string): Promise<DisclosureRequestView> {
    return this.view(user, await this.visible(user, id));
  }

  async list(user: CurrentUser, q: ListQuery): Promise<DisclosureRequestPage> {
    const own = identityOf(user);
    const owner = isStaff(user)
      ? { departmentCode: this.staffAgency(user).departmentCode }
      : { applicantUserId: user.id, identity: own && { idType: own.idType, idNumber: own.idNumber } };
    const { rows, total } = await listRequests(this.store.prisma, owner, q);
    return { items: rows.map((r) => this.view(user, r)), total, page: q.page, pageSize: q.pageSize };
  }

  private view(user: CurrentUser, r: RequestRow): DisclosureRequestView {
    const now = this.clock.now();
    // a running pause (consultation, 收费通知) moves the deadline while it lasts
    const due = r.status === 'consulting' || r.status === 'awaiting-payment' ? this.dueOf(r, now) : r.dueAt;
    const items = Array.isArray(r.correctionItems) ? (r.correctionItems as string[]) : [];
    return {
      id: r.id,
      requestNo: r.requestNo,
      departmentCode: r.departmentCode,
      departmentName: departmentName(r.departmentCode),
      channel: r.channel as RequestChannel,
      applicant: {
        kind: r.applicantKind as 'person' | 'business',
        name: r.applicantName,
        idType: r.applicantIdType as 'ID_CARD' | 'USCC',
        idNumber: maskIdNumber(r.applicantIdType, r.applicantIdNumber),
        organisationType:
          r.applicantKind === 'business'
            ? ((r.applicantOrgType ?? orgTypeOfUscc(r.applicantIdNumber)) as ApplicantOrgType)
            : null,
      },
      description: r.description,
      purpose: r.purpose,
      deliveryForm: r.deliveryForm as 'paper' | 'electronic',
      deliveryWay: r.deliveryWay as 'online' | 'post' | 'collection',
      status: r.status as RequestStatus,
      submittedAt: r.submittedAt.toISOString(),
      receivedOn: r.receivedOn,
      dueAt: due.toISOString(),
      overdue: OPEN.has(r.status) && r.status !== 'awaiting-correction' && now.getTime() > due.getTime(),
      correction:
        r.correctionRequestedAt && r.correctionDueAt
          ? {
              items,
              requestedAt: r.correctionRequestedAt.toISOString(),
              dueAt: r.correctionDueAt.toISOString(),
              correctedAt: r.correctedAt?.toISOString() ?? null,
            }
          : null,
      extension:
        r.extensionStatus !== null
          ? {
              status: r.extensionStatus as 'pending' | 'approved' | 'rejected',
              days: r.extensionDays ?? 0,
              reason: r.extensionReason ?? '',
              decidedAt: r.extensionDecidedAt?.toISOString() ?? null,
            }
          : null,
      pauses: r.pauses.map((p) => ({
        kind: p.kind as 'correction' | 'consultation' | 'fee',
        startedAt: p.startedAt.toISOString(),
        endedAt: p.endedAt?.toISOString() ?? null,
        dueAt: p.dueAt.toISOString(),
        thirdParty: p.thirdParty,
        matter: p.matter,
        outcome: p.outcome,
      })),
      feeNotice:
        r.feeNotifiedAt !== null && r.feeDueAt !== null && (r.feeYuan ?? 0) > 0
          ? {
              yuan: r.feeYuan ?? 0,
              method: r.feeMethod as 'per-request' | 'per-page',
              notifiedAt: r.feeNotifiedAt.toISOString(),
              dueAt: r.feeDueAt.toISOString(),
              paidAt: r.feePaidAt?.toISOString() ?? null,
              paidOn: r.feePaidOn,
              paidVia: r.feePaidVia as 'online' | 'recorded' | null,
              receiptNo: r.feeReceiptNo,
            }
          : null,
      withdrawal:
        r.withdrawReason === 'applicant'
          ? {
              via: (r.withdrawalVia ?? 'online') as 'online' | 'paper',
              receivedOn: r.withdrawalReceivedOn,
              note: r.withdrawalNote,
              scan:
                r.withdrawalScanName !== null && r.withdrawalScanSize !== null
                  ? { name: r.withdrawalScanName, size: r.withdrawalScanSize }
                  : null,
            }
          : null,
      answer:
        r.answerType !== null && r.answeredAt !== null
          ? {
              type: r.answerType as AnswerType,
              answeredAt: r.answeredAt.toISOString(),
              feeYuan: r.feeYuan ?? 0,
              feeMethod: (r.feeMethod ?? 'none') as 'none' | 'per-request' | 'per-page',
              fields: (r.answer ?? {}) as Record<string, unknown>,
            }
          : null,
      withdrawReason: r.withdrawReason as 'deemed' | 'applicant' | 'fee-unpaid' | null,
      delivery:
        r.deliveryKind !== null && r.deliveredOn !== null && r.deliveryRecordedAt !== null
          ? {
              kind: r.deliveryKind as 'posted' | 'collected',
              deliveredOn: r.deliveredOn,
              carrier: r.deliveryCarrier,
              trackingNo: r.deliveryTrackingNo,
              collectedBy: r.deliveryCollectedBy,
              recordedAt: r.deliveryRecordedAt.toISOString(),
            }
          : null,
      notices: r.notices.map((n) => ({
        id: n.id,
        kind: n.kind as 'correction' | 'extension' | 'fee' | 'answer',
        number: n.number,
        issuedAt: n.issuedAt.toISOString(),
      })),
      remedies: r.remedies.map((m) => ({
        id: m.id,
        kind: m.kind as 'review' | 'litigation',
        filedOn: m.filedOn,
        outcome: m.outcome as RemedyOutcome,
        decidedOn: m.decidedOn,
        note: m.note,
      })),
      mayDecideExtension:
        isStaff(user) &&
        r.extensionStatus === 'pending' &&
        user.departmentRole === 'head' &&
        r.extensionRequestedBy !== user.id,
    };
  }
}

/** A business applicant's kind: the one chosen, else read from its USCC; a person has none. */
function orgTypeOf(
  kind: string,
  idNumber: string,
  chosen: ApplicantOrgType | undefined,
): ApplicantOrgType | null {
  if (kind !== 'business') return null;
  return chosen ?? orgTypeOfUscc(idNumber);
}

function checkDelivery(body: { deliveryWay: string; postalAddress?: string | undefined }): void {
  if (body.deliveryWay === 'post' && body.postalAddress === undefined)
    throw AppError.validation('postalAddress', 'delivery by post needs a postal address');
}

function checkRemedy(body: Remedy): void {
  if (body.outcome === 'pending' && body.decidedOn !== undefined)
    throw AppError.validation('decidedOn', 'a pending (尚未审结) case has no decision date');
  if (body.outcome !== 'pending' && body.decidedOn === undefined)
    throw AppError.validation('decidedOn', 'a decided case needs its decision date');
  if (body.decidedOn !== undefined && body.decidedOn < body.filedOn)
    throw AppError.validation('decidedOn', 'the decision cannot precede the filing');
}

/** 2026-09-28 → 2026年9月28日. */
function chineseDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const chineseDateOf = (at: Date): string => chineseDay(chinaDateString(at));

const feePeriodOver = (id: string, dueAt: Date): AppError =>
  new AppError(
    RequestErrorCode.FeePeriodOver,
    `the payment period of the 收费通知 ended ${dueAt.toISOString()}: the request is deemed withdrawn`,
    409,
    { id, dueAt: dueAt.toISOString() },
  );
