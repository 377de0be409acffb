import type { RatingGiven } from '@hall/contracts';
import { ratingView, rectificationView } from '../views.js';
import type { RatingRepository } from './rating.repository.js';

/** 1 非常满意 … 5 非常不满意. */
export const RATING_LABELS: Readonly<Record<number, string>> = {
  1: '非常满意',
  2: '满意',
  3: '基本满意',
  4: '不满意',
  5: '非常不满意',
};

export function gradeOf(level: number): 'good' | 'medium' | 'bad' {
  return level <= 2 ? 'good' : level === 3 ? 'medium' : 'bad';
}

/** How a rating was given: the applicant online, or on the window's rating device (评价器) at pickup. */
export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  web: '网上评价（申请人本人）',
  window: '窗口评价（评价器，现场取件时）',
};

/** The zh-CN labels of a rating's level and channel. */
export function labelsOf(r: { level: number; channel: string }): { label: string; channelLabel: string } {
  return {
    label: RATING_LABELS[r.level] ?? String(r.level),
    channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
  };
}

/** One stored rating with its rectification, as the API returns it. */
export async function ratingGiven(
  repo: Pick<RatingRepository, 'rating' | 'rectificationOfRating'>,
  id: string,
): Promise<RatingGiven> {
  const r = await repo.rating(id);
  if (r === null) throw new Error(`rating ${id} vanished after it was stored`);
  const rectification = await repo.rectificationOfRating(id);
  return {
    ...ratingView(r, labelsOf(r)),
    rectification: rectification === null ? null : rectificationView(rectification),
  };
}
