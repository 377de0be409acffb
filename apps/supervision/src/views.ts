import {
  CallbackRecord,
  CardLevel,
  CaseExtension,
  CasePause,
  ClockPause,
  HandoverRecord,
  RatingChannel,
  RatingGrade,
  RectificationStatus,
  ReviewOutcome,
  type AnomalyRecord,
  type ApplicantCaseView,
  type CaseClockView,
  type CaseTaskView,
  type RatingRecord,
  type RecordedEvent,
  type Rectification,
  type SupervisedCaseView,
} from '@hall/contracts';
import { z } from 'zod';
import type {
  Anomaly,
  CaseClock,
  CaseTask,
  Rating,
  Rectification as RectificationRow,
  SupervisedCase,
  TimelineEntry,
} from './generated/prisma/client.js';

/** An instant as the HTTP contract writes it (ISO 8601, UTC). */
export function iso(d: Date): string {
  return d.toISOString();
}

/** An optional instant as the HTTP contract writes it. */
export function isoOrNull(d: Date | null): string | null {
  return d === null ? null : d.toISOString();
}

// Rows as the HTTP contract (libs/contracts/src/supervision/supervision-api.ts) answers them. Stored JSON columns and
// enums are read with the contract's schemas: a stored value that does not match is the server's fault (500).

export function anomalyView(a: Anomaly): AnomalyRecord {
  return {
    id: a.id,
    applicationNo: a.applicationNo,
    ruleNo: a.ruleNo,
    subject: a.subject,
    title: a.title,
    detail: a.detail,
    at: iso(a.at),
    regionCode: a.regionCode,
    departmentCode: a.departmentCode,
  };
}

export function caseView(c: SupervisedCase, provisional: boolean): SupervisedCaseView {
  return {
    applicationNo: c.applicationNo,
    status: c.status,
    regionCode: c.regionCode,
    departmentCode: c.departmentCode,
    implementationCode: c.implementationCode,
    implementationVersion: c.implementationVersion,
    itemName: c.itemName,
    applicantUserId: c.applicantUserId,
    applicantName: c.applicantName,
    receivedAt: isoOrNull(c.receivedAt),
    acceptedAt: isoOrNull(c.acceptedAt),
    acceptedBy: c.acceptedBy,
    acceptanceMode: c.acceptanceMode,
    refusedAt: isoOrNull(c.refusedAt),
    supplementCount: c.supplementCount,
    caseId: c.caseId,
    jointKind: c.jointKind,
    promisedLimitDays: c.promisedLimitDays,
    legalLimitDays: c.legalLimitDays,
    extensionDays: c.extensionDays,
    promisedDueAt: isoOrNull(c.promisedDueAt),
    legalDueAt: isoOrNull(c.legalDueAt),
    pauses: CasePauses.parse(c.pauses),
    extensions: CaseExtensions.parse(c.extensions),
    pausedSince: isoOrNull(c.pausedSince),
    decisionOutcome: c.decisionOutcome,
    decisionReasons: c.decisionReasons,
    decidedAt: isoOrNull(c.decidedAt),
    decidedBy: c.decidedBy,
    completedAt: isoOrNull(c.completedAt),
    completionOutcome: c.completionOutcome,
    deliveredAt: isoOrNull(c.deliveredAt),
    deliveryMethod: c.deliveryMethod,
    closedAt: isoOrNull(c.closedAt),
    licenceIdentifiers: Strings.parse(c.licenceIdentifiers),
    workingDaysUsed: c.workingDaysUsed,
    onTime: c.onTime,
    cardLevel: CardLevel.parse(c.cardLevel),
    lastEventAt: iso(c.lastEventAt),
    provisional,
    handover: c.handover === null ? null : HandoverRecord.parse(c.handover),
  };
}

export function applicantCaseView(c: SupervisedCase, provisional: boolean): ApplicantCaseView {
  return {
    status: c.status,
    itemName: c.itemName,
    receivedAt: isoOrNull(c.receivedAt),
    acceptedAt: isoOrNull(c.acceptedAt),
    promisedLimitDays: c.promisedLimitDays,
    promisedDueAt: isoOrNull(c.promisedDueAt),
    provisional,
    pauses: CasePauses.parse(c.pauses),
    extensions: CaseExtensions.parse(c.extensions),
    decisionOutcome: c.decisionOutcome,
    decidedAt: isoOrNull(c.decidedAt),
    completedAt: isoOrNull(c.completedAt),
    deliveredAt: isoOrNull(c.deliveredAt),
  };
}

export function taskView(t: CaseTask, provisional: boolean): CaseTaskView {
  return {
    applicationNo: t.applicationNo,
    taskId: t.taskId,
    departmentCode: t.departmentCode,
    departmentName: t.departmentName,
    role: t.role,
    limitDays: t.limitDays,
    startedAt: iso(t.startedAt),
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeName,
    completedAt: isoOrNull(t.completedAt),
    verdict: t.verdict,
    opinion: t.opinion,
    officials: Officials.parse(t.officials),
    dueAt: iso(t.dueAt),
    workingDaysUsed: t.workingDaysUsed,
    provisional,
  };
}

export function clockView(c: CaseClock, provisional: boolean): CaseClockView {
  return {
    applicationNo: c.applicationNo,
    subject: c.subject,
    kind: c.kind,
    regionCode: c.regionCode,
    departmentCode: c.departmentCode,
    startedAt: iso(c.startedAt),
    limitDays: c.limitDays,
    dueAt: iso(c.dueAt),
    stoppedAt: isoOrNull(c.stoppedAt),
    open: c.open,
    pausedSince: isoOrNull(c.pausedSince),
    pauses: ClockPauses.parse(c.pauses),
    usedDays: c.usedDays,
    level: CardLevel.parse(c.level),
    provisional,
  };
}

export function recordedEventView(e: TimelineEntry): RecordedEvent {
  return {
    eventId: e.eventId,
    key: e.key,
    type: e.type,
    source: e.source,
    occurredAt: iso(e.occurredAt),
    traceId: e.traceId,
    payload: e.payload,
    recordedAt: iso(e.recordedAt),
    caseNo: e.caseNo,
  };
}

export function ratingView(r: Rating, labels: { label: string; channelLabel: string }): RatingRecord {
  return {
    id: r.id,
    applicationNo: r.applicationNo,
    level: r.level,
    grade: RatingGrade.parse(r.grade),
    comment: r.comment,
    channel: RatingChannel.parse(r.channel),
    raterUserId: r.raterUserId,
    raterName: r.raterName,
    recordedBy: r.recordedBy,
    applicantPresent: r.applicantPresent,
    ratedAt: iso(r.ratedAt),
    regionCode: r.regionCode,
    departmentCode: r.departmentCode,
    itemName: r.itemName,
    ...labels,
  };
}

export function rectificationView(r: RectificationRow): Rectification {
  return {
    id: r.id,
    ratingId: r.ratingId,
    applicationNo: r.applicationNo,
    departmentCode: r.departmentCode,
    regionCode: r.regionCode,
    status: RectificationStatus.parse(r.status),
    round: r.round,
    openedAt: iso(r.openedAt),
    dueAt: iso(r.dueAt),
    callbacks: CallbackRecords.parse(r.callbacks),
    result: r.result,
    resultAt: isoOrNull(r.resultAt),
    resultBy: r.resultBy,
    appealReason: r.appealReason,
    appealedAt: isoOrNull(r.appealedAt),
    reviewOutcome: r.reviewOutcome === null ? null : ReviewOutcome.parse(r.reviewOutcome),
    reviewConclusion: r.reviewConclusion,
    reviewedAt: isoOrNull(r.reviewedAt),
    reviewedBy: r.reviewedBy,
  };
}

const CasePauses = z.array(CasePause);
const CaseExtensions = z.array(CaseExtension);
const ClockPauses = z.array(ClockPause);
const Strings = z.array(z.string());
const Officials = z.array(z.object({ userId: z.string(), name: z.string() }));
const CallbackRecords = z.array(CallbackRecord);
