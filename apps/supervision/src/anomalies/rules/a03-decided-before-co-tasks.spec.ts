import { ACTORS, at, CaseHistory } from '../../../test/factories/case-history.factory.js';
import { ruleInputFor } from '../../../test/factories/rule-input.factory.js';
import { decidedBeforeCoTasks } from './a03-decided-before-co-tasks.js';

const co = [{ departmentCode: 'health-commission', departmentName: '卫生健康委员会', limitDays: 5 }];
const opened = (): CaseHistory =>
  new CaseHistory()
    .submitted(at('2026-09-14 09:00'))
    .accepted(at('2026-09-15 10:00'))
    .opened(at('2026-09-15 10:01'), { jointKind: 'general', co })
    .taskCompleted(at('2026-09-17 15:00'), 'lead');

describe('A03 decided before co-departments finished', () => {
  it('fires when a co-department step is still open at the decision', () => {
    const h = opened().decided(at('2026-09-18 11:00'));
    const found = decidedBeforeCoTasks(ruleInputFor(h, at('2026-09-21 09:00')));
    expect(found).toHaveLength(1);
    expect(found[0]?.detail).toBe('决定时协办部门未办结：卫生健康委员会');
  });

  it('stays silent when every co-department finished first', () => {
    const h = opened()
      .taskCompleted(at('2026-09-17 16:00'), 'co-1', [ACTORS.approverHealth])
      .decided(at('2026-09-18 11:00'));
    expect(decidedBeforeCoTasks(ruleInputFor(h, at('2026-09-21 09:00')))).toEqual([]);
  });
});
