import { ACTORS, at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { repeatedSupplementNotice } from './a01-repeated-supplement-notice.js';

describe('A01 repeated supplement notice', () => {
  it('fires at the second notice, counting one refused by intake', () => {
    const h = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-14 15:00'))
      .supplementNoticeRejected(at('2026-09-15 10:00'), ACTORS.clerkXihu);
    const [found, ...rest] = repeatedSupplementNotice(ruleInputFor(h, at('2026-09-16 09:00')));
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ ruleNo: 'A01', subject: 'case', at: new Date(at('2026-09-15 10:00')) });
    expect(found?.detail).toContain('1 次再次告知被拒');
  });

  it('stays silent after a single notice', () => {
    const h = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .supplementRequested(at('2026-09-14 15:00'))
      .supplemented(at('2026-09-15 10:00'))
      .accepted(at('2026-09-16 10:00'));
    expect(repeatedSupplementNotice(ruleInputFor(h, at('2026-09-17 09:00')))).toEqual([]);
  });
});
