/**
 * 审批 queue (/approval): the officer's work lists — 待办 (exactly what the officer can act on now, a decision due
 * from the department included), 等待他人, 已完成 — each row with the due action and its deadline in colour.
 */
import { List, Segmented, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { approvalApi, TASK_VIEWS, type TaskQueueItem } from '../../api/approval.api.js';
import { PagedResultList } from '../../components/paged-result-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useI18n } from '../../i18n/i18n.js';
import { DeadlineTag, queueActionLabel, taskRoleLabel, taskStatusLabel } from './case-labels.js';

/** The list shown lives in the URL (back from a case returns to it). */
const QUEUE_URL = z.object({ view: z._default(z.enum(TASK_VIEWS), 'todo') });

/** Blue: the officer acts; grey: someone else does. */
const actionColour = (item: TaskQueueItem) =>
  item.action === 'claim' || item.action === 'examine' || item.action === 'cosign' || item.action === 'decide'
    ? 'blue'
    : 'default';

export function ApprovalQueuePage() {
  const { t } = useI18n();
  const [{ view }, update] = useSearchParamsSchema(QUEUE_URL);
  const list = usePagedList((page, signal) => approvalApi.queue(view, page, signal), [view]);
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('approval.title')}
      </Typography.Title>
      <div className="scroll-x" tabIndex={0}>
        <Segmented
          aria-label={t('approval.views')}
          value={view}
          onChange={(v) => update({ view: v === 'todo' ? undefined : v })}
          options={TASK_VIEWS.map((v) => ({ value: v, label: t(`approval.view.${v}`) }))}
        />
      </div>
      <p className="muted">{t('approval.legend')}</p>
      <PagedResultList
        list={list}
        empty={view === 'todo' ? t('approval.todoEmpty') : t('work.empty')}
        rowKey="id"
        renderItem={(task) => (
          <List.Item className="task-row" data-no={task.applicationNo} data-action={task.action}>
            <List.Item.Meta
              title={
                <Link
                  to={`/approval/cases/${encodeURIComponent(task.applicationNo)}?task=${encodeURIComponent(task.id)}`}
                >
                  {task.itemName}
                </Link>
              }
              description={
                <>
                  {task.applicationNo} · {taskRoleLabel(t, task.role)} · {taskStatusLabel(t, task.status)}
                  {task.assignee && ` · ${task.assignee.name}`}
                </>
              }
            />
            {task.action !== 'none' && (
              <Tag color={actionColour(task)} className="queue-action">
                {queueActionLabel(t, task.action)}
              </Tag>
            )}
            {task.due && <DeadlineTag deadline={task.due} />}
          </List.Item>
        )}
      />
    </div>
  );
}
