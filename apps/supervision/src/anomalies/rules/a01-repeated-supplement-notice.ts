import { anomaly, type AnomalyRule } from './anomaly.js';

/** A01 一次性告知: a second 补正 notice (sent, or refused by intake) breaks the duty to say everything at once. */
export const repeatedSupplementNotice: AnomalyRule = (input) => {
  const { supplements, rejectedNotices } = input.state;
  const notices = [...supplements, ...rejectedNotices].sort((x, y) => x.getTime() - y.getTime());
  const second = notices[1];
  if (second === undefined) return [];
  const detail =
    rejectedNotices.length === 0
      ? `共发出 ${supplements.length} 次补正通知（应一次性告知）`
      : `发出 ${supplements.length} 次补正通知，另有 ${rejectedNotices.length} 次再次告知被拒（应一次性告知）`;
  return [anomaly(input, 'A01', 'case', second, detail)];
};
