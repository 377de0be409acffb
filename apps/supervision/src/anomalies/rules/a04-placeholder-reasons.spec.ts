import { at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { placeholderReasons } from './a04-placeholder-reasons.js';

describe('A04 refusal without reasons', () => {
  it('fires for a placeholder reason (trailing punctuation ignored)', () => {
    const h = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .refused(at('2026-09-15 10:00'), '不符合条件。');
    const found = placeholderReasons(ruleInputFor(h, at('2026-09-16 09:00')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleNo: 'A04',
      subject: 'refusal',
      detail: '不予受理理由为「不符合条件。」',
    });
  });

  it('stays silent for a stated reason', () => {
    const h = new CaseHistory()
      .submitted(at('2026-09-14 09:00'))
      .refused(at('2026-09-15 10:00'), '经营场所不在本辖区，请向所在地窗口申请。');
    expect(placeholderReasons(ruleInputFor(h, at('2026-09-16 09:00')))).toEqual([]);
  });
});
