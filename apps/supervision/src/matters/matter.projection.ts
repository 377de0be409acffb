import {
  DisclosureItemDrafted,
  DisclosureItemPublished,
  DisclosureItemReturned,
  DisclosureItemSubmitted,
  DisclosureItemWithdrawn,
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
  EnquiryAnswered,
  EnquiryExtended,
  EnquiryRated,
  EnquiryReceived,
  EnquiryReviewed,
  EnquiryRouted,
  type EnquiryType,
  type MatterKind,
  type MatterPause,
  type MatterStatus,
  type MatterSubKind,
} from '@hall/contracts';
import type { WorkingCalendar } from '@hall/calendar';
import { z } from 'zod';
import { readClock, type StoredPause } from '../clocks/clock.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';

/**
 * Answer limits of enquiries in working days, by type: the hall's documented defaults (apps/intake
 * `DEFAULT_LIMIT_DAYS`, common local 12345 practice). Only a fallback: the limit of a round is read from the due
 * date intake computed (`dueBy` of its events, with its configured `ENQUIRY_LIMIT_DAYS` and approved extensions),
 * and this table serves only an event whose due date is not after the round's start.
 */
export const ENQUIRY_LIMIT_DAYS: Readonly<Record<EnquiryType, number>> = {
  consultation: 5,
  help: 5,
  complaint: 10,
  suggestion: 15,
};

/** A stored event of a matter, as the projection reads it. */
export interface MatterEvent {
  eventId: string;
  type: string;
  occurredAt: Date;
  payload: unknown;
}

/** A supervised_matter row as projected (Json columns as plain values). */
export interface MatterRow {
  matterNo: string;
  kind: MatterKind;
  subKind: MatterSubKind;
  regionCode: string;
  departmentCode: string | null;
  status: MatterStatus;
  receivedAt: Date;
  startedAt: Date;
  limitDays: number;
  extensionDays: number;
  dueAt: Date;
  stoppedAt: Date | null;
  open: boolean;
  pausedSince: Date | null;
  pauses: MatterPause[];
  pausedDays: number;
  clockPauses: StoredPause[];
  usedDays: number;
  level: 'green' | 'yellow' | 'red';
  onTime: boolean | null;
  outcome: string | null;
  lastEventAt: Date;
}

export interface MatterContext {
  calendar: WorkingCalendar;
  now: Date;
  settings: SupervisionSettings;
}

/** The contracts whose events are matters' steps, by event type. */
const DISCLOSURE = [
  DisclosureRequestReceived,
  DisclosureRequestCorrectionRequested,
  DisclosureRequestCorrected,
  DisclosureRequestConsultationStarted,
  DisclosureRequestConsultationEnded,
  DisclosureRequestExtended,
  DisclosureRequestFeeNotified,
  DisclosureRequestFeePaid,
  DisclosureRequestAnswered,
  DisclosureRequestWithdrawn,
] as const;
const ENQUIRY = [
  EnquiryReceived,
  EnquiryRouted,
  EnquiryAnswered,
  EnquiryRated,
  EnquiryReviewed,
  EnquiryExtended,
] as const;

const ITEM = [
  DisclosureItemDrafted,
  DisclosureItemSubmitted,
  DisclosureItemReturned,
  DisclosureItemPublished,
  DisclosureItemWithdrawn,
] as const;

export const MATTER_EVENT_TYPES: ReadonlySet<string> = new Set(
  [...DISCLOSURE, ...ENQUIRY, ...ITEM].map((c) => c.type),
);

/** 主动公开 time limit: published within 20 working days of the information's formation (条例 art. 26). */
export const ITEM_PUBLICATION_LIMIT_DAYS = 20;

const DueBy = z.object({ dueBy: z.iso.datetime({ offset: true }) });

const NoOf = z.union([
  z.object({ requestNo: z.string().min(1) }).transform((p) => p.requestNo),
  z.object({ enquiryNo: z.string().min(1) }).transform((p) => p.enquiryNo),
  z.object({ indexNo: z.string().min(1) }).transform((p) => p.indexNo),
]);

/** What every 主动公开 item event carries that its clock needs (older events lack `regionCode`). */
const ItemHead = z.object({
  indexNo: z.string().min(1),
  departmentCode: z.string().min(1),
  regionCode: z.string().min(1).optional(),
  writtenOn: z.iso.date(),
  occurredAt: z.iso.datetime({ offset: true }),
});

/** The matter number (申请编号, 咨询投诉编号 or 索引号) an event belongs to, or null when it is not a matter's event. */
export function matterNoOf(type: string, payload: unknown): string | null {
  if (!MATTER_EVENT_TYPES.has(type)) return null;
  const parsed = NoOf.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

const byTime = (a: MatterEvent, b: MatterEvent): number => a.occurredAt.getTime() - b.occurredAt.getTime();

/** Working days an interval touches (its first and last China day inclusive), as the clocks exclude them. */
export function touchedWorkingDays(calendar: WorkingCalendar, start: Date, end: Date): number {
  const dayBefore = new Date(start.getTime() - 86_400_000);
  return calendar.excludedWorkingDays(dayBefore, end, [{ start, end }]);
}

function reading(
  ctx: MatterContext,
  start: Date,
  limitDays: number,
  stoppedAt: Date | null,
  pauses: StoredPause[],
): { dueAt: Date; usedDays: number; level: 'green' | 'yellow' | 'red' } {
  return readClock({ startedAt: start, limitDays, stoppedAt, pauses }, ctx.now, ctx.calendar, ctx.settings);
}

/**
 * A 依申请公开 request's clock (《政府信息公开条例》 2019): 20 working days from the day of receipt (art. 33 ¶1), plus
 * the one approved extension (art. 33 ¶2). A 补正 stops the clock and it restarts from the corrected receipt
 * (art. 30: the events carry the new `receivedAt`); a third-party consultation is not counted (art. 33 ¶3), nor the
 * time from a 收费通知 to the payment of the 信息处理费 (国办函〔2020〕109号).
 */
function projectRequest(no: string, history: MatterEvent[], ctx: MatterContext): MatterRow | null {
  let base = 0;
  let extension = 0;
  let status: MatterStatus = 'open';
  let stoppedAt: Date | null = null;
  let onTime: boolean | null = null;
  let outcome: string | null = null;
  type PauseKind = 'correction' | 'consultation' | 'fee';
  const pauses: { kind: PauseKind; startedAt: Date; endedAt: Date | null }[] = [];
  let start: Date | null = null;
  let first: Date | null = null;
  let head: z.infer<typeof DisclosureRequestReceived.payload> | null = null;
  const openPause = (kind: PauseKind, at: Date) => {
    if (!pauses.some((p) => p.kind === kind && p.endedAt === null))
      pauses.push({ kind, startedAt: at, endedAt: null });
  };
  const closePause = (kind: PauseKind, startedAt: Date, at: Date) => {
    const open = pauses.find((p) => p.kind === kind && p.endedAt === null);
    if (open !== undefined) open.endedAt = at;
    else pauses.push({ kind, startedAt, endedAt: at });
  };
  for (const e of [...history].sort(byTime)) {
    const contract = DISCLOSURE.find((c) => c.type === e.type);
    if (contract === undefined) continue;
    const p = DisclosureRequestReceived.payload.parse(e.payload);
    head = p;
    start = new Date(p.receivedAt);
    first ??= start;
    if (base === 0) base = p.limitWorkingDays;
    switch (contract) {
      case DisclosureRequestReceived:
        base = p.limitWorkingDays;
        break;
      case DisclosureRequestCorrectionRequested: {
        const x = DisclosureRequestCorrectionRequested.payload.parse(e.payload);
        openPause('correction', new Date(x.pause.startedAt));
        if (status === 'open') status = 'correction';
        break;
      }
      case DisclosureRequestCorrected: {
        const x = DisclosureRequestCorrected.payload.parse(e.payload);
        closePause('correction', new Date(x.pause.startedAt), new Date(x.pause.endedAt ?? x.occurredAt));
        if (status === 'correction') status = 'open';
        break;
      }
      case DisclosureRequestConsultationStarted: {
        const x = DisclosureRequestConsultationStarted.payload.parse(e.payload);
        openPause('consultation', new Date(x.pause.startedAt));
        if (status === 'open') status = 'consultation';
        break;
      }
      case DisclosureRequestConsultationEnded: {
        const x = DisclosureRequestConsultationEnded.payload.parse(e.payload);
        closePause('consultation', new Date(x.pause.startedAt), new Date(x.pause.endedAt ?? x.occurredAt));
        if (status === 'consultation') status = 'open';
        break;
      }
      case DisclosureRequestFeeNotified: {
        const x = DisclosureRequestFeeNotified.payload.parse(e.payload);
        openPause('fee', new Date(x.pause.startedAt));
        if (status === 'open') status = 'payment';
        break;
      }
      case DisclosureRequestFeePaid: {
        const x = DisclosureRequestFeePaid.payload.parse(e.payload);
        closePause('fee', new Date(x.pause.startedAt), new Date(x.pause.endedAt ?? x.occurredAt));
        if (status === 'payment') status = 'open';
        break;
      }
      case DisclosureRequestExtended:
        extension = DisclosureRequestExtended.payload.parse(e.payload).extensionDays;
        break;
      case DisclosureRequestAnswered: {
        const x = DisclosureRequestAnswered.payload.parse(e.payload);
        stoppedAt = new Date(x.answeredAt);
        status = 'answered';
        outcome = x.answerType;
        break;
      }
      case DisclosureRequestWithdrawn:
        stoppedAt = new Date(p.occurredAt);
        status = 'withdrawn';
        outcome = DisclosureRequestWithdrawn.payload.parse(e.payload).reason;
        break;
    }
  }
  if (head === null || start === null || first === null) return null;
  // An answer or a withdrawal ends the request, and with it every pause still open (a 收费通知 left unpaid, a
  // 补正 never made, a consultation cut short): a pause does not outlive the clock it stood still.
  if (stoppedAt !== null) for (const p of pauses) if (p.endedAt === null) p.endedAt = stoppedAt;
  // The running clock counts from the (last) receipt; the pauses before it are history, an open 补正 stands it still.
  const from = start;
  const clockPauses: StoredPause[] = pauses
    .filter((p) => p.endedAt === null || p.endedAt.getTime() >= from.getTime())
    .filter((p) => p.kind !== 'correction' || p.endedAt === null)
    .map((p) => ({ start: p.startedAt.toISOString(), end: p.endedAt?.toISOString() ?? null }));
  const limitDays = base + extension;
  const r = reading(ctx, from, limitDays, stoppedAt, clockPauses);
  if (status === 'answered') onTime = r.usedDays <= limitDays;
  const until = stoppedAt ?? ctx.now;
  const shown = pauses.map((p): MatterPause => ({
    kind: p.kind,
    startedAt: p.startedAt.toISOString(),
    endedAt: p.endedAt?.toISOString() ?? null,
    workingDays: touchedWorkingDays(ctx.calendar, p.startedAt, p.endedAt ?? until),
  }));
  const pausedNow = stoppedAt === null ? pauses.find((p) => p.endedAt === null) : undefined;
  return {
    matterNo: no,
    kind: 'disclosure-request',
    subKind: 'request',
    regionCode: head.regionCode,
    departmentCode: head.departmentCode,
    status,
    receivedAt: first,
    startedAt: from,
    limitDays,
    extensionDays: extension,
    dueAt: r.dueAt,
    stoppedAt,
    open: stoppedAt === null,
    pausedSince: pausedNow?.startedAt ?? null,
    pauses: shown,
    pausedDays: shown.reduce((n, p) => n + p.workingDays, 0),
    clockPauses,
    usedDays: r.usedDays,
    level: r.level,
    onTime,
    outcome,
    lastEventAt: new Date(Math.max(...history.map((e) => e.occurredAt.getTime()))),
  };
}

/**
 * An enquiry's clock: intake's limit for the type in working days from the day it was sent (read from the due date
 * its events carry, so a configured `ENQUIRY_LIMIT_DAYS` holds); the answer stops it; the one
 * follow-up question (routed again after the answer) and a complaint the service centre's 复核 sent back for a
 * re-answer start a new round with the same limit. An unsatisfied complaint waiting for 复核 is `review`.
 */
function projectEnquiry(no: string, history: MatterEvent[], ctx: MatterContext): MatterRow | null {
  const sorted = [...history].sort(byTime);
  const received = sorted.find((e) => e.type === EnquiryReceived.type);
  if (received === undefined) return null;
  const r0 = EnquiryReceived.payload.parse(received.payload);
  let department = r0.departmentCode;
  let status: MatterStatus = department === null ? 'waiting' : 'open';
  let start = new Date(r0.occurredAt);
  // The round's due date as intake computed it: every event carries the current one.
  let due = new Date(r0.dueBy);
  let stoppedAt: Date | null = null;
  let onTime: boolean | null = null;
  let outcome: string | null = null;
  let extension = 0;
  for (const e of sorted) {
    const dueBy = DueBy.safeParse(e.payload);
    if (dueBy.success) due = new Date(dueBy.data.dueBy);
    if (e.type === EnquiryRouted.type) {
      const x = EnquiryRouted.payload.parse(e.payload);
      if (x.departmentCode !== null) department = x.departmentCode;
      if (status === 'answered') {
        // The follow-up question: a new round of the clock.
        start = new Date(x.occurredAt);
        stoppedAt = null;
        onTime = null;
        extension = 0;
      }
      status = department === null ? 'waiting' : 'open';
    } else if (e.type === EnquiryAnswered.type) {
      const x = EnquiryAnswered.payload.parse(e.payload);
      if (x.departmentCode !== null) department = x.departmentCode;
      stoppedAt = new Date(x.occurredAt);
      status = 'answered';
    } else if (e.type === EnquiryRated.type) {
      const x = EnquiryRated.payload.parse(e.payload);
      // An unsatisfied complaint waits for the service centre's 复核; its answer clock stays stopped.
      status = x.review ? 'review' : 'closed';
      outcome = x.rating;
    } else if (e.type === EnquiryExtended.type) {
      // An approved extension (延期) adds its working days to the running round: no card for the extended period.
      extension += EnquiryExtended.payload.parse(e.payload).extensionDays;
    } else if (e.type === EnquiryReviewed.type) {
      const x = EnquiryReviewed.payload.parse(e.payload);
      if (x.decision === 'upheld') {
        status = 'closed';
        outcome = 'upheld';
      } else {
        // Sent back to the department for a re-answer: a new round of the clock.
        start = new Date(x.occurredAt);
        stoppedAt = null;
        onTime = null;
        extension = 0;
        status = 'open';
        outcome = null;
      }
    }
  }
  // The limit of the round in working days: from its start to intake's due date, counted with supervision's calendar
  // (the same count intake used, so a configured limit and an approved extension are honoured).
  const counted = ctx.calendar.workingDaysBetween(start, due);
  const limitDays = counted >= 1 ? counted : ENQUIRY_LIMIT_DAYS[r0.type] + extension;
  const r = reading(ctx, start, limitDays, stoppedAt, []);
  if (stoppedAt !== null) onTime = r.usedDays <= limitDays;
  return {
    matterNo: no,
    kind: 'enquiry',
    subKind: r0.type,
    regionCode: r0.regionCode,
    departmentCode: department,
    status,
    receivedAt: new Date(r0.occurredAt),
    startedAt: start,
    limitDays,
    extensionDays: extension,
    dueAt: r.dueAt,
    stoppedAt,
    open: stoppedAt === null,
    pausedSince: null,
    pauses: [],
    pausedDays: 0,
    clockPauses: [],
    usedDays: r.usedDays,
    level: r.level,
    onTime,
    outcome,
    lastEventAt: new Date(Math.max(...sorted.map((e) => e.occurredAt.getTime()))),
  };
}

/**
 * A 主动公开 item's publication clock (《政府信息公开条例》 art. 26: within 20 working days of the information's
 * formation): from the 成文日期 (the day itself does not count, like every hall deadline) to the first
 * publication, which stops it; no pause. The 成文日期 is the latest one the events carry before publication (a
 * draft's edit may move it). A correction (更正) or a withdrawal (撤回) after publication is on the timeline and does
 * not reopen the clock. Items published before supervision consumed their events have only `published`: a stopped
 * clock from the start.
 */
function projectItem(no: string, history: MatterEvent[], ctx: MatterContext): MatterRow | null {
  const sorted = history.filter((e) => e.type.startsWith('disclosure.item.')).sort(byTime);
  let head: z.infer<typeof ItemHead> | null = null;
  let region: string | null = null;
  let writtenOn: string | null = null;
  let status: MatterStatus = 'open';
  let stoppedAt: Date | null = null;
  let outcome: string | null = null;
  for (const e of sorted) {
    const p = ItemHead.parse(e.payload);
    head = p;
    region = p.regionCode ?? region;
    if (stoppedAt === null) writtenOn = p.writtenOn;
    switch (e.type) {
      case DisclosureItemDrafted.type:
      case DisclosureItemReturned.type:
        if (stoppedAt === null) status = 'open';
        break;
      case DisclosureItemSubmitted.type:
        if (stoppedAt === null) status = 'in-review';
        break;
      case DisclosureItemPublished.type: {
        const x = DisclosureItemPublished.payload.parse(e.payload);
        stoppedAt ??= new Date(x.occurredAt);
        if (x.corrected) outcome = 'corrected';
        if (status !== 'withdrawn') status = 'published';
        break;
      }
      case DisclosureItemWithdrawn.type:
        stoppedAt ??= new Date(p.occurredAt);
        status = 'withdrawn';
        outcome = 'withdrawn';
        break;
    }
  }
  if (head === null || writtenOn === null) return null;
  const start = new Date(`${writtenOn}T00:00:00+08:00`);
  const limitDays = ITEM_PUBLICATION_LIMIT_DAYS;
  const r = reading(ctx, start, limitDays, stoppedAt, []);
  return {
    matterNo: no,
    kind: 'disclosure-item',
    subKind: 'item',
    // The region the events name (older events lack it: the 索引号 starts with the agency's region code).
    regionCode: region ?? head.indexNo.slice(0, 6),
    departmentCode: head.departmentCode,
    status,
    receivedAt: start,
    startedAt: start,
    limitDays,
    extensionDays: 0,
    dueAt: r.dueAt,
    stoppedAt,
    open: stoppedAt === null,
    pausedSince: null,
    pauses: [],
    pausedDays: 0,
    clockPauses: [],
    usedDays: r.usedDays,
    level: r.level,
    onTime: stoppedAt === null ? null : r.usedDays <= limitDays,
    outcome,
    lastEventAt: new Date(Math.max(...sorted.map((e) => e.occurredAt.getTime()))),
  };
}

/** The matter's projection from its whole stored history (any arrival order); null before its first event. */
export function projectMatter(no: string, history: MatterEvent[], ctx: MatterContext): MatterRow | null {
  if (history.some((e) => e.type.startsWith('disclosure.item.'))) return projectItem(no, history, ctx);
  if (history.some((e) => e.type.startsWith('disclosure.request.'))) return projectRequest(no, history, ctx);
  if (history.some((e) => e.type.startsWith('intake.enquiry.'))) return projectEnquiry(no, history, ctx);
  return null;
}
