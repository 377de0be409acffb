import { at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { lateAcceptance } from './a02-late-acceptance.js';

describe('A02 late acceptance', () => {
  it('fires when the answer comes after 5 working days', () => {
    // Mon 14 Sep → the 5th working day is Mon 21 Sep; accepted Tue 22 Sep.
    const h = new CaseHistory().submitted(at('2026-09-14 09:00')).accepted(at('2026-09-22 10:00'));
    const found = lateAcceptance(ruleInputFor(h, at('2026-09-23 09:00')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleNo: 'A02',
      subject: 'acceptance:0',
      at: new Date(at('2026-09-22 10:00')),
    });
  });

  it('stays silent for an answer within the limit and for a withdrawal', () => {
    const inTime = new CaseHistory().submitted(at('2026-09-14 09:00')).accepted(at('2026-09-18 10:00'));
    expect(lateAcceptance(ruleInputFor(inTime, at('2026-09-23 09:00')))).toEqual([]);
    const withdrawn = new CaseHistory().submitted(at('2026-09-14 09:00')).withdrawn(at('2026-09-25 10:00'));
    expect(lateAcceptance(ruleInputFor(withdrawn, at('2026-09-28 09:00')))).toEqual([]);
  });
});
