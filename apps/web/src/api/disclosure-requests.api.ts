/**
 * 依申请公开 (disclosure service, `/api/disclosure/requests`): the applicant files a request online, follows it, answers
 * a 补正 notice and opens the notices (补正告知书, 延期答复告知书, 答复书). Types are the service's HTTP contract.
 */
import type {
  CorrectedBody,
  DisclosureRequestPage,
  DisclosureRequestView,
  FileRequestBody,
  RequestListQuery,
} from '@hall/contracts/api';
import { apiCall, openProtectedFile } from './http.js';

export type { DisclosureRequestView, FileRequestBody, RequestStatus } from '@hall/contracts/api';
export { REQUEST_STATUSES } from '@hall/contracts/constants';

const BASE = '/api/disclosure/requests';

export const disclosureRequestsApi = {
  list(query: RequestListQuery, signal?: AbortSignal): Promise<DisclosureRequestPage> {
    return apiCall('DisclosureRequestPage', BASE, { query: { ...query }, signal });
  },
  file(body: FileRequestBody): Promise<DisclosureRequestView> {
    return apiCall('DisclosureRequestView', BASE, { method: 'POST', body });
  },
  corrected(id: string, body: CorrectedBody): Promise<DisclosureRequestView> {
    return apiCall('DisclosureRequestView', `${BASE}/${encodeURIComponent(id)}/corrected`, {
      method: 'POST',
      body,
    });
  },
  openNotice(id: string, noticeId: string): Promise<void> {
    return openProtectedFile(`${BASE}/${encodeURIComponent(id)}/notices/${encodeURIComponent(noticeId)}/pdf`);
  },
};
