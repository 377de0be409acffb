import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationCompleted,
  ApplicationDelivered,
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
  SupplementNoticeRejected,
  SupplementRequested,
  TaskAssigned,
  TaskCompleted,
  TaskResumed,
  TaskSuspended,
  type TaskSummary,
  ANOMALY_RULES,
  type AnomalyRuleNo,
} from '@hall/contracts';
import type { WorkingCalendar } from '@hall/calendar';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import { excludedIntervals, readClock, type CardLevel, type StoredPause } from './clock.js';

/** One stored event of the hall (a timeline_entry row). */
export interface StoredEvent {
  eventId: string;
  type: string;
  occurredAt: Date;
  payload: unknown;
}

export interface ProjectionContext {
  calendar: WorkingCalendar;
  now: Date;
  settings: SupervisionSettings;
}

export interface PauseRecord {
  procedureId: string;
  kind: string;
  reason: string;
  startedAt: string;
  endedAt: string | null;
  result: string | null;
}

export interface ExtensionRecord {
  procedureId: string;
  days: number;
  reason: string;
  approvedBy: string;
  at: string;
}

export interface CaseRow {
  applicationNo: string;
  status: string;
  regionCode: string;
  departmentCode: string;
  implementationCode: string;
  implementationVersion: number;
  itemName: string;
  applicantUserId: string | null;
  applicantName: string | null;
  receivedAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  acceptanceMode: string | null;
  refusedAt: Date | null;
  supplementCount: number;
  caseId: string | null;
  jointKind: string | null;
  promisedLimitDays: number;
  legalLimitDays: number;
  extensionDays: number;
  promisedDueAt: Date | null;
  legalDueAt: Date | null;
  pauses: PauseRecord[];
  extensions: ExtensionRecord[];
  pausedSince: Date | null;
  decisionOutcome: string | null;
  decisionReasons: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  completedAt: Date | null;
  completionOutcome: string | null;
  deliveredAt: Date | null;
  deliveryMethod: string | null;
  closedAt: Date | null;
  licenceIdentifiers: string[];
  workingDaysUsed: number | null;
  onTime: boolean | null;
  cardLevel: CardLevel;
  lastEventAt: Date;
}

export interface TaskRow {
  applicationNo: string;
  taskId: string;
  departmentCode: string;
  departmentName: string;
  role: string;
  limitDays: number;
  startedAt: Date;
  assigneeId: string | null;
  assigneeName: string | null;
  completedAt: Date | null;
  verdict: string | null;
  opinion: string | null;
  officials: { userId: string; name: string }[];
  dueAt: Date;
  workingDaysUsed: number | null;
}

export type ClockKind = 'acceptance' | 'case' | 'task';

export interface ClockRow {
  applicationNo: string;
  subject: string;
  kind: ClockKind;
  regionCode: string;
  departmentCode: string;
  startedAt: Date;
  limitDays: number;
  dueAt: Date;
  stoppedAt: Date | null;
  open: boolean;
  pausedSince: Date | null;
  pauses: StoredPause[];
  usedDays: number;
  level: CardLevel;
}

export interface AnomalyRow {
  id: string;
  applicationNo: string;
  ruleNo: string;
  subject: string;
  title: string;
  detail: string;
  at: Date;
  regionCode: string;
  departmentCode: string;
}

export interface CaseProjection {
  caseRow: CaseRow;
  tasks: TaskRow[];
  clocks: ClockRow[];
  anomalies: AnomalyRow[];
}

/** Same-instant events are ordered by their place in the lifecycle, then by id: a deterministic order. */
const LIFECYCLE_RANK: Record<string, number> = {
  [ApplicationSubmitted.type]: 0,
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

interface AcceptanceWindow {
  start: Date;
  stop: Date | null;
  stopType: string | null;
}

interface Base {
  regionCode: string;
  departmentCode: string;
  implementationCode: string;
  implementationVersion: number;
  itemName: string;
  promisedLimitDays: number;
  legalLimitDays: number;
}

const date = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

/**
 * The whole supervision state of one case as a pure function of its event history (in any arrival order: events
 * are ordered by occurrence first) and of `now` (running clocks and time rules). Live consumption and rebuild
 * both call this, so a rebuild from history equals the live projection by construction.
 * Returns null while no event carrying the case's identity (region, department, item) has arrived.
 */
export function projectCase(
  applicationNo: string,
  history: readonly StoredEvent[],
  ctx: ProjectionContext,
): CaseProjection | null {
  const events = orderEvents(history);
  let base: Base | undefined;
  const setBase = (b: Base, override: boolean): void => {
    if (base === undefined || override) base = b;
  };
  let status = 'submitted';
  let applicantUserId: string | null = null;
  let applicantName: string | null = null;
  let receivedAt: Date | null = null;
  let acceptedAt: Date | null = null;
  let acceptedBy: string | null = null;
  let acceptanceMode: string | null = null;
  let refusedAt: Date | null = null;
  let caseId: string | null = null;
  let jointKind: string | null = null;
  let decisionOutcome: string | null = null;
  let decisionReasons: string | null = null;
  let decidedAt: Date | null = null;
  let decidedBy: string | null = null;
  let completedAt: Date | null = null;
  let completionOutcome: string | null = null;
  let deliveredAt: Date | null = null;
  let deliveryMethod: string | null = null;
  let closedAt: Date | null = null;
  const supplements: Date[] = [];
  /** Refused second notices (intake answered 409 and kept the application unchanged): still a breach of 一次性告知. */
  const rejectedNotices: Date[] = [];
  const windows: AcceptanceWindow[] = [];
  const pauses = new Map<string, PauseRecord>();
  /** Task-level pauses (approval.task.suspended/resumed) by task id: they stop that step's clock only, never the case's. */
  const taskPauses = new Map<string, Map<string, PauseRecord>>();
  const taskPause = (taskId: string, procedureId: string): PauseRecord | undefined =>
    taskPauses.get(taskId)?.get(procedureId);
  const setTaskPause = (taskId: string, record: PauseRecord): void => {
    const own = taskPauses.get(taskId) ?? new Map<string, PauseRecord>();
    own.set(record.procedureId, record);
    taskPauses.set(taskId, own);
  };
  const extensions: ExtensionRecord[] = [];
  const licences: { identifier: string; issuedAt: Date }[] = [];
  const tasks = new Map<string, TaskRow>();
  const refusals: { at: Date; reasons: string; source: 'intake' | 'approval' }[] = [];
  const approvalOfficials = new Map<string, { name: string; at: Date }>();

  const stopWindow = (at: Date, type: string): void => {
    const open = windows[windows.length - 1];
    if (open !== undefined && open.stop === null) {
      open.stop = at;
      open.stopType = type;
    }
  };
  const upsertTask = (t: TaskSummary, at: Date): TaskRow => {
    const existing = tasks.get(t.taskId);
    if (existing !== undefined) {
      existing.departmentCode = t.departmentCode;
      existing.departmentName = t.departmentName;
      existing.role = t.role;
      existing.limitDays = t.limitDays;
      return existing;
    }
    const row: TaskRow = {
      applicationNo,
      taskId: t.taskId,
      departmentCode: t.departmentCode,
      departmentName: t.departmentName,
      role: t.role,
      limitDays: t.limitDays,
      startedAt: at,
      assigneeId: null,
      assigneeName: null,
      completedAt: null,
      verdict: null,
      opinion: null,
      officials: [],
      dueAt: at,
      workingDaysUsed: null,
    };
    tasks.set(t.taskId, row);
    return row;
  };

  for (const event of events) {
    const at = event.occurredAt;
    switch (event.type) {
      case ApplicationSubmitted.type: {
        const p = ApplicationSubmitted.payload.parse(event.payload);
        setBase(
          {
            regionCode: p.regionCode,
            departmentCode: p.departmentCode,
            implementationCode: p.implementationCode,
            implementationVersion: p.implementationVersion,
            itemName: p.itemName,
            promisedLimitDays: p.promisedLimitDays,
            legalLimitDays: p.legalLimitDays,
          },
          true,
        );
        applicantUserId = p.applicant.userId ?? null;
        applicantName = p.applicant.name;
        receivedAt = date(p.receivedAt);
        windows.push({ start: receivedAt, stop: null, stopType: null });
        break;
      }
      case SupplementRequested.type: {
        supplements.push(at);
        status = 'supplement-requested';
        stopWindow(at, event.type);
        break;
      }
      case SupplementNoticeRejected.type: {
        SupplementNoticeRejected.payload.parse(event.payload);
        rejectedNotices.push(at);
        break;
      }
      case ApplicationSupplemented.type: {
        // Before acceptance the window's clock starts again; after it (容缺 materials, an answer to a department's
        // return) the case stays under approval and approval's own events move its clocks.
        if (acceptedAt !== null) break;
        status = 'supplemented';
        windows.push({ start: at, stop: null, stopType: null });
        break;
      }
      case ApplicationAccepted.type: {
        const p = ApplicationAccepted.payload.parse(event.payload);
        setBase(
          {
            regionCode: p.regionCode,
            departmentCode: p.departmentCode,
            implementationCode: p.implementationCode,
            implementationVersion: p.implementationVersion,
            itemName: p.itemName,
            promisedLimitDays: p.promisedLimitDays,
            legalLimitDays: p.legalLimitDays,
          },
          true,
        );
        applicantUserId ??= p.applicant.userId ?? null;
        applicantName ??= p.applicant.name;
        receivedAt ??= date(p.receivedAt);
        if (windows.length === 0) windows.push({ start: receivedAt, stop: null, stopType: null });
        acceptedAt = date(p.acceptedAt);
        acceptedBy = p.actor.userId;
        acceptanceMode = p.mode;
        if (status === 'submitted' || status === 'supplemented' || status === 'supplement-requested')
          status = 'accepted';
        stopWindow(at, event.type);
        break;
      }
      case ApplicationRefused.type: {
        const p = ApplicationRefused.payload.parse(event.payload);
        refusedAt = at;
        closedAt = at;
        status = 'refused';
        refusals.push({ at, reasons: p.reasons, source: 'intake' });
        stopWindow(at, event.type);
        break;
      }
      case CaseOpened.type: {
        const p = CaseOpened.payload.parse(event.payload);
        const lead = p.tasks.find((t) => t.role === 'lead') ?? p.tasks[0];
        setBase(
          {
            regionCode: p.regionCode,
            departmentCode: lead?.departmentCode ?? 'unknown',
            implementationCode: p.implementationCode,
            implementationVersion: p.implementationVersion,
            itemName: p.itemName,
            promisedLimitDays: p.promisedLimitDays,
            legalLimitDays: p.legalLimitDays,
          },
          false,
        );
        caseId = p.caseId;
        jointKind = p.jointKind;
        acceptedAt ??= date(p.acceptedAt);
        acceptedBy ??= p.acceptedBy;
        for (const t of p.tasks) upsertTask(t, at);
        if (['submitted', 'supplemented', 'accepted'].includes(status)) status = 'under-approval';
        break;
      }
      case TaskAssigned.type: {
        const p = TaskAssigned.payload.parse(event.payload);
        const row = upsertTask(p.task, at);
        if (p.assignee !== undefined) {
          row.assigneeId = p.assignee.userId;
          row.assigneeName = p.assignee.name;
        }
        break;
      }
      case TaskCompleted.type: {
        const p = TaskCompleted.payload.parse(event.payload);
        const row = upsertTask(p.task, at);
        row.completedAt = date(p.completedAt);
        row.verdict = p.verdict;
        row.opinion = p.opinion;
        row.officials = p.officials.map((o) => ({ userId: o.userId, name: o.name }));
        for (const o of p.officials)
          if (!approvalOfficials.has(o.userId)) approvalOfficials.set(o.userId, { name: o.name, at });
        break;
      }
      case CaseSuspended.type: {
        const p = CaseSuspended.payload.parse(event.payload);
        pauses.set(p.procedureId, {
          procedureId: p.procedureId,
          kind: p.kind,
          reason: p.reason,
          startedAt: p.startedAt,
          endedAt: pauses.get(p.procedureId)?.endedAt ?? null,
          result: null,
        });
        if (status === 'under-approval' || status === 'accepted')
          status = p.kind === 'supplement' ? 'returned' : 'suspended';
        break;
      }
      case CaseResumed.type: {
        const p = CaseResumed.payload.parse(event.payload);
        const pause = pauses.get(p.procedureId);
        if (pause !== undefined) {
          pause.endedAt = p.endedAt;
          pause.result = p.result;
        } else {
          pauses.set(p.procedureId, {
            procedureId: p.procedureId,
            kind: p.kind,
            reason: '',
            startedAt: p.endedAt,
            endedAt: p.endedAt,
            result: p.result,
          });
        }
        if (
          (status === 'suspended' || status === 'returned') &&
          [...pauses.values()].every((x) => x.endedAt !== null)
        )
          status = 'under-approval';
        break;
      }
      case TaskSuspended.type: {
        const p = TaskSuspended.payload.parse(event.payload);
        upsertTask(p.task, at);
        const known = taskPause(p.task.taskId, p.procedureId);
        setTaskPause(p.task.taskId, {
          procedureId: p.procedureId,
          kind: p.kind,
          reason: p.reason,
          startedAt: p.startedAt,
          endedAt: known?.endedAt ?? null,
          result: known?.result ?? null,
        });
        break;
      }
      case TaskResumed.type: {
        const p = TaskResumed.payload.parse(event.payload);
        upsertTask(p.task, at);
        const known = taskPause(p.task.taskId, p.procedureId);
        setTaskPause(p.task.taskId, {
          procedureId: p.procedureId,
          kind: p.kind,
          reason: known?.reason ?? '',
          startedAt: p.startedAt,
          endedAt: p.endedAt,
          result: p.result,
        });
        break;
      }
      case CaseExtended.type: {
        const p = CaseExtended.payload.parse(event.payload);
        if (!extensions.some((x) => x.procedureId === p.procedureId)) {
          extensions.push({
            procedureId: p.procedureId,
            days: p.days,
            reason: p.reason,
            approvedBy: p.actor.userId,
            at: iso(at),
          });
        }
        break;
      }
      case CaseDecided.type: {
        const p = CaseDecided.payload.parse(event.payload);
        setBase(
          {
            regionCode: p.regionCode,
            departmentCode: p.departmentCode,
            implementationCode: p.implementationCode,
            implementationVersion: p.implementationVersion,
            itemName: p.itemName,
            promisedLimitDays: 0,
            legalLimitDays: 0,
          },
          false,
        );
        decisionOutcome = p.outcome;
        decisionReasons = p.reasons;
        decidedAt = date(p.decidedAt);
        decidedBy = p.actor.userId;
        if (!approvalOfficials.has(p.actor.userId))
          approvalOfficials.set(p.actor.userId, { name: p.actor.name, at });
        if (p.outcome === 'denied') refusals.push({ at, reasons: p.reasons, source: 'approval' });
        if (!['completed', 'delivered', 'withdrawn', 'terminated'].includes(status)) status = 'decided';
        break;
      }
      case LicenceIssued.type: {
        const p = LicenceIssued.payload.parse(event.payload);
        if (!licences.some((l) => l.identifier === p.identifier))
          licences.push({ identifier: p.identifier, issuedAt: date(p.issuedAt) });
        break;
      }
      case ApplicationCompleted.type: {
        const p = ApplicationCompleted.payload.parse(event.payload);
        completedAt = at;
        completionOutcome = p.outcome;
        if (status !== 'delivered') status = 'completed';
        break;
      }
      case ApplicationDelivered.type: {
        const p = ApplicationDelivered.payload.parse(event.payload);
        deliveredAt = at;
        deliveryMethod = p.method;
        status = 'delivered';
        break;
      }
      case CaseClosed.type: {
        // Approval closed the case (撤回 / 终止): every clock stops here; intake's withdrawn/terminated follows.
        const p = CaseClosed.payload.parse(event.payload);
        closedAt ??= date(p.closedAt);
        status = p.closing === 'withdraw' ? 'withdrawn' : 'terminated';
        stopWindow(at, event.type);
        break;
      }
      case ApplicationWithdrawn.type:
        status = 'withdrawn';
        closedAt ??= at;
        stopWindow(at, event.type);
        break;
      case ApplicationTerminated.type:
        status = 'terminated';
        closedAt ??= at;
        stopWindow(at, event.type);
        break;
      default:
        break;
    }
  }
  if (base === undefined) return null;
  const b: Base = base;
  const lastEvent = events[events.length - 1];
  const { calendar, now, settings } = ctx;

  // Pauses (特别程序): excluded from every clock; an open pause runs until the clock stops or now.
  const pauseList = [...pauses.values()].sort(
    (x, y) => x.startedAt.localeCompare(y.startedAt) || x.procedureId.localeCompare(y.procedureId),
  );
  const openPause = pauseList.find((p) => p.endedAt === null);
  const pausedSince =
    openPause !== undefined && closedAt === null && decidedAt === null ? date(openPause.startedAt) : null;
  const pausesAfter = (start: Date): StoredPause[] =>
    pauseList
      .filter((p) => p.endedAt === null || date(p.endedAt).getTime() >= start.getTime())
      .map((p) => ({ start: p.startedAt, end: p.endedAt }));

  const extensionDays = extensions.reduce((n, x) => n + x.days, 0);
  const clocks: ClockRow[] = [];
  const mkClock = (
    subject: string,
    kind: ClockKind,
    departmentCode: string,
    start: Date,
    limitDays: number,
    stop: Date | null,
    withPauses: boolean,
    own: readonly PauseRecord[] = [],
  ): ClockRow => {
    const stoppedAt = stop ?? closedAt;
    const ownStored = own
      .filter((p) => p.endedAt === null || date(p.endedAt).getTime() >= start.getTime())
      .sort((x, y) => x.startedAt.localeCompare(y.startedAt) || x.procedureId.localeCompare(y.procedureId))
      .map((p) => ({ start: p.startedAt, end: p.endedAt }));
    const ownOpen = own.find((p) => p.endedAt === null);
    const stored = withPauses ? [...pausesAfter(start), ...ownStored] : [];
    const reading = readClock(
      { startedAt: start, limitDays, stoppedAt, pauses: stored },
      now,
      calendar,
      settings,
    );
    const open = stoppedAt === null;
    return {
      applicationNo,
      subject,
      kind,
      regionCode: b.regionCode,
      departmentCode,
      startedAt: start,
      limitDays,
      dueAt: reading.dueAt,
      stoppedAt,
      open,
      pausedSince:
        open && withPauses ? (pausedSince ?? (ownOpen !== undefined ? date(ownOpen.startedAt) : null)) : null,
      pauses: stored,
      usedDays: reading.usedDays,
      level: reading.level,
    };
  };

  // Acceptance clock (AL art. 32): the latest window from receipt (or re-receipt after 补正).
  const lastWindow = windows[windows.length - 1];
  if (lastWindow !== undefined) {
    clocks.push(
      mkClock(
        'acceptance',
        'acceptance',
        b.departmentCode,
        lastWindow.start,
        settings.acceptanceLimitDays,
        lastWindow.stop,
        false,
      ),
    );
  }
  const caseStop = decidedAt ?? completedAt;
  let promisedDueAt: Date | null = null;
  let legalDueAt: Date | null = null;
  let caseClock: ClockRow | undefined;
  if (acceptedAt !== null) {
    caseClock = mkClock(
      'case',
      'case',
      b.departmentCode,
      acceptedAt,
      b.promisedLimitDays + extensionDays,
      caseStop,
      true,
    );
    clocks.push(caseClock);
    promisedDueAt = caseClock.dueAt;
    legalDueAt = calendar.deadline(
      acceptedAt,
      b.legalLimitDays + extensionDays,
      excludedIntervals(caseClock.pauses, caseStop ?? closedAt ?? now),
    );
  }
  const taskRows = [...tasks.values()].sort(
    (x, y) => x.startedAt.getTime() - y.startedAt.getTime() || x.taskId.localeCompare(y.taskId),
  );
  for (const t of taskRows) {
    const stop = t.completedAt ?? caseStop;
    const clock = mkClock(
      `task:${t.taskId}`,
      'task',
      t.departmentCode,
      t.startedAt,
      t.limitDays,
      stop,
      true,
      [...(taskPauses.get(t.taskId)?.values() ?? [])],
    );
    t.dueAt = clock.dueAt;
    t.workingDaysUsed = t.completedAt !== null ? clock.usedDays : null;
    clocks.push(clock);
  }

  // Anomaly rules.
  const anomalies: AnomalyRow[] = [];
  const anomaly = (
    ruleNo: AnomalyRuleNo,
    subject: string,
    at: Date,
    detail: string,
    departmentCode = b.departmentCode,
  ): void => {
    anomalies.push({
      id: `${applicationNo}:${ruleNo}:${subject}`,
      applicationNo,
      ruleNo,
      subject,
      title: ANOMALY_RULES[ruleNo],
      detail,
      at,
      regionCode: b.regionCode,
      departmentCode,
    });
  };
  const notices = [...supplements, ...rejectedNotices].sort((x, y) => x.getTime() - y.getTime());
  const second = notices[1];
  if (second !== undefined) {
    const detail =
      rejectedNotices.length === 0
        ? `共发出 ${supplements.length} 次补正通知（应一次性告知）`
        : `发出 ${supplements.length} 次补正通知，另有 ${rejectedNotices.length} 次再次告知被拒（应一次性告知）`;
    anomaly('A01', 'case', second, detail);
  }
  windows.forEach((w, i) => {
    if (
      w.stop === null ||
      w.stopType === ApplicationWithdrawn.type ||
      w.stopType === ApplicationTerminated.type
    )
      return;
    const due = calendar.deadline(w.start, settings.acceptanceLimitDays);
    if (w.stop.getTime() > due.getTime()) {
      const used = calendar.workingDaysBetween(w.start, w.stop);
      anomaly(
        'A02',
        `acceptance:${i}`,
        w.stop,
        `收件后第 ${used} 个工作日才答复（时限 ${settings.acceptanceLimitDays} 个工作日，截止 ${iso(due)}）`,
      );
    }
  });
  if (jointKind === 'general' && decidedAt !== null) {
    const decided = decidedAt;
    const unfinished = taskRows.filter(
      (t) => t.role === 'co' && (t.completedAt === null || t.completedAt.getTime() > decided.getTime()),
    );
    if (unfinished.length > 0)
      anomaly(
        'A03',
        'case',
        decided,
        `决定时协办部门未办结：${unfinished.map((t) => t.departmentName).join('、')}`,
      );
  }
  const placeholders = new Set(settings.placeholderReasons.map((r) => r.trim()));
  refusals.forEach((r) => {
    const text = r.reasons.trim().replace(/[。.!！\s]+$/u, '');
    if (text.length < 2 || placeholders.has(text)) {
      anomaly(
        'A04',
        r.source === 'intake' ? 'refusal' : 'decision',
        r.at,
        `${r.source === 'intake' ? '不予受理' : '不予许可'}理由为「${r.reasons}」`,
      );
    }
  });
  for (const t of taskRows) {
    if (t.completedAt !== null && t.completedAt.getTime() > t.dueAt.getTime()) {
      anomaly(
        'A05',
        `task:${t.taskId}`,
        t.completedAt,
        `${t.departmentName}环节用时 ${t.workingDaysUsed ?? 0} 个工作日，超过本环节时限 ${t.limitDays} 个工作日`,
        t.departmentCode,
      );
    } else if (
      t.completedAt === null &&
      caseStop === null &&
      closedAt === null &&
      now.getTime() > t.dueAt.getTime()
    ) {
      anomaly(
        'A05',
        `task:${t.taskId}`,
        t.dueAt,
        `${t.departmentName}环节已超过本环节时限 ${t.limitDays} 个工作日仍未办结`,
        t.departmentCode,
      );
    }
  }
  for (const l of licences) {
    const approvedBefore =
      decisionOutcome === 'approved' && decidedAt !== null && decidedAt.getTime() <= l.issuedAt.getTime();
    if (!approvedBefore)
      anomaly('A06', `licence:${l.identifier}`, l.issuedAt, `证照 ${l.identifier} 发放时无准予许可决定`);
  }
  if (acceptedBy !== null) {
    const same = approvalOfficials.get(acceptedBy);
    if (same !== undefined)
      anomaly('A07', 'case', same.at, `受理人 ${same.name}（${acceptedBy}）同时参与审批`);
  }
  if (completedAt !== null) {
    const limit = calendar.addWorkingDays(completedAt, settings.undeliveredAfterDays);
    const lateDelivery =
      deliveredAt !== null ? deliveredAt.getTime() > limit.getTime() : now.getTime() > limit.getTime();
    if (lateDelivery)
      anomaly('A08', 'case', limit, `办结后 ${settings.undeliveredAfterDays} 个工作日内无送达（出件）记录`);
  }
  anomalies.sort((x, y) => x.id.localeCompare(y.id));

  const acceptanceClock = clocks.find((c) => c.subject === 'acceptance');
  const caseRow: CaseRow = {
    applicationNo,
    status,
    ...b,
    applicantUserId,
    applicantName,
    receivedAt,
    acceptedAt,
    acceptedBy,
    acceptanceMode,
    refusedAt,
    supplementCount: supplements.length,
    caseId,
    jointKind,
    extensionDays,
    promisedDueAt,
    legalDueAt,
    pauses: pauseList,
    extensions,
    pausedSince,
    decisionOutcome,
    decisionReasons,
    decidedAt,
    decidedBy,
    completedAt,
    completionOutcome,
    deliveredAt,
    deliveryMethod,
    closedAt,
    licenceIdentifiers: licences.map((l) => l.identifier),
    workingDaysUsed: caseClock !== undefined && caseClock.stoppedAt !== null ? caseClock.usedDays : null,
    onTime:
      caseClock !== undefined && caseClock.stoppedAt !== null
        ? caseClock.usedDays <= caseClock.limitDays
        : null,
    cardLevel: caseClock?.level ?? acceptanceClock?.level ?? 'green',
    lastEventAt: lastEvent?.occurredAt ?? now,
  };
  return { caseRow, tasks: taskRows, clocks, anomalies };
}
