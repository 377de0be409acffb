import { anomaly, type AnomalyRule } from './anomaly.js';

/** A03 一般并联: the lead department decided while a co-department's step was still open. */
export const decidedBeforeCoTasks: AnomalyRule = (input) => {
  const decided = input.state.decidedAt;
  if (input.state.jointKind !== 'general' || decided === null) return [];
  const unfinished = input.tasks.filter(
    (t) => t.role === 'co' && (t.completedAt === null || t.completedAt.getTime() > decided.getTime()),
  );
  if (unfinished.length === 0) return [];
  const names = unfinished.map((t) => t.departmentName).join('、');
  return [anomaly(input, 'A03', 'case', decided, `决定时协办部门未办结：${names}`)];
};
