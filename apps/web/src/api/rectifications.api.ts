/**
 * 差评整改 (supervision service): every bad rating (4–5) opens a rectification that the supervisor calls back
 * (回访), records the result of (整改结果) and, when the applicant appeals that result (申诉), reviews (复核):
 * upheld reopens it with a new deadline, dismissed closes it. Paths and shapes: apps/supervision/src/ratings.
 */
import { apiFetch } from './http.js';

const BASE = '/api/supervision';
const enc = encodeURIComponent;

export const RECTIFICATION_STATUSES = ['open', 'called-back', 'rectified', 'appealed', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const CALLBACK_METHODS = ['phone', 'sms', 'visit', 'other'] as const;
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

export interface CallbackRecord {
  method: CallbackMethod;
  reached: boolean;
  summary: string;
  at: string;
  by: string;
  byName?: string;
}

export interface RectificationRecord {
  id: string;
  ratingId: string;
  applicationNo: string;
  departmentCode: string;
  regionCode: string;
  status: RectificationStatus;
  round: number;
  openedAt: string;
  dueAt: string;
  overdue: boolean;
  callbacks: CallbackRecord[];
  result: string | null;
  resultAt: string | null;
  appealReason: string | null;
  appealedAt: string | null;
  reviewOutcome: 'upheld' | 'dismissed' | null;
  reviewConclusion: string | null;
  reviewedAt: string | null;
  rating: { level: number; label: string; comment: string | null; channel: string; raterName: string; ratedAt: string; itemName: string } | null;
}

/** What the applicant who rated sees of the rectification of their bad rating. */
export interface MyRectification {
  id: string;
  status: RectificationStatus;
  round: number;
  openedAt: string;
  dueAt: string;
  callbacks: number;
  result: string | null;
  resultAt: string | null;
  appealReason: string | null;
  appealedAt: string | null;
  reviewOutcome: 'upheld' | 'dismissed' | null;
  reviewConclusion: string | null;
  reviewedAt: string | null;
}

export const rectificationsApi = {
  list: (q: { status?: RectificationStatus }, signal?: AbortSignal) => apiFetch<{ items: RectificationRecord[] }>(`${BASE}/rectifications`, { query: { ...q }, signal }),
  callback: (id: string, body: { method: CallbackMethod; reached: boolean; summary: string }) =>
    apiFetch<RectificationRecord>(`${BASE}/rectifications/${enc(id)}/callback`, { method: 'POST', body }),
  result: (id: string, result: string) => apiFetch<RectificationRecord>(`${BASE}/rectifications/${enc(id)}/result`, { method: 'POST', body: { result } }),
  review: (id: string, upheld: boolean, conclusion: string) =>
    apiFetch<RectificationRecord>(`${BASE}/rectifications/${enc(id)}/review`, { method: 'POST', body: { upheld, conclusion } }),
  /** 申诉: the applicant disputes the rectification result of their bad rating. */
  appeal: (ratingId: string, reason: string) => apiFetch<unknown>(`${BASE}/ratings/${enc(ratingId)}/appeal`, { method: 'POST', body: { reason } }),
};
