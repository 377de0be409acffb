/** 审批 queue (/approval): the department's tasks by status with deadline colours. */
import { Empty, List, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { approvalApi, type TaskQueueStatus } from '../../api/approval.api.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { DeadlineTag, taskStatusLabel } from './case-labels.js';

const QUEUE: readonly TaskQueueStatus[] = ['open', 'pending', 'claimed', 'cosign', 'completed'];

export function ApprovalQueuePage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<TaskQueueStatus>('open');
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync((signal) => approvalApi.queue(status, page, signal), [status, page]);
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('approval.title')}
      </Typography.Title>
      <div className="scroll-x">
        <Segmented
          aria-label={t('work.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={QUEUE.map((s) => ({ value: s, label: taskStatusLabel(t, s) }))}
        />
      </div>
      <p className="muted">{t('approval.legend')}</p>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <List
          className="result-list"
          locale={{ emptyText: <Empty description={t('work.empty')} /> }}
          dataSource={state.data.items}
          rowKey="id"
          pagination={
            state.data.total > state.data.pageSize
              ? { current: page, pageSize: state.data.pageSize, total: state.data.total, onChange: setPage }
              : false
          }
          renderItem={(task) => (
            <List.Item className="task-row" data-no={task.applicationNo}>
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
                    {task.applicationNo} · {task.role === 'lead' ? t('approval.lead') : t('approval.co')} ·{' '}
                    {taskStatusLabel(t, task.status)}
                    {task.assignee && ` · ${task.assignee.name}`}
                  </>
                }
              />
              {task.status !== 'closed' && <DeadlineTag task={task} />}
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
