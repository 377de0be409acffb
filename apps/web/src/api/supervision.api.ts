/** Supervision service (电子监察) — paths fixed by issue #7, for the supervision dashboard. */
import { apiFetch, openProtectedFile } from './http.js';

const BASE = '/api/supervision';
const enc = encodeURIComponent;

export const supervisionPaths = {
  timeline: (no: string) => `${BASE}/cases/${enc(no)}/timeline`,
  alerts: `${BASE}/alerts`,
  alertAction: (id: string, action: 'ack' | 'resolve') => `${BASE}/alerts/${enc(id)}/${action}`,
  anomalies: `${BASE}/anomalies`,
  stats: `${BASE}/stats`,
  statsExport: `${BASE}/stats/export.xlsx`,
  ratings: `${BASE}/ratings`,
  calendar: (year: number) => `${BASE}/calendar/${year}`,
  risk: `${BASE}/risk`,
} as const;

// ---- Supervision dashboard (电子监察看板): client and shapes as apps/supervision answers them ----

export type CardLevel = 'green' | 'yellow' | 'red';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved' | 'cleared';
export type WarningType = 'yellow-card' | 'red-card' | 'anomaly';
export type StatsGroupBy = 'department' | 'region' | 'item' | 'month';

export interface StatsRow {
  key: string;
  label: string;
  received: number;
  accepted: number;
  completed: number;
  finished: number;
  onTime: number;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  p90WorkingDays: number | null;
  overdue: number;
  cards: Record<CardLevel, number>;
  ratings: { '1': number; '2': number; '3': number; '4': number; '5': number; good: number; medium: number; bad: number };
}

export interface StatsResult {
  groupBy: StatsGroupBy;
  from: string | null;
  to: string | null;
  rows: StatsRow[];
  total: StatsRow;
}

export interface StatsQuery {
  groupBy?: StatsGroupBy;
  from?: string;
  to?: string;
}

/** 督办 record (GB/T 39046 §6.8 field names). */
export interface AlertRecord {
  id: string;
  supervisionNo: string;
  caseNo: string;
  content: string;
  body: string;
  itemType: string;
  itemName: string;
  raisedAt: string;
  ruleNo: string;
  warningType: WarningType;
  level: 'yellow' | 'red';
  subject: string;
  result: string | null;
  responsibleDepartment: string;
  regionCode: string;
  status: AlertStatus;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  clearedAt: string | null;
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface AlertQuery {
  level?: 'yellow' | 'red';
  dept?: string;
  status?: AlertStatus;
  warningType?: WarningType;
  applicationNo?: string;
  page?: number;
  pageSize?: number;
}

export interface AnomalyRecord {
  id: string;
  applicationNo: string;
  ruleNo: string;
  subject: string;
  title: string;
  detail: string;
  at: string;
  regionCode: string;
  departmentCode: string;
}

export interface AnomalyPage extends Paged<AnomalyRecord> {
  rules: Record<string, string>;
}

export interface StepRisk {
  taskId: string | null;
  departmentCode: string;
  departmentName: string;
  elapsedDays: number;
  limitDays: number;
  probability: number;
  basis: string;
  samples: number;
  expectedRemainingDays: number;
  queue: { ahead: number; ratePerDay: number; waitDays: number };
}

export interface CaseRisk {
  applicationNo: string;
  itemName: string;
  regionCode: string;
  departmentCode: string;
  status: string;
  promisedDueAt: string;
  remainingWorkingDays: number;
  probability: number;
  slowestStep: StepRisk;
  steps: StepRisk[];
  reasons: string[];
}

export interface RiskResult {
  readAt: string;
  total: number;
  items: CaseRisk[];
}

export interface Pause {
  start: string;
  end: string | null;
}

export interface CaseTaskRow {
  taskId: string;
  departmentCode: string;
  departmentName: string;
  role: string;
  limitDays: number;
  startedAt: string;
  completedAt: string | null;
  dueAt: string;
  assigneeName: string | null;
  verdict: string | null;
  workingDaysUsed: number | null;
}

export interface CaseClockRow {
  subject: string;
  kind: string;
  startedAt: string;
  limitDays: number;
  dueAt: string;
  stoppedAt: string | null;
  open: boolean;
  pauses: Pause[];
  usedDays: number;
  level: string;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  label: string;
  occurredAt: string;
  actor: { name?: string; role?: string; department?: string } | null;
  /** The case trace (W3C trace id) the event travelled in; staff view only. */
  traceId?: string | null;
}

export interface SupervisedCaseRow {
  applicationNo: string;
  status: string;
  regionCode: string;
  departmentCode: string;
  itemName: string;
  applicantName: string | null;
  receivedAt: string | null;
  acceptedAt: string | null;
  promisedLimitDays: number;
  legalLimitDays: number;
  extensionDays: number;
  promisedDueAt: string | null;
  /** 暂定: a deadline counted into a year without the official holiday arrangement. */
  provisional?: boolean;
  pauses: Pause[];
  decidedAt: string | null;
  completedAt: string | null;
  deliveredAt: string | null;
  closedAt: string | null;
  workingDaysUsed: number | null;
  onTime: boolean | null;
  cardLevel: CardLevel;
}

export interface CaseTimeline {
  applicationNo: string;
  view: 'supervisor' | 'applicant';
  readAt?: string;
  case: SupervisedCaseRow;
  tasks?: CaseTaskRow[];
  clocks?: CaseClockRow[];
  anomalies?: AnomalyRecord[];
  entries: TimelineEntry[];
}

export interface CalendarYear {
  year: number;
  /** official = the State Council's arrangement; otherwise provisional (statutory holidays only, or weekends only). */
  basis?: 'official' | 'statutory-rules' | 'weekends-only';
  provisional?: boolean;
  holidays: string[];
  workdays: string[];
  source: string | null;
  hasData: boolean;
  overridden: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
  reevaluatedCases?: number;
}

/** GET /calendar: the provisional years the dashboard warns about. */
export interface CalendarStatus {
  currentYear: number;
  officialYears: number[];
  provisionalYears: Array<{ year: number; basis: 'statutory-rules' | 'weekends-only' }>;
  provisionalOpenClocks: number;
}

const SUP = '/api/supervision';

export const supervisionApi = {
  stats: (q: StatsQuery, signal?: AbortSignal) => apiFetch<StatsResult>(supervisionPaths.stats, { query: { ...q }, signal }),
  /** Downloads the statistics as Excel or CSV (the service renders them). */
  exportStats: (format: 'xlsx' | 'csv', q: StatsQuery) => {
    const query = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    const qs = query.toString();
    return openProtectedFile(`${SUP}/stats/export.${format}${qs ? `?${qs}` : ''}`, `supervision-stats.${format}`);
  },
  alerts: (q: AlertQuery, signal?: AbortSignal) => apiFetch<Paged<AlertRecord>>(supervisionPaths.alerts, { query: { ...q }, signal }),
  /** 签收 with a 督办意见 (the supervision notice's text). */
  acknowledge: (id: string, note: string) => apiFetch<AlertRecord>(supervisionPaths.alertAction(id, 'ack'), { method: 'POST', body: { note } }),
  resolve: (id: string, result: string) => apiFetch<AlertRecord>(supervisionPaths.alertAction(id, 'resolve'), { method: 'POST', body: { result } }),
  anomalies: (q: { rule?: string; dept?: string; applicationNo?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    apiFetch<AnomalyPage>(supervisionPaths.anomalies, { query: { ...q }, signal }),
  risk: (q: { dept?: string; minProbability?: number; limit?: number }, signal?: AbortSignal) => apiFetch<RiskResult>(supervisionPaths.risk, { query: { ...q }, signal }),
  timeline: (no: string, signal?: AbortSignal) => apiFetch<CaseTimeline>(supervisionPaths.timeline(no), { signal }),
  calendar: (year: number, signal?: AbortSignal) => apiFetch<CalendarYear>(supervisionPaths.calendar(year), { signal }),
  calendarStatus: (signal?: AbortSignal) => apiFetch<CalendarStatus>(`${SUP}/calendar`, { signal }),
  saveCalendar: (year: number, body: { holidays: string[]; workdays: string[]; source?: string }) =>
    apiFetch<CalendarYear>(supervisionPaths.calendar(year), { method: 'PUT', body }),
};
