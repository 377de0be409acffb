/**
 * 依申请公开 (disclosure service, `/api/disclosure/requests`): the applicant files a request online, follows it, answers
 * a 补正 notice and opens the notices (补正告知书, 延期答复告知书, 答复书). Types are the service's HTTP contract.
 */
import type {
  AnswerBody,
  ConsultationBody,
  ConsultationEndBody,
  CorrectionBody,
  CorrectedBody,
  DeliveryBody,
  ExtensionBody,
  ExtensionDecisionBody,
  DisclosureRequestPage,
  DisclosureRequestView,
  FileRequestBody,
  RegisterRequestBody,
  RemedyBody,
  RequestListQuery,
} from '@hall/contracts/api';
import { apiCall, openProtectedFile } from './http.js';

export type {
  AnswerBody,
  DeliveryBody,
  DeliveryView,
  AnswerType,
  ApplicantOrgType,
  RegisterRequestBody,
  RemedyBody,
  RemedyOutcome,
  DisclosureRequestView,
  FileRequestBody,
  RequestStatus,
} from '@hall/contracts/api';
export {
  ANSWER_TYPES,
  APPLICANT_ORG_TYPES,
  REMEDY_OUTCOMES,
  REQUEST_STATUSES,
} from '@hall/contracts/constants';

const BASE = '/api/disclosure/requests';

/** A staff action on one request (POST /requests/:id/<action>). */
const post = (id: string, action: string, body: unknown): Promise<DisclosureRequestView> =>
  apiCall('DisclosureRequestView', `${BASE}/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });

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
  /** The applicant withdraws their own request before the answer (撤回). */
  withdraw(id: string): Promise<DisclosureRequestView> {
    return apiCall('DisclosureRequestView', `${BASE}/${encodeURIComponent(id)}/withdraw`, { method: 'POST' });
  },
  correction(id: string, body: CorrectionBody): Promise<DisclosureRequestView> {
    return post(id, 'correction', body);
  },
  consult(id: string, body: ConsultationBody): Promise<DisclosureRequestView> {
    return post(id, 'consultations', body);
  },
  endConsultation(id: string, body: ConsultationEndBody): Promise<DisclosureRequestView> {
    return post(id, 'consultations/end', body);
  },
  proposeExtension(id: string, body: ExtensionBody): Promise<DisclosureRequestView> {
    return post(id, 'extension', body);
  },
  decideExtension(id: string, body: ExtensionDecisionBody): Promise<DisclosureRequestView> {
    return post(id, 'extension/decision', body);
  },
  answer(id: string, body: AnswerBody): Promise<DisclosureRequestView> {
    return post(id, 'answer', body);
  },
  /** A request received at the window, by post, fax or e-mail, registered by the agency's officer. */
  register(body: RegisterRequestBody): Promise<DisclosureRequestView> {
    return apiCall('DisclosureRequestView', `${BASE}/register`, { method: 'POST', body });
  },
  /** 寄送/领取 of a paper answer (the agency's officer). */
  recordDelivery(id: string, body: DeliveryBody): Promise<DisclosureRequestView> {
    return post(id, 'delivery', body);
  },
  addRemedy(id: string, body: RemedyBody): Promise<DisclosureRequestView> {
    return post(id, 'remedies', body);
  },
  updateRemedy(id: string, remedyId: string, body: RemedyBody): Promise<DisclosureRequestView> {
    return apiCall(
      'DisclosureRequestView',
      `${BASE}/${encodeURIComponent(id)}/remedies/${encodeURIComponent(remedyId)}`,
      { method: 'PUT', body },
    );
  },
  openNotice(id: string, noticeId: string): Promise<void> {
    return openProtectedFile(`${BASE}/${encodeURIComponent(id)}/notices/${encodeURIComponent(noticeId)}/pdf`);
  },
};
