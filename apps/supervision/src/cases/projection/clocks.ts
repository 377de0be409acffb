import { excludedIntervals, readClock, type StoredPause } from '../../clocks/clock.js';
import type {
  CaseBase,
  CaseState,
  ClockKind,
  ClockRow,
  PauseRecord,
  ProjectionContext,
  TaskRow,
} from './case-state.js';

/** The case's clocks read at `now`, with what the case row and the anomaly rules take from them. */
export interface CaseClocks {
  clocks: ClockRow[];
  tasks: TaskRow[];
  caseClock: ClockRow | undefined;
  /** Case pauses ordered by start. */
  pauses: PauseRecord[];
  pausedSince: Date | null;
  extensionDays: number;
  caseStop: Date | null;
  promisedDueAt: Date | null;
  legalDueAt: Date | null;
}

const date = (iso: string): Date => new Date(iso);
const byStart = (x: PauseRecord, y: PauseRecord): number =>
  x.startedAt.localeCompare(y.startedAt) || x.procedureId.localeCompare(y.procedureId);
const endedBefore = (p: PauseRecord, start: Date): boolean =>
  p.endedAt !== null && date(p.endedAt).getTime() < start.getTime();
const stored = (p: PauseRecord): StoredPause => ({ start: p.startedAt, end: p.endedAt });

interface ClockSpec {
  subject: string;
  kind: ClockKind;
  departmentCode: string;
  start: Date;
  limitDays: number;
  stop: Date | null;
  /** Whether pauses (特别程序) are excluded: the acceptance clock ignores them. */
  withPauses: boolean;
  /** The task's own pauses, on top of the case's. */
  own?: readonly PauseRecord[];
}

export function readCaseClocks(state: CaseState, base: CaseBase, ctx: ProjectionContext): CaseClocks {
  const { calendar, now, settings } = ctx;
  const { closedAt, decidedAt } = state;

  // Pauses (特别程序): excluded from every clock; an open pause runs until the clock stops or now.
  const pauses = [...state.pauses.values()].sort(byStart);
  const openPause = pauses.find((p) => p.endedAt === null);
  const pausedSince =
    openPause !== undefined && closedAt === null && decidedAt === null ? date(openPause.startedAt) : null;
  const extensionDays = state.extensions.reduce((n, x) => n + x.days, 0);

  const read = (c: ClockSpec): ClockRow => {
    const stoppedAt = c.stop ?? closedAt;
    const own = c.own ?? [];
    const ownStored = own
      .filter((p) => !endedBefore(p, c.start))
      .sort(byStart)
      .map(stored);
    const ownOpen = own.find((p) => p.endedAt === null);
    const shared = pauses.filter((p) => !endedBefore(p, c.start)).map(stored);
    const all = c.withPauses ? [...shared, ...ownStored] : [];
    const reading = readClock(
      { startedAt: c.start, limitDays: c.limitDays, stoppedAt, pauses: all },
      now,
      calendar,
      settings,
    );
    const open = stoppedAt === null;
    const ownSince = ownOpen !== undefined ? date(ownOpen.startedAt) : null;
    return {
      applicationNo: state.applicationNo,
      subject: c.subject,
      kind: c.kind,
      regionCode: base.regionCode,
      departmentCode: c.departmentCode,
      startedAt: c.start,
      limitDays: c.limitDays,
      dueAt: reading.dueAt,
      stoppedAt,
      open,
      pausedSince: open && c.withPauses ? (pausedSince ?? ownSince) : null,
      pauses: all,
      usedDays: reading.usedDays,
      level: reading.level,
    };
  };

  const clocks: ClockRow[] = [];
  // Acceptance clock (AL art. 32): the latest window from receipt (or re-receipt after 补正).
  const lastWindow = state.windows[state.windows.length - 1];
  if (lastWindow !== undefined) {
    clocks.push(
      read({
        subject: 'acceptance',
        kind: 'acceptance',
        departmentCode: base.departmentCode,
        start: lastWindow.start,
        limitDays: settings.acceptanceLimitDays,
        stop: lastWindow.stop,
        withPauses: false,
      }),
    );
  }
  const caseStop = state.decidedAt ?? state.completedAt;
  let caseClock: ClockRow | undefined;
  let legalDueAt: Date | null = null;
  if (state.acceptedAt !== null) {
    caseClock = read({
      subject: 'case',
      kind: 'case',
      departmentCode: base.departmentCode,
      start: state.acceptedAt,
      limitDays: base.promisedLimitDays + extensionDays,
      stop: caseStop,
      withPauses: true,
    });
    clocks.push(caseClock);
    legalDueAt = calendar.deadline(
      state.acceptedAt,
      base.legalLimitDays + extensionDays,
      excludedIntervals(caseClock.pauses, caseStop ?? closedAt ?? now),
    );
  }
  const facts = [...state.tasks.values()].sort(
    (x, y) => x.startedAt.getTime() - y.startedAt.getTime() || x.taskId.localeCompare(y.taskId),
  );
  const tasks = facts.map((t): TaskRow => {
    const clock = read({
      subject: `task:${t.taskId}`,
      kind: 'task',
      departmentCode: t.departmentCode,
      start: t.startedAt,
      limitDays: t.limitDays,
      stop: t.completedAt ?? caseStop,
      withPauses: true,
      own: [...(state.taskPauses.get(t.taskId)?.values() ?? [])],
    });
    clocks.push(clock);
    return { ...t, dueAt: clock.dueAt, workingDaysUsed: t.completedAt !== null ? clock.usedDays : null };
  });
  return {
    clocks,
    tasks,
    caseClock,
    pauses,
    pausedSince,
    extensionDays,
    caseStop,
    promisedDueAt: caseClock?.dueAt ?? null,
    legalDueAt,
  };
}
