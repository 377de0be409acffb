import { at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { licenceWithoutApproval } from './a06-licence-without-approval.js';

describe('A06 licence without approval', () => {
  it('fires for a licence issued before any approving decision', () => {
    const h = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .accepted(at('2026-09-15 10:00'))
      .opened(at('2026-09-15 10:01'))
      .licenceIssued(at('2026-09-16 11:00'));
    const found = licenceWithoutApproval(ruleInputFor(h, at('2026-09-17 09:00')));
    expect(found).toHaveLength(1);
    expect(found[0]?.subject).toMatch(/^licence:/);
  });

  it('stays silent for a licence issued after approval', () => {
    expect(licenceWithoutApproval(ruleInputFor(CaseHistory.clean(), at('2026-09-22 09:00')))).toEqual([]);
  });
});
