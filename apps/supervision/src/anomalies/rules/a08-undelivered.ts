import { anomaly, type AnomalyRule } from './anomaly.js';

/** A08: completed (办结) but not delivered (出件) within the configured working days. */
export const undelivered: AnomalyRule = (input) => {
  const { completedAt, deliveredAt } = input.state;
  const { calendar, now, settings } = input.ctx;
  if (completedAt === null) return [];
  const limit = calendar.addWorkingDays(completedAt, settings.undeliveredAfterDays);
  const late = (deliveredAt ?? now).getTime() > limit.getTime();
  if (!late) return [];
  const detail = `办结后 ${settings.undeliveredAfterDays} 个工作日内无送达（出件）记录`;
  return [anomaly(input, 'A08', 'case', limit, detail)];
};
