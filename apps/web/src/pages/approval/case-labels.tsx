/** How the approval screens show a case: deadline colours, task and case status words, the first official's verdict. */
import { Tag } from 'antd';
import type { CaseView, TaskView } from '../../api/approval.api.js';
import { ProvisionalTag } from '../../components/provisional-tag.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

/** Green: more than 3 working days left; yellow: 3 or fewer; red: overdue. */
export function deadlineColour(d: TaskView['deadline']): 'green' | 'gold' | 'red' {
  if (d.overdue || d.workingDaysLeft < 0) return 'red';
  return d.workingDaysLeft <= 3 ? 'gold' : 'green';
}

export function DeadlineTag({ task }: { task: TaskView }) {
  const { t } = useI18n();
  const date = useDate();
  const colour = deadlineColour(task.deadline);
  return (
    <>
      <Tag color={colour} data-deadline={colour}>
        {task.deadline.overdue
          ? t('approval.overdue')
          : t('approval.due', { date: date(task.deadline.dueAt), n: task.deadline.workingDaysLeft })}
        {task.deadline.paused && ` · ${t('approval.paused')}`}
      </Tag>
      <ProvisionalTag due={task.deadline.dueAt} show={task.deadline.provisional} />
    </>
  );
}

export const taskStatusLabel = (t: (k: MessageKey) => string, s: string) =>
  t(`approval.taskStatus.${s}` as MessageKey);

const VERDICTS = ['approve', 'deny', 'return', 'promise'] as const;
/** The first official's verdict in words (同意 / 不同意 / 退回补正 / 承诺), for the co-signer. */
export const verdictLabel = (t: (k: MessageKey) => string, v: string | null | undefined) =>
  t(`approval.verdict.${VERDICTS.find((x) => x === v) ?? 'approve'}` as MessageKey);

/** The case's status in words: 退回补正中（计时暂停）, 已撤回/已终止（案件关闭） … */
export function caseStatusKey(c: Pick<CaseView, 'status' | 'closure'>): MessageKey {
  if (c.status === 'closed')
    return c.closure?.closing === 'terminate'
      ? 'approval.caseStatus.closed.terminate'
      : 'approval.caseStatus.closed.withdraw';
  if (c.status === 'returned' || c.status === 'suspended' || c.status === 'decided')
    return `approval.caseStatus.${c.status}`;
  return 'approval.caseStatus.open';
}

export const CASE_STATUS_COLOURS: Readonly<Record<string, string>> = {
  returned: 'orange',
  suspended: 'gold',
  decided: 'cyan',
  closed: 'default',
};

/** The materials the case was accepted with (materialId and name), for the 退回补正 items. */
export function caseMaterialChoices(materials: unknown): { materialId: string; name: string }[] {
  if (!Array.isArray(materials)) return [];
  return materials.flatMap((m: unknown) =>
    typeof m === 'object' &&
    m !== null &&
    'materialId' in m &&
    'name' in m &&
    typeof m.materialId === 'string' &&
    typeof m.name === 'string'
      ? [{ materialId: m.materialId, name: m.name }]
      : [],
  );
}
