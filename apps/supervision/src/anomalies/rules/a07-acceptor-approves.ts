import { anomaly, type AnomalyRule } from './anomaly.js';

/** A07 (separation of duties): the official who accepted the application also took part in approving it. */
export const acceptorApproves: AnomalyRule = (input) => {
  const { acceptedBy, approvalOfficials } = input.state;
  if (acceptedBy === null) return [];
  const same = approvalOfficials.get(acceptedBy);
  if (same === undefined) return [];
  return [anomaly(input, 'A07', 'case', same.at, `受理人 ${same.name}（${acceptedBy}）同时参与审批`)];
};
