import { ACTORS, at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { acceptorApproves } from './a07-acceptor-approves.js';

const opened = (): CaseHistory =>
  new CaseHistory()
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-15 10:00'), ACTORS.clerkXihu)
    .opened(at('2026-09-15 10:01'));

describe('A07 acceptor also approves', () => {
  it('fires when the accepting clerk signs an approval step', () => {
    const h = opened().taskCompleted(at('2026-09-16 15:00'), 'lead', [ACTORS.clerkXihu]);
    const found = acceptorApproves(ruleInputFor(h, at('2026-09-17 09:00')));
    expect(found).toEqual([expect.objectContaining({ ruleNo: 'A07', at: new Date(at('2026-09-16 15:00')) })]);
    expect(found[0]?.detail).toContain(ACTORS.clerkXihu.name);
  });

  it('stays silent when other officials approve', () => {
    const h = opened().taskCompleted(at('2026-09-16 15:00'), 'lead', [ACTORS.approverMarket]);
    expect(acceptorApproves(ruleInputFor(h, at('2026-09-17 09:00')))).toEqual([]);
  });
});
