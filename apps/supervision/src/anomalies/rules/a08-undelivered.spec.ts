import { at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { undelivered } from './a08-undelivered.js';

const completed = (): CaseHistory =>
  new CaseHistory()
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-15 10:00'))
    .opened(at('2026-09-15 10:01'))
    .taskCompleted(at('2026-09-16 15:00'), 'lead')
    .decided(at('2026-09-17 11:00'))
    .completed(at('2026-09-17 11:10'));

describe('A08 undelivered after completion', () => {
  it('fires when nothing was delivered within 10 working days', () => {
    const found = undelivered(ruleInputFor(completed(), at('2026-10-30 09:00')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleNo: 'A08', subject: 'case' });
  });

  it('stays silent while within the limit and after a timely delivery', () => {
    expect(undelivered(ruleInputFor(completed(), at('2026-09-21 09:00')))).toEqual([]);
    const delivered = completed().delivered(at('2026-09-18 09:30'));
    expect(undelivered(ruleInputFor(delivered, at('2026-10-30 09:00')))).toEqual([]);
  });
});
