import { ANOMALY_RULES, type AnomalyRuleNo } from '@hall/contracts';
import type { AnomalyRow, RuleInput } from '../../cases/projection/case-state.js';

/** An anomaly rule: a pure function of the projected case, returning what it finds (usually nothing). */
export type AnomalyRule = (input: RuleInput) => AnomalyRow[];

/** One anomaly row; its id (case, rule, subject) keeps it stable across re-projections. */
export function anomaly(
  input: RuleInput,
  ruleNo: AnomalyRuleNo,
  subject: string,
  at: Date,
  detail: string,
  departmentCode = input.base.departmentCode,
): AnomalyRow {
  const applicationNo = input.state.applicationNo;
  return {
    id: `${applicationNo}:${ruleNo}:${subject}`,
    applicationNo,
    ruleNo,
    subject,
    title: ANOMALY_RULES[ruleNo],
    detail,
    at,
    regionCode: input.base.regionCode,
    departmentCode,
  };
}
