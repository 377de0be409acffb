/**
 * 依申请公开 (disclosure service, `/api/disclosure/requests`): the applicant files a request online, follows it, answers
 * a 补正 notice, pays a 收费通知 and opens the notices (补正告知书, 延期答复告知书, 收费通知, 答复书); the officer's actions. Types are the service's HTTP contract.
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
  FeePaymentBody,
  PaperWithdrawalBody,
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
  FeeNoticeView,
  FeePaymentBody,
  PaperWithdrawalBody,
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
  /** The applicant pays the 信息处理费 of a 收费通知 online (网上缴费); the answer follows. */
  payFee(id: string): Promise<DisclosureRequestView> {
    return apiCall('DisclosureRequestView', `${BASE}/${encodeURIComponent(id)}/fee/pay`, { method: 'POST' });
  },
  /** The officer records a payment of the 信息处理费 (day paid, receipt number); the answer follows. */
  recordFeePayment(id: string, body: FeePaymentBody): Promise<DisclosureRequestView> {
    return post(id, 'fee/payment', body);
  },
  /** The officer registers a withdrawal the applicant sent on paper (书面撤回). */
  withdrawOnPaper(id: string, body: PaperWithdrawalBody): Promise<DisclosureRequestView> {
    return post(id, 'withdrawal', body);
  },
  /** The scanned withdrawal letter (multipart field "file"). */
  uploadWithdrawalScan(id: string, file: File): Promise<DisclosureRequestView> {
    const body = new FormData();
    body.append('file', file, file.name);
    return post(id, 'withdrawal/scan', body);
  },
  openWithdrawalScan(id: string): Promise<void> {
    return openProtectedFile(`${BASE}/${encodeURIComponent(id)}/withdrawal/scan`);
  },
  openNotice(id: string, noticeId: string): Promise<void> {
    return openProtectedFile(`${BASE}/${encodeURIComponent(id)}/notices/${encodeURIComponent(noticeId)}/pdf`);
  },
};
