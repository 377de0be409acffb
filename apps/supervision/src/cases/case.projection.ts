import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationCompleted,
  ApplicationDelivered,
  ApplicationHandedOver,
  ApplicationRefused,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationTerminated,
  ApplicationWithdrawn,
  CaseClosed,
  CaseCloseRefused,
  CaseDecided,
  CaseExtended,
  CaseOpened,
  CaseResumed,
  CaseSuspended,
  LicenceIssued,
  SupplementRequested,
  TaskAssigned,
  TaskCompleted,
  TaskResumed,
  TaskSuspended,
} from '@hall/contracts';
import { detectAnomalies } from '../anomalies/rules/index.js';
import {
  initialCaseState,
  type CaseBase,
  type CaseProjection,
  type CaseRow,
  type CaseState,
  type ProjectionContext,
  type RuleInput,
  type StoredEvent,
} from './projection/case-state.js';
import { readCaseClocks, type CaseClocks } from './projection/clocks.js';
import { evolve } from './projection/evolve.js';
import { handoverRecord } from './projection/handover.js';

export type {
  AnomalyRow,
  CaseProjection,
  CaseRow,
  ClockKind,
  ClockRow,
  ExtensionRecord,
  PauseRecord,
  ProjectionContext,
  StoredEvent,
  TaskRow,
} from './projection/case-state.js';

/** Same-instant events are ordered by their place in the lifecycle, then by id: a deterministic order. */
const LIFECYCLE_RANK: Record<string, number> = {
  [ApplicationSubmitted.type]: 0,
  [ApplicationHandedOver.type]: 0.5,
  [SupplementRequested.type]: 1,
  [ApplicationSupplemented.type]: 2,
  [ApplicationRefused.type]: 3,
  [ApplicationAccepted.type]: 3,
  [CaseOpened.type]: 4,
  [TaskAssigned.type]: 5,
  [CaseSuspended.type]: 6,
  [CaseResumed.type]: 7,
  [CaseExtended.type]: 8,
  [TaskSuspended.type]: 6,
  [TaskResumed.type]: 7,
  [TaskCompleted.type]: 9,
  [CaseDecided.type]: 10,
  [LicenceIssued.type]: 11,
  [ApplicationCompleted.type]: 12,
  [ApplicationDelivered.type]: 13,
  [ApplicationCloseRequested.type]: 14,
  [CaseClosed.type]: 15,
  [CaseCloseRefused.type]: 15,
  [ApplicationWithdrawn.type]: 16,
  [ApplicationTerminated.type]: 16,
};

export function orderEvents(events: readonly StoredEvent[]): StoredEvent[] {
  return [...events].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      (LIFECYCLE_RANK[a.type] ?? 99) - (LIFECYCLE_RANK[b.type] ?? 99) ||
      a.eventId.localeCompare(b.eventId),
  );
}

/** The case's state after its whole history (in any arrival order: events are ordered by occurrence first). */
export function foldCase(applicationNo: string, history: readonly StoredEvent[]): CaseState {
  return orderEvents(history).reduce(evolve, initialCaseState(applicationNo));
}

/** What the anomaly rules read for this history at `ctx.now`; null while the case has no identity yet. */
export function ruleInputOf(
  applicationNo: string,
  history: readonly StoredEvent[],
  ctx: ProjectionContext,
): RuleInput | null {
  const state = foldCase(applicationNo, history);
  if (state.base === undefined) return null;
  const clocks = readCaseClocks(state, state.base, ctx);
  return { state, base: state.base, tasks: clocks.tasks, caseStop: clocks.caseStop, ctx };
}

/**
 * The whole supervision state of one case as a pure function of its event history and of `now` (running clocks
 * and time rules): fold the events with `evolve`, read the clocks, run the anomaly rules (anomalies/rules/).
 * Live consumption and rebuild both call this, so a rebuild from history equals the live projection by
 * construction. Returns null while no event carrying the case's identity (region, department, item) has arrived.
 */
export function projectCase(
  applicationNo: string,
  history: readonly StoredEvent[],
  ctx: ProjectionContext,
): CaseProjection | null {
  const state = foldCase(applicationNo, history);
  if (state.base === undefined) return null;
  const clocks = readCaseClocks(state, state.base, ctx);
  const anomalies = detectAnomalies({
    state,
    base: state.base,
    tasks: clocks.tasks,
    caseStop: clocks.caseStop,
    ctx,
  });
  return {
    caseRow: caseRowOf(state, state.base, clocks, ctx),
    tasks: clocks.tasks,
    clocks: clocks.clocks,
    anomalies,
  };
}

/** A 12-digit township or village code; county-level codes (a county window handing over) are not "below". */
const belowCounty = (code: string | undefined): string | undefined =>
  code !== undefined && code.length === 12 ? code : undefined;

function caseRowOf(s: CaseState, base: CaseBase, c: CaseClocks, ctx: ProjectionContext): CaseRow {
  const acceptanceClock = c.clocks.find((x) => x.subject === 'acceptance');
  const stopped = c.caseClock !== undefined && c.caseClock.stoppedAt !== null ? c.caseClock : undefined;
  return {
    applicationNo: s.applicationNo,
    status: s.status,
    ...base,
    applicantUserId: s.applicantUserId,
    applicantName: s.applicantName,
    receivedAt: s.receivedAt,
    acceptedAt: s.acceptedAt,
    acceptedBy: s.acceptedBy,
    acceptanceMode: s.acceptanceMode,
    refusedAt: s.refusedAt,
    supplementCount: s.supplements.length,
    caseId: s.caseId,
    jointKind: s.jointKind,
    extensionDays: c.extensionDays,
    promisedDueAt: c.promisedDueAt,
    legalDueAt: c.legalDueAt,
    pauses: c.pauses,
    extensions: [...s.extensions],
    pausedSince: c.pausedSince,
    decisionOutcome: s.decisionOutcome,
    decisionReasons: s.decisionReasons,
    decidedAt: s.decidedAt,
    decidedBy: s.decidedBy,
    completedAt: s.completedAt,
    completionOutcome: s.completionOutcome,
    deliveredAt: s.deliveredAt,
    deliveryMethod: s.deliveryMethod,
    closedAt: s.closedAt,
    licenceIdentifiers: s.licences.map((l) => l.identifier),
    workingDaysUsed: stopped !== undefined ? stopped.usedDays : null,
    onTime: stopped !== undefined ? stopped.usedDays <= stopped.limitDays : null,
    cardLevel: c.caseClock?.level ?? acceptanceClock?.level ?? 'green',
    lastEventAt: s.lastEventAt ?? ctx.now,
    handover: s.handover !== null ? handoverRecord(s, s.handover, ctx.calendar) : null,
    // Submission names the point; a handover names it too (events of before the submission carried it).
    takenInRegion: s.takenIn?.regionCode ?? belowCounty(s.handover?.from.regionCode) ?? null,
  };
}
