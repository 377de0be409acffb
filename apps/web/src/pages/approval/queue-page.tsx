/** 审批 queue (/approval): the department's tasks by status with deadline colours. */
import { Empty, List, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { approvalApi, type TaskQueueStatus } from '../../api/approval.api.js';
import { AsyncView } from '../../components/async-view.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useI18n } from '../../i18n/i18n.js';
import { DeadlineTag, taskStatusLabel } from './case-labels.js';

const QUEUE: readonly TaskQueueStatus[] = ['open', 'pending', 'claimed', 'cosign', 'completed'];

export function ApprovalQueuePage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<TaskQueueStatus>('open');
  const list = usePagedList((page, signal) => approvalApi.queue(status, page, signal), [status]);
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('approval.title')}
      </Typography.Title>
      <div className="scroll-x">
        <Segmented
          aria-label={t('work.statusFilter')}
          value={status}
          onChange={setStatus}
          options={QUEUE.map((s) => ({ value: s, label: taskStatusLabel(t, s) }))}
        />
      </div>
      <p className="muted">{t('approval.legend')}</p>
      <AsyncView state={list.state} onRetry={list.reload}>
        {(data) => (
          <List
            className="result-list"
            locale={{ emptyText: <Empty description={t('work.empty')} /> }}
            dataSource={data.items}
            rowKey="id"
            pagination={list.pagination(data)}
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
      </AsyncView>
    </div>
  );
}
