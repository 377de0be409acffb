import {
  ApplicationAccepted,
  ApplicationCompleted,
  ApplicationDelivered,
  ApplicationHandedOver,
  ApplicationRefused,
  ApplicationSubmitted,
  ApplicationSupplemented,
  ApplicationTerminated,
  ApplicationWithdrawn,
  CaseClosed,
  CaseDecided,
  CaseExtended,
  CaseOpened,
  CaseResumed,
  CaseSuspended,
  LicenceIssued,
  SupplementNoticeRejected,
  SupplementRequested,
  TaskAssigned,
  TaskCompleted,
  TaskResumed,
  TaskSuspended,
  type EventContract,
  type PayloadOf,
  type TaskSummary,
} from '@hall/contracts';
import type { CaseBase, CaseState, PauseRecord, StoredEvent, TaskFacts } from './case-state.js';

type Handler = (state: CaseState, event: StoredEvent) => CaseState;

const date = (iso: string): Date => new Date(iso);

/** Freezes a parsed payload and everything in it: one parse is shared by every fold of its case. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Parsed payloads by event (type, id, instant); bounded, the oldest goes first. */
const parsedPayloads = new Map<string, unknown>();
const PARSED_PAYLOADS_MAX = 4096;

/**
 * An event's payload as its contract parses it, parsed once per event (issue 22: CPU per case). A case is folded
 * again from its whole history on each of its events, and the contract's parse of every stored payload was the
 * largest part of a fold. An event id names one event, whose stored payload never changes (the timeline and the
 * inbox key on it); the parse is frozen, as the handlers never change what they are given.
 */
function payloadOf<C extends EventContract>(contract: C, e: StoredEvent): Readonly<PayloadOf<C>> {
  const key = `${e.type}\u0000${e.eventId}\u0000${e.occurredAt.getTime()}`;
  const known = parsedPayloads.get(key);
  if (known !== undefined) return known as PayloadOf<C>;
  const parsed = deepFreeze(contract.payload.parse(e.payload) as PayloadOf<C>);
  if (parsedPayloads.size >= PARSED_PAYLOADS_MAX) {
    const oldest = parsedPayloads.keys().next().value;
    if (oldest !== undefined) parsedPayloads.delete(oldest);
  }
  parsedPayloads.set(key, parsed);
  return parsed;
}

/** The first event carrying the case's identity sets it; intake's events (`override`) replace approval's. */
const withBase = (s: CaseState, base: CaseBase, override: boolean): CaseState =>
  s.base === undefined || override ? { ...s, base } : s;

/** Closes the open acceptance window (the answer, a withdrawal…). */
function stopWindow(s: CaseState, at: Date, type: string): CaseState {
  const open = s.windows[s.windows.length - 1];
  if (open === undefined || open.stop !== null) return s;
  return { ...s, windows: [...s.windows.slice(0, -1), { ...open, stop: at, stopType: type }] };
}

/** A task as last described (department, role, limit); a task first seen starts at `at`. */
function upsertTask(s: CaseState, t: TaskSummary, at: Date, change: Partial<TaskFacts> = {}): CaseState {
  const existing = s.tasks.get(t.taskId);
  const row: TaskFacts = {
    ...(existing ?? {
      applicationNo: s.applicationNo,
      taskId: t.taskId,
      startedAt: at,
      assigneeId: null,
      assigneeName: null,
      completedAt: null,
      verdict: null,
      opinion: null,
      officials: [],
    }),
    departmentCode: t.departmentCode,
    departmentName: t.departmentName,
    role: t.role,
    limitDays: t.limitDays,
    ...change,
  };
  return { ...s, tasks: new Map(s.tasks).set(t.taskId, row) };
}

function setTaskPause(s: CaseState, taskId: string, record: PauseRecord): CaseState {
  const own = new Map(s.taskPauses.get(taskId) ?? []).set(record.procedureId, record);
  return { ...s, taskPauses: new Map(s.taskPauses).set(taskId, own) };
}

function addOfficial(s: CaseState, userId: string, name: string, at: Date): CaseState {
  if (s.approvalOfficials.has(userId)) return s;
  return { ...s, approvalOfficials: new Map(s.approvalOfficials).set(userId, { name, at }) };
}

const onSubmitted: Handler = (s, e) => {
  const p = payloadOf(ApplicationSubmitted, e);
  const receivedAt = date(p.receivedAt);
  return {
    ...withBase(s, baseOf(p), true),
    applicantUserId: p.applicant.userId ?? null,
    applicantName: p.applicant.name,
    receivedAt,
    takenIn: p.takenIn ?? s.takenIn,
    windows: [...s.windows, { start: receivedAt, stop: null, stopType: null }],
  };
};

// 代办 handover (转交): the point and window, and when; the acceptance clock keeps running from receipt at the point.
const onHandedOver: Handler = (s, e) => {
  const p = payloadOf(ApplicationHandedOver, e);
  if (s.handover !== null) return s;
  return { ...s, handover: { from: p.from, to: p.to, at: date(p.handedOverAt) } };
};

const onSupplementRequested: Handler = (s, e) =>
  stopWindow(
    { ...s, supplements: [...s.supplements, e.occurredAt], status: 'supplement-requested' },
    e.occurredAt,
    e.type,
  );

const onSupplementNoticeRejected: Handler = (s, e) => {
  payloadOf(SupplementNoticeRejected, e);
  return { ...s, rejectedNotices: [...s.rejectedNotices, e.occurredAt] };
};

// Before acceptance the window's clock starts again; after it (容缺 materials, an answer to a department's return)
// the case stays under approval and approval's own events move its clocks.
const onSupplemented: Handler = (s, e) =>
  s.acceptedAt !== null
    ? s
    : {
        ...s,
        status: 'supplemented',
        windows: [...s.windows, { start: e.occurredAt, stop: null, stopType: null }],
      };

const onAccepted: Handler = (s, e) => {
  const p = payloadOf(ApplicationAccepted, e);
  const receivedAt = s.receivedAt ?? date(p.receivedAt);
  const next: CaseState = {
    ...withBase(s, baseOf(p), true),
    applicantUserId: s.applicantUserId ?? p.applicant.userId ?? null,
    applicantName: s.applicantName ?? p.applicant.name,
    receivedAt,
    windows: s.windows.length === 0 ? [{ start: receivedAt, stop: null, stopType: null }] : s.windows,
    acceptedAt: date(p.acceptedAt),
    acceptedBy: p.actor.userId,
    acceptanceMode: p.mode,
    status: ['submitted', 'supplemented', 'supplement-requested'].includes(s.status) ? 'accepted' : s.status,
  };
  return stopWindow(next, e.occurredAt, e.type);
};

const onRefused: Handler = (s, e) => {
  const p = payloadOf(ApplicationRefused, e);
  const at = e.occurredAt;
  return stopWindow(
    {
      ...s,
      refusedAt: at,
      closedAt: at,
      status: 'refused',
      refusals: [...s.refusals, { at, reasons: p.reasons, source: 'intake' }],
    },
    at,
    e.type,
  );
};

const onCaseOpened: Handler = (s, e) => {
  const p = payloadOf(CaseOpened, e);
  const lead = p.tasks.find((t) => t.role === 'lead') ?? p.tasks[0];
  const opened: CaseState = {
    ...withBase(s, baseOf({ ...p, departmentCode: lead?.departmentCode ?? 'unknown' }), false),
    caseId: p.caseId,
    jointKind: p.jointKind,
    acceptedAt: s.acceptedAt ?? date(p.acceptedAt),
    acceptedBy: s.acceptedBy ?? p.acceptedBy,
    status: ['submitted', 'supplemented', 'accepted'].includes(s.status) ? 'under-approval' : s.status,
  };
  return p.tasks.reduce((acc, t) => upsertTask(acc, t, e.occurredAt), opened);
};

const onTaskAssigned: Handler = (s, e) => {
  const p = payloadOf(TaskAssigned, e);
  const assignee =
    p.assignee !== undefined ? { assigneeId: p.assignee.userId, assigneeName: p.assignee.name } : {};
  return upsertTask(s, p.task, e.occurredAt, assignee);
};

const onTaskCompleted: Handler = (s, e) => {
  const p = payloadOf(TaskCompleted, e);
  const done = upsertTask(s, p.task, e.occurredAt, {
    completedAt: date(p.completedAt),
    verdict: p.verdict,
    opinion: p.opinion,
    officials: p.officials.map((o) => ({ userId: o.userId, name: o.name })),
  });
  return p.officials.reduce((acc, o) => addOfficial(acc, o.userId, o.name, e.occurredAt), done);
};

const onCaseSuspended: Handler = (s, e) => {
  const p = payloadOf(CaseSuspended, e);
  const pause: PauseRecord = {
    procedureId: p.procedureId,
    kind: p.kind,
    reason: p.reason,
    startedAt: p.startedAt,
    endedAt: s.pauses.get(p.procedureId)?.endedAt ?? null,
    result: null,
  };
  const paused = s.status === 'under-approval' || s.status === 'accepted';
  return {
    ...s,
    pauses: new Map(s.pauses).set(p.procedureId, pause),
    status: paused ? (p.kind === 'supplement' ? 'returned' : 'suspended') : s.status,
  };
};

const onCaseResumed: Handler = (s, e) => {
  const p = payloadOf(CaseResumed, e);
  const known = s.pauses.get(p.procedureId);
  const pause: PauseRecord =
    known !== undefined
      ? { ...known, endedAt: p.endedAt, result: p.result }
      : {
          procedureId: p.procedureId,
          kind: p.kind,
          reason: '',
          startedAt: p.endedAt,
          endedAt: p.endedAt,
          result: p.result,
        };
  const pauses = new Map(s.pauses).set(p.procedureId, pause);
  const allEnded = [...pauses.values()].every((x) => x.endedAt !== null);
  const resumes = (s.status === 'suspended' || s.status === 'returned') && allEnded;
  return { ...s, pauses, status: resumes ? 'under-approval' : s.status };
};

const onTaskSuspended: Handler = (s, e) => {
  const p = payloadOf(TaskSuspended, e);
  const known = s.taskPauses.get(p.task.taskId)?.get(p.procedureId);
  return setTaskPause(upsertTask(s, p.task, e.occurredAt), p.task.taskId, {
    procedureId: p.procedureId,
    kind: p.kind,
    reason: p.reason,
    startedAt: p.startedAt,
    endedAt: known?.endedAt ?? null,
    result: known?.result ?? null,
  });
};

const onTaskResumed: Handler = (s, e) => {
  const p = payloadOf(TaskResumed, e);
  const known = s.taskPauses.get(p.task.taskId)?.get(p.procedureId);
  return setTaskPause(upsertTask(s, p.task, e.occurredAt), p.task.taskId, {
    procedureId: p.procedureId,
    kind: p.kind,
    reason: known?.reason ?? '',
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    result: p.result,
  });
};

const onCaseExtended: Handler = (s, e) => {
  const p = payloadOf(CaseExtended, e);
  if (s.extensions.some((x) => x.procedureId === p.procedureId)) return s;
  const extension = {
    procedureId: p.procedureId,
    days: p.days,
    reason: p.reason,
    approvedBy: p.actor.userId,
    at: e.occurredAt.toISOString(),
  };
  return { ...s, extensions: [...s.extensions, extension] };
};

const onCaseDecided: Handler = (s, e) => {
  const p = payloadOf(CaseDecided, e);
  const final = ['completed', 'delivered', 'withdrawn', 'terminated'].includes(s.status);
  const decided: CaseState = {
    ...withBase(s, baseOf({ ...p, promisedLimitDays: 0, legalLimitDays: 0 }), false),
    decisionOutcome: p.outcome,
    decisionReasons: p.reasons,
    decidedAt: date(p.decidedAt),
    decidedBy: p.actor.userId,
    refusals:
      p.outcome === 'denied'
        ? [...s.refusals, { at: e.occurredAt, reasons: p.reasons, source: 'approval' }]
        : s.refusals,
    status: final ? s.status : 'decided',
  };
  return addOfficial(decided, p.actor.userId, p.actor.name, e.occurredAt);
};

const onLicenceIssued: Handler = (s, e) => {
  const p = payloadOf(LicenceIssued, e);
  if (s.licences.some((l) => l.identifier === p.identifier)) return s;
  return { ...s, licences: [...s.licences, { identifier: p.identifier, issuedAt: date(p.issuedAt) }] };
};

const onCompleted: Handler = (s, e) => {
  const p = payloadOf(ApplicationCompleted, e);
  return {
    ...s,
    completedAt: e.occurredAt,
    completionOutcome: p.outcome,
    status: s.status === 'delivered' ? s.status : 'completed',
  };
};

const onDelivered: Handler = (s, e) => {
  const p = payloadOf(ApplicationDelivered, e);
  return { ...s, deliveredAt: e.occurredAt, deliveryMethod: p.method, status: 'delivered' };
};

// Approval closed the case (撤回 / 终止): every clock stops here; intake's withdrawn/terminated follows.
const onCaseClosed: Handler = (s, e) => {
  const p = payloadOf(CaseClosed, e);
  const status = p.closing === 'withdraw' ? 'withdrawn' : 'terminated';
  return stopWindow({ ...s, closedAt: s.closedAt ?? date(p.closedAt), status }, e.occurredAt, e.type);
};

const closedAs =
  (status: 'withdrawn' | 'terminated'): Handler =>
  (s, e) =>
    stopWindow({ ...s, status, closedAt: s.closedAt ?? e.occurredAt }, e.occurredAt, e.type);

function baseOf(p: {
  regionCode: string;
  departmentCode: string;
  implementationCode: string;
  implementationVersion: number;
  itemName: string;
  promisedLimitDays: number;
  legalLimitDays: number;
}): CaseBase {
  return {
    regionCode: p.regionCode,
    departmentCode: p.departmentCode,
    implementationCode: p.implementationCode,
    implementationVersion: p.implementationVersion,
    itemName: p.itemName,
    promisedLimitDays: p.promisedLimitDays,
    legalLimitDays: p.legalLimitDays,
  };
}

/** One handler per event type; other types only move `lastEventAt`. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  [ApplicationSubmitted.type]: onSubmitted,
  [ApplicationHandedOver.type]: onHandedOver,
  [SupplementRequested.type]: onSupplementRequested,
  [SupplementNoticeRejected.type]: onSupplementNoticeRejected,
  [ApplicationSupplemented.type]: onSupplemented,
  [ApplicationAccepted.type]: onAccepted,
  [ApplicationRefused.type]: onRefused,
  [CaseOpened.type]: onCaseOpened,
  [TaskAssigned.type]: onTaskAssigned,
  [TaskCompleted.type]: onTaskCompleted,
  [CaseSuspended.type]: onCaseSuspended,
  [CaseResumed.type]: onCaseResumed,
  [TaskSuspended.type]: onTaskSuspended,
  [TaskResumed.type]: onTaskResumed,
  [CaseExtended.type]: onCaseExtended,
  [CaseDecided.type]: onCaseDecided,
  [LicenceIssued.type]: onLicenceIssued,
  [ApplicationCompleted.type]: onCompleted,
  [ApplicationDelivered.type]: onDelivered,
  [CaseClosed.type]: onCaseClosed,
  [ApplicationWithdrawn.type]: closedAs('withdrawn'),
  [ApplicationTerminated.type]: closedAs('terminated'),
};

/** The case after one more event (events arrive in `orderEvents` order). Pure: `state` is never changed. */
export function evolve(state: CaseState, event: StoredEvent): CaseState {
  const handler = HANDLERS[event.type];
  const next = handler !== undefined ? handler(state, event) : state;
  return { ...next, lastEventAt: event.occurredAt };
}
