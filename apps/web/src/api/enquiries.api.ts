/**
 * 在线咨询与投诉 (intake service, `/api/intake/enquiries`, `/api/intake/public/enquiries`): suggestions before sending,
 * asking (signed in, or an anonymous 咨询 with its 查询码), my enquiries with rating and one follow-up, the dispatcher's
 * and the department's queues, and the published answers. Types are the service's HTTP contract.
 */
import type {
  EnquiryDeflectionBody,
  EnquiryDeflectionReceipt,
  EnquiryPage,
  EnquiryRating,
  EnquiryReceipt,
  EnquiryStats,
  EnquiryStatsQuery,
  EnquirySuggestionList,
  EnquirySuggestionQuery,
  EnquiryView,
  EnquiryWorkQuery,
  PublishedEnquiryPage,
  PublishedEnquiryQuery,
  SubmitEnquiryBody,
} from '@hall/contracts/api';
import { apiCall, buildQuery, openProtectedFile } from './http.js';

export type {
  EnquiryStats,
  EnquiryStatsRow,
  EnquiryRating,
  EnquiryStatus,
  EnquirySuggestion,
  EnquirySuggestionSource,
  EnquirySummary,
  EnquiryType,
  EnquiryView,
  PublishedEnquiry,
  SubmitEnquiryBody,
} from '@hall/contracts/api';
export { ENQUIRY_RATINGS, ENQUIRY_TYPES } from '@hall/contracts/constants';

const BASE = '/api/intake/enquiries';
const PUBLIC = '/api/intake/public/enquiries';
const one = (no: string) => `${BASE}/${encodeURIComponent(no)}`;

const act = (no: string, action: string, body: unknown): Promise<EnquiryView> =>
  apiCall('EnquiryView', `${one(no)}/${action}`, { method: 'POST', body });

export const enquiriesApi = {
  suggestions(query: EnquirySuggestionQuery, signal?: AbortSignal): Promise<EnquirySuggestionList> {
    return apiCall('EnquirySuggestionList', `${PUBLIC}/suggestions`, { query: { ...query }, signal });
  },
  deflect(body: EnquiryDeflectionBody): Promise<EnquiryDeflectionReceipt> {
    return apiCall('EnquiryDeflectionReceipt', `${PUBLIC}/deflections`, { method: 'POST', body });
  },
  /** Signed in: any type; anonymous: a 咨询 only, answered with its 查询码. */
  submit(body: SubmitEnquiryBody, signedIn: boolean): Promise<EnquiryReceipt> {
    return apiCall('EnquiryReceipt', signedIn ? BASE : PUBLIC, { method: 'POST', body });
  },
  /**
   * An anonymous 咨询 with files, in one multipart request: the enquiry first, then the files (the service checks
   * each by its bytes; a refused one stores nothing).
   */
  submitAnonymousWithFiles(body: SubmitEnquiryBody, files: readonly File[]): Promise<EnquiryReceipt> {
    const form = new FormData();
    form.append('enquiry', JSON.stringify(body));
    for (const f of files) form.append('files', f, f.name);
    return apiCall('EnquiryReceipt', `${PUBLIC}/with-files`, { method: 'POST', body: form });
  },
  /** An anonymous enquiry by its number and 查询码 (a wrong code: 404). */
  lookup(no: string, code: string, signal?: AbortSignal): Promise<EnquiryView> {
    return apiCall('EnquiryView', `${PUBLIC}/${encodeURIComponent(no)}`, { query: { code }, signal });
  },
  rateAnonymous(no: string, code: string, rating: EnquiryRating, comment?: string): Promise<EnquiryView> {
    return apiCall('EnquiryView', `${PUBLIC}/${encodeURIComponent(no)}/rating`, {
      method: 'POST',
      body: { code, rating, ...(comment ? { comment } : {}) },
    });
  },
  followUpAnonymous(no: string, code: string, text: string): Promise<EnquiryView> {
    return apiCall('EnquiryView', `${PUBLIC}/${encodeURIComponent(no)}/follow-up`, {
      method: 'POST',
      body: { code, text },
    });
  },
  mine(page: number, signal?: AbortSignal): Promise<EnquiryPage> {
    return apiCall('EnquiryPage', `${BASE}/mine`, { query: { page }, signal });
  },
  work(
    query: Partial<EnquiryWorkQuery> & Pick<EnquiryWorkQuery, 'queue'>,
    signal?: AbortSignal,
  ): Promise<EnquiryPage> {
    return apiCall('EnquiryPage', `${BASE}/work`, { query: { ...query }, signal });
  },
  get(no: string, signal?: AbortSignal): Promise<EnquiryView> {
    return apiCall('EnquiryView', one(no), { signal });
  },
  route(no: string, departmentCode: string, note?: string): Promise<EnquiryView> {
    return act(no, 'route', { departmentCode, ...(note ? { note } : {}) });
  },
  transfer(no: string, reason: string): Promise<EnquiryView> {
    return act(no, 'transfer', { reason });
  },
  answer(no: string, answer: string, attachmentIds?: string[]): Promise<EnquiryView> {
    return act(no, 'answer', { answer, ...(attachmentIds?.length ? { attachmentIds } : {}) });
  },
  followUp(no: string, text: string): Promise<EnquiryView> {
    return act(no, 'follow-up', { text });
  },
  /** Department: ask once for more working days. */
  requestExtension(no: string, days: number, reason: string): Promise<EnquiryView> {
    return act(no, 'extension', { days, reason });
  },
  /** Service centre: approve or reject the extension request. */
  decideExtension(no: string, approve: boolean, note?: string): Promise<EnquiryView> {
    return act(no, 'extension/decision', { approve, ...(note ? { note } : {}) });
  },
  /** Service centre: 复核 of an unsatisfied complaint. */
  review(no: string, decision: 'uphold' | 'reanswer', note: string): Promise<EnquiryView> {
    return act(no, 'review', { decision, note });
  },
  rate(no: string, rating: EnquiryRating, comment?: string): Promise<EnquiryView> {
    return act(no, 'rating', { rating, ...(comment ? { comment } : {}) });
  },
  stats(query: EnquiryStatsQuery, signal?: AbortSignal): Promise<EnquiryStats> {
    return apiCall('EnquiryStats', `${BASE}/stats`, { query: { ...query }, signal });
  },
  /** Saves the statistics as CSV or Excel. */
  exportStats(query: EnquiryStatsQuery, format: 'csv' | 'xlsx'): Promise<void> {
    return openProtectedFile(
      `${BASE}/stats/export.${format}${buildQuery({ ...query })}`,
      `enquiry-stats.${format}`,
    );
  },
  published(query: Partial<PublishedEnquiryQuery>, signal?: AbortSignal): Promise<PublishedEnquiryPage> {
    return apiCall('PublishedEnquiryPage', PUBLIC, { query: { ...query }, signal });
  },
};
