/** How the approval screens show a case: deadline colours, task and case status words, the first official's verdict. */
import { Tag } from 'antd';
import type { CaseView, QueueAction, TaskView } from '../../api/approval.api.js';
import { ProvisionalTag } from '../../components/provisional-tag.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

/** Green: more than 3 working days left; yellow: 3 or fewer; red: overdue. */
export function deadlineColour(d: TaskView['deadline']): 'green' | 'gold' | 'red' {
  if (d.overdue || d.workingDaysLeft < 0) return 'red';
  return d.workingDaysLeft <= 3 ? 'gold' : 'green';
}

/** A step's deadline (or, in the queue, the due action's) as a coloured tag. */
export function DeadlineTag({ deadline }: { deadline: TaskView['deadline'] }) {
  const { t } = useI18n();
  const date = useDate();
  const colour = deadlineColour(deadline);
  return (
    <>
      <Tag color={colour} data-deadline={colour}>
        {deadline.overdue
          ? t('approval.overdue')
          : t('approval.due', { date: date(deadline.dueAt), n: deadline.workingDaysLeft })}
        {deadline.paused && ` · ${t('approval.paused')}`}
      </Tag>
      <ProvisionalTag due={deadline.dueAt} show={deadline.provisional} />
    </>
  );
}

const ACTION_KEYS: Readonly<Record<QueueAction, MessageKey>> = {
  claim: 'approval.action.claim',
  examine: 'approval.action.examine',
  cosign: 'approval.action.cosign',
  decide: 'approval.action.decide',
  'await-cosign': 'approval.action.await-cosign',
  'await-holder': 'approval.action.await-holder',
  'await-opinions': 'approval.action.await-opinions',
  'await-supplement': 'approval.action.await-supplement',
  'await-procedure': 'approval.action.await-procedure',
  recused: 'approval.action.recused',
  none: 'approval.action.none',
};
/** What is due on a queue row, in words: 待认领 / 待出具意见 / 待会签 / 待作出决定, or whom it waits for. */
export const queueActionLabel = (t: (k: MessageKey) => string, a: QueueAction) => t(ACTION_KEYS[a]);

/** A task's role in the case: 牵头 (lead), 上级决定 (the higher level deciding an escalated case) or 协办. */
export const taskRoleLabel = (t: (k: MessageKey) => string, role: string) =>
  t(role === 'lead' ? 'approval.lead' : role === 'escalated' ? 'approval.escalated' : 'approval.co');

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
