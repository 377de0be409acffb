import { anomaly, type AnomalyRule } from './anomaly.js';

/** A06: a licence issued without an approving decision taken at or before its issue. */
export const licenceWithoutApproval: AnomalyRule = (input) => {
  const { decisionOutcome, decidedAt, licences } = input.state;
  return licences.flatMap((l) => {
    const approvedBefore =
      decisionOutcome === 'approved' && decidedAt !== null && decidedAt.getTime() <= l.issuedAt.getTime();
    if (approvedBefore) return [];
    const detail = `证照 ${l.identifier} 发放时无准予许可决定`;
    return [anomaly(input, 'A06', `licence:${l.identifier}`, l.issuedAt, detail)];
  });
};
