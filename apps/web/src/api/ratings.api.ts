/** 好差评 (supervision service): the applicant rates a completed case once; `mine` says whether it is rated. */
import { apiFetch } from './http.js';
import type { MyRectification } from './rectifications.api.js';

const BASE = '/api/supervision';

export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export interface MyRating {
  applicationNo: string;
  /** Supervision knows the case is 办结 (completed); ratings are accepted from then on. */
  completed: boolean;
  rating: {
    id: string;
    level: RatingLevel;
    label: string;
    grade: string;
    comment: string | null;
    ratedAt: string;
    /** The rectification a bad rating opened (整改, 申诉复核); absent from older answers. */
    rectification?: MyRectification | null;
  } | null;
}

export const ratingsApi = {
  mine(applicationNo: string, signal?: AbortSignal): Promise<MyRating> {
    return apiFetch<MyRating>(`${BASE}/ratings/mine`, { query: { applicationNo }, signal });
  },
  rate(applicationNo: string, level: RatingLevel, comment: string): Promise<unknown> {
    return apiFetch(`${BASE}/ratings`, { method: 'POST', body: { applicationNo, level, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
  },
};
