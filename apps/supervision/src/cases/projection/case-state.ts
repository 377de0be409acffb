import type { WorkingCalendar } from '@hall/calendar';
import type { SupervisionSettings } from '../../config/supervision.settings.js';
import type { HandoverRecord } from '@hall/contracts';
import type { CardLevel, StoredPause } from '../../clocks/clock.js';

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
  /** 代办 handover (转交) with its working time; null when the case was not handed over. */
  handover: HandoverRecord | null;
  /** The township or village whose point took the application in; null when taken in at the window. */
  takenInRegion: string | null;
}

/** A 代办 point or window as the handover event names it. */
export interface PointFacts {
  id: string;
  name: string;
  regionCode: string;
}

/** The first 代办 handover of the case (a redelivered or repeated event does not move it). */
export interface HandoverFacts {
  from: PointFacts;
  to: PointFacts;
  at: Date;
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

/** The case's identity and limits, from the first event that carries them (intake's override approval's). */
export interface CaseBase {
  regionCode: string;
  departmentCode: string;
  implementationCode: string;
  implementationVersion: number;
  itemName: string;
  promisedLimitDays: number;
  legalLimitDays: number;
}

/** One acceptance window (AL art. 32): from receipt or re-receipt after 补正 to the answer. */
export interface AcceptanceWindow {
  start: Date;
  stop: Date | null;
  stopType: string | null;
}

export interface Refusal {
  at: Date;
  reasons: string;
  source: 'intake' | 'approval';
}

export interface IssuedLicence {
  identifier: string;
  issuedAt: Date;
}

/** A task as the events describe it; its due date and used days are read from its clock afterwards. */
export type TaskFacts = Omit<TaskRow, 'dueAt' | 'workingDaysUsed'>;

/** Everything the event history says about one case, before clocks are read at `now`. Never mutated. */
export interface CaseState {
  readonly applicationNo: string;
  readonly base: CaseBase | undefined;
  readonly status: string;
  readonly applicantUserId: string | null;
  readonly applicantName: string | null;
  readonly receivedAt: Date | null;
  readonly acceptedAt: Date | null;
  readonly acceptedBy: string | null;
  readonly acceptanceMode: string | null;
  readonly refusedAt: Date | null;
  readonly caseId: string | null;
  readonly jointKind: string | null;
  readonly decisionOutcome: string | null;
  readonly decisionReasons: string | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly completedAt: Date | null;
  readonly completionOutcome: string | null;
  readonly deliveredAt: Date | null;
  readonly deliveryMethod: string | null;
  readonly closedAt: Date | null;
  readonly supplements: readonly Date[];
  /** Refused second notices (intake answered 409 and kept the application unchanged): still a breach of 一次性告知. */
  readonly rejectedNotices: readonly Date[];
  readonly windows: readonly AcceptanceWindow[];
  /** Case-level pauses (特别程序) by procedure id. */
  readonly pauses: ReadonlyMap<string, PauseRecord>;
  /** Task-level pauses (approval.task.suspended/resumed) by task id: they stop that step's clock only, never the case's. */
  readonly taskPauses: ReadonlyMap<string, ReadonlyMap<string, PauseRecord>>;
  readonly extensions: readonly ExtensionRecord[];
  readonly licences: readonly IssuedLicence[];
  readonly tasks: ReadonlyMap<string, TaskFacts>;
  readonly refusals: readonly Refusal[];
  /** Everyone who took part in approval, first participation first (rule A07). */
  readonly approvalOfficials: ReadonlyMap<string, { name: string; at: Date }>;
  readonly handover: HandoverFacts | null;
  /** The township or village point that took the application in (submission), if below the county. */
  readonly takenIn: PointFacts | null;
  readonly lastEventAt: Date | null;
}

export function initialCaseState(applicationNo: string): CaseState {
  return {
    applicationNo,
    base: undefined,
    status: 'submitted',
    applicantUserId: null,
    applicantName: null,
    receivedAt: null,
    acceptedAt: null,
    acceptedBy: null,
    acceptanceMode: null,
    refusedAt: null,
    caseId: null,
    jointKind: null,
    decisionOutcome: null,
    decisionReasons: null,
    decidedAt: null,
    decidedBy: null,
    completedAt: null,
    completionOutcome: null,
    deliveredAt: null,
    deliveryMethod: null,
    closedAt: null,
    supplements: [],
    rejectedNotices: [],
    windows: [],
    pauses: new Map(),
    taskPauses: new Map(),
    extensions: [],
    licences: [],
    tasks: new Map(),
    refusals: [],
    approvalOfficials: new Map(),
    handover: null,
    takenIn: null,
    lastEventAt: null,
  };
}

/** What an anomaly rule reads: the folded state, its identity, the tasks with their clocks read, and `now`. */
export interface RuleInput {
  readonly state: CaseState;
  readonly base: CaseBase;
  /** Tasks ordered by start, with `dueAt` and `workingDaysUsed` read from their clocks. */
  readonly tasks: readonly TaskRow[];
  /** Where the case clock stopped (decision, else completion); null while it runs. */
  readonly caseStop: Date | null;
  readonly ctx: ProjectionContext;
}
