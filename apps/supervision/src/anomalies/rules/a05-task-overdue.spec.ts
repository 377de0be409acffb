import { at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { taskOverdue } from './a05-task-overdue.js';

const opened = (): CaseHistory =>
  new CaseHistory()
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-14 10:00'))
    .opened(at('2026-09-14 10:01'), { leadLimit: 2 });

describe('A05 task overdue', () => {
  it('fires for a step still open past its limit, and for one finished late', () => {
    const open = taskOverdue(ruleInputFor(opened(), at('2026-09-18 09:00')));
    expect(open).toHaveLength(1);
    expect(open[0]?.detail).toContain('仍未办结');
    const late = opened().taskCompleted(at('2026-09-18 15:00'), 'lead');
    expect(taskOverdue(ruleInputFor(late, at('2026-09-18 16:00')))[0]).toMatchObject({
      ruleNo: 'A05',
      subject: 'task:lead',
      at: new Date(at('2026-09-18 15:00')),
    });
  });

  it('stays silent for a step finished within its limit', () => {
    const h = opened().taskCompleted(at('2026-09-15 15:00'), 'lead');
    expect(taskOverdue(ruleInputFor(h, at('2026-09-30 09:00')))).toEqual([]);
  });
});
