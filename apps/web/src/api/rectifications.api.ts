/**
 * 差评整改 (supervision service): every bad rating (4–5) opens a rectification that the supervisor calls back
 * (回访), records the result of (整改结果) and, when the applicant appeals that result (申诉), reviews (复核):
 * upheld reopens it with a new deadline, dismissed closes it. Request and response types are the service's HTTP
 * contract (`@hall/contracts/api`, libs/contracts/src/supervision/supervision-api.ts); responses are checked against
 * it in development builds (apiCall).
 */
import type { CallbackInput, RectificationListQuery } from '@hall/contracts/api';
import { apiCall } from './http.js';

export type {
  CallbackMethod,
  CallbackRecord,
  MyRectification,
  Rectification,
  RectificationListItem as RectificationRecord,
  RectificationStatus,
} from '@hall/contracts/api';

const BASE = '/api/supervision';
const enc = encodeURIComponent;

export const RECTIFICATION_STATUSES = ['open', 'called-back', 'rectified', 'appealed', 'closed'] as const;
export const CALLBACK_METHODS = ['phone', 'sms', 'visit', 'other'] as const;

export const rectificationsApi = {
  list: (q: RectificationListQuery, signal?: AbortSignal) =>
    apiCall('RectificationList', `${BASE}/rectifications`, { query: { ...q }, signal }),
  callback: (id: string, body: CallbackInput) =>
    apiCall('Rectification', `${BASE}/rectifications/${enc(id)}/callback`, { method: 'POST', body }),
  result: (id: string, result: string) =>
    apiCall('Rectification', `${BASE}/rectifications/${enc(id)}/result`, {
      method: 'POST',
      body: { result },
    }),
  review: (id: string, upheld: boolean, conclusion: string) =>
    apiCall('Rectification', `${BASE}/rectifications/${enc(id)}/review`, {
      method: 'POST',
      body: { upheld, conclusion },
    }),
  /** 申诉: the applicant disputes the rectification result of their bad rating. */
  appeal: (ratingId: string, reason: string) =>
    apiCall('Rectification', `${BASE}/ratings/${enc(ratingId)}/appeal`, { method: 'POST', body: { reason } }),
};
