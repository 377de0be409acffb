/**
 * Supervision service (电子监察) — the supervision dashboard's client. Request and response types are the service's
 * HTTP contract (`@hall/contracts/api`, libs/contracts/src/supervision/supervision-api.ts); responses are checked
 * against it in development builds (apiCall).
 */
import type {
  AlertListQuery,
  AnomalyListQuery,
  MatterListQuery,
  RiskQuery,
  StatsQuery as StatsQueryParams,
  YearInput,
} from '@hall/contracts/api';
import { apiCall, openProtectedFile } from './http.js';

export type {
  AlertLevel,
  AlertPage,
  AlertRecord,
  AlertStatus,
  AnomalyPage,
  AnomalyRecord,
  AnomalyRuleNo,
  CalendarStatus,
  CalendarYear,
  CalendarYearReplaced,
  CardLevel,
  CaseClockView,
  CaseRisk,
  CaseTaskView,
  CaseTimeline,
  CaseTimelineEntry,
  ClockPause as Pause,
  RiskResult,
  StatsGroupBy,
  StatsResult,
  StatsRow,
  StepRisk,
  SupervisedCaseView,
  SupervisorCaseTimeline,
  WarningType,
  MatterKind,
  MatterPage,
  MatterPause,
  MatterSubKind,
  MatterSummary,
  MatterSummaryRow,
  MatterTimeline,
  MatterTimelineEntry,
  MatterStatus,
  SupervisedMatter,
} from '@hall/contracts/api';

/** Query filters as the screens hold them: every parameter optional (the service applies the defaults). */
export type StatsQuery = Partial<StatsQueryParams>;
export type AlertQuery = Partial<AlertListQuery>;
/** `rule` as picked from the answer's `rules` (a rule number the service validates). */
export type AnomalyQuery = Partial<Omit<AnomalyListQuery, 'rule'>> & { rule?: string };
export type RiskFilter = Partial<RiskQuery>;

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
  matters: `${BASE}/matters`,
} as const;

/** Filters of the requests-and-enquiries list (every one optional). */
export type MatterQuery = Partial<Omit<MatterListQuery, 'page' | 'pageSize'>> & {
  page?: number;
  pageSize?: number;
};

export const supervisionApi = {
  stats: (q: StatsQuery, signal?: AbortSignal) =>
    apiCall('StatsResult', supervisionPaths.stats, { query: { ...q }, signal }),
  /** Downloads the statistics as Excel or CSV (the service renders them). */
  exportStats: (format: 'xlsx' | 'csv', q: StatsQuery) => {
    const query = new URLSearchParams(
      Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    );
    const qs = query.toString();
    return openProtectedFile(
      `${BASE}/stats/export.${format}${qs ? `?${qs}` : ''}`,
      `supervision-stats.${format}`,
    );
  },
  alerts: (q: AlertQuery, signal?: AbortSignal) =>
    apiCall('AlertPage', supervisionPaths.alerts, { query: { ...q }, signal }),
  /** 签收 with a 督办意见 (the supervision notice's text). */
  acknowledge: (id: string, note: string) =>
    apiCall('AlertRecord', supervisionPaths.alertAction(id, 'ack'), { method: 'POST', body: { note } }),
  resolve: (id: string, result: string) =>
    apiCall('AlertRecord', supervisionPaths.alertAction(id, 'resolve'), { method: 'POST', body: { result } }),
  anomalies: (q: AnomalyQuery, signal?: AbortSignal) =>
    apiCall('AnomalyPage', supervisionPaths.anomalies, { query: { ...q }, signal }),
  risk: (q: RiskFilter, signal?: AbortSignal) =>
    apiCall('RiskResult', supervisionPaths.risk, { query: { ...q }, signal }),
  timeline: (no: string, signal?: AbortSignal) =>
    apiCall('CaseTimeline', supervisionPaths.timeline(no), { signal }),
  calendar: (year: number, signal?: AbortSignal) =>
    apiCall('CalendarYear', supervisionPaths.calendar(year), { signal }),
  /** 依申请公开 requests and enquiries with their answer clocks (监察事项). */
  matters: (q: MatterQuery, signal?: AbortSignal) =>
    apiCall('MatterPage', supervisionPaths.matters, { query: { ...q }, signal }),
  matterSummary: (signal?: AbortSignal) =>
    apiCall('MatterSummary', `${supervisionPaths.matters}/summary`, { signal }),
  /** One request's or enquiry's timeline (its number carries a `/`: a query value). */
  matterTimeline: (no: string, signal?: AbortSignal) =>
    apiCall('MatterTimeline', `${supervisionPaths.matters}/timeline`, { query: { no }, signal }),
  calendarStatus: (signal?: AbortSignal) => apiCall('CalendarStatus', `${BASE}/calendar`, { signal }),
  saveCalendar: (year: number, body: YearInput) =>
    apiCall('CalendarYearReplaced', supervisionPaths.calendar(year), { method: 'PUT', body }),
};
