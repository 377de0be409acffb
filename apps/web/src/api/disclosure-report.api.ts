/**
 * 政府信息公开工作年度报告 (disclosure service, `/api/disclosure/reports`): the agency's report of a year with its
 * computed tables, the draft (narrative and manual cells), publication, and the PDF / Word / Excel exports.
 */
import type { AnnualReport, AnnualReportList, ReportDraftBody } from '@hall/contracts/api';
import { apiCall, openProtectedFile } from './http.js';

export type { AnnualReport, ManualCell, ProactiveCell, ReportDraftBody } from '@hall/contracts/api';

export { REFUSAL_GROUNDS, UNAVAILABLE_GROUNDS } from '@hall/contracts/constants';

const BASE = '/api/disclosure/reports';

export const disclosureReportApi = {
  list(signal?: AbortSignal): Promise<AnnualReportList> {
    return apiCall('AnnualReportList', BASE, { signal });
  },
  get(year: number, signal?: AbortSignal): Promise<AnnualReport> {
    return apiCall('AnnualReport', `${BASE}/${year}`, { signal });
  },
  save(year: number, body: ReportDraftBody): Promise<AnnualReport> {
    return apiCall('AnnualReport', `${BASE}/${year}`, { method: 'PUT', body });
  },
  publish(year: number): Promise<AnnualReport> {
    return apiCall('AnnualReport', `${BASE}/${year}/publish`, { method: 'POST', body: {} });
  },
  pdf(year: number, name: string): Promise<void> {
    return openProtectedFile(`${BASE}/${year}/pdf`, `${name}.pdf`);
  },
  docx(year: number, name: string): Promise<void> {
    return openProtectedFile(`${BASE}/${year}/docx`, `${name}.docx`);
  },
  xlsx(year: number, name: string): Promise<void> {
    return openProtectedFile(`${BASE}/${year}/xlsx`, `${name}.xlsx`);
  },
};
