import { ApplicationTerminated, ApplicationWithdrawn } from '@hall/contracts';
import { anomaly, type AnomalyRule } from './anomaly.js';

/**
 * A02 (AL art. 32): an acceptance window answered (受理 / 补正 / 不予受理) after its working-day limit. A window
 * closed by withdrawal or termination had no answer to be late with.
 */
export const lateAcceptance: AnomalyRule = (input) => {
  const { calendar, settings } = input.ctx;
  return input.state.windows.flatMap((w, i) => {
    if (
      w.stop === null ||
      w.stopType === ApplicationWithdrawn.type ||
      w.stopType === ApplicationTerminated.type
    )
      return [];
    const due = calendar.deadline(w.start, settings.acceptanceLimitDays);
    if (w.stop.getTime() <= due.getTime()) return [];
    const used = calendar.workingDaysBetween(w.start, w.stop);
    const detail = `收件后第 ${used} 个工作日才答复（时限 ${settings.acceptanceLimitDays} 个工作日，截止 ${due.toISOString()}）`;
    return [anomaly(input, 'A02', `acceptance:${i}`, w.stop, detail)];
  });
};
