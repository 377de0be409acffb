/**
 * 好差评 (supervision service): the applicant rates a completed case once; `mine` says whether it is rated. Types are
 * the service's HTTP contract (`@hall/contracts/api`); responses are checked against it in development builds.
 */
import type { MyRating, RatingGiven } from '@hall/contracts/api';
import { apiCall } from './http.js';

export type { MyRating, RatingGiven } from '@hall/contracts/api';

const BASE = '/api/supervision';

export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const ratingsApi = {
  mine(applicationNo: string, signal?: AbortSignal): Promise<MyRating> {
    return apiCall('MyRating', `${BASE}/ratings/mine`, { query: { applicationNo }, signal });
  },
  rate(applicationNo: string, level: RatingLevel, comment: string): Promise<RatingGiven> {
    return apiCall('RatingGiven', `${BASE}/ratings`, {
      method: 'POST',
      body: { applicationNo, level, ...(comment.trim() ? { comment: comment.trim() } : {}) },
    });
  },
};
