/** Supervision service (电子监察) — paths fixed by issue #7, for the supervision dashboard. */
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
