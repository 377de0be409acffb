import { anomaly, type AnomalyRule } from './anomaly.js';

/** A05: an approval step finished after its own limit, or is still open past it while the case runs. */
export const taskOverdue: AnomalyRule = (input) => {
  const { now } = input.ctx;
  const running = input.caseStop === null && input.state.closedAt === null;
  return input.tasks.flatMap((t) => {
    const subject = `task:${t.taskId}`;
    if (t.completedAt !== null && t.completedAt.getTime() > t.dueAt.getTime()) {
      const detail = `${t.departmentName}环节用时 ${t.workingDaysUsed ?? 0} 个工作日，超过本环节时限 ${t.limitDays} 个工作日`;
      return [anomaly(input, 'A05', subject, t.completedAt, detail, t.departmentCode)];
    }
    if (t.completedAt === null && running && now.getTime() > t.dueAt.getTime()) {
      const detail = `${t.departmentName}环节已超过本环节时限 ${t.limitDays} 个工作日仍未办结`;
      return [anomaly(input, 'A05', subject, t.dueAt, detail, t.departmentCode)];
    }
    return [];
  });
};
