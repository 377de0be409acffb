/** A case (/approval/cases/:no): the case with other departments' opinions, my task and the lead's decision. */
import { Alert, Card, Descriptions, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { approvalApi } from '../../api/approval.api.js';
import { CaseMaterialsCard } from '../../components/case-materials.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ProvisionalTag } from '../../components/provisional-tag.js';
import { useAsync } from '../../components/use-async.js';
import { formEntries, useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { SpecialProceduresCard } from './special-procedures-card.js';
import {
  DeadlineTag,
  taskRoleLabel,
  taskStatusLabel,
  caseStatusKey,
  CASE_STATUS_COLOURS,
  caseMaterialChoices,
} from './case-labels.js';
import { TaskPanel } from './task-panel.js';
import { DecidePanel } from './decide-panel.js';
import { ApplicationNoRoute } from '../../components/url-schema.js';
import { useParamsSchema } from '../../components/use-url-params.js';

export function ApprovalCasePage() {
  const { no } = useParamsSchema(ApplicationNoRoute);
  const [search] = useSearchParams();
  const { t } = useI18n();
  const date = useDate();
  const [state, reload] = useAsync((signal) => approvalApi.case(no, signal), [no]);
  if (state.status === 'loading') return <Skeleton active className="page" />;
  if (state.status === 'error') return <ErrorAlert error={state.error} onRetry={reload} />;
  const c = state.data;
  const taskId = search.get('task');
  const task = c.tasks.find((x) => x.id === taskId);
  const form = formEntries(c.formData, c.formFields, t);
  const closed = c.status === 'closed';
  return (
    <div className="page">
      <Link to="/approval">{t('work.back')}</Link>
      <Typography.Title level={1} className="page-title">
        {c.itemName}
      </Typography.Title>
      <Card title={<h2 className="card-title">{t('approval.case')}</h2>}>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          bordered
          size="small"
          items={[
            { key: 'no', label: t('work.no'), children: c.applicationNo },
            {
              key: 'status',
              label: t('approval.caseStatus'),
              children: (
                <Tag color={CASE_STATUS_COLOURS[c.status] ?? 'processing'} data-case-status={c.status}>
                  {t(caseStatusKey(c))}
                </Tag>
              ),
            },
            { key: 'applicant', label: t('work.applicant'), children: applicantName(c.applicant) },
            { key: 'accepted', label: t('field.acceptedAt'), children: date(c.acceptedAt) },
            {
              key: 'due',
              label: t('approval.promisedDue'),
              children: (
                <>
                  {date(c.clocks.promisedDueAt)}{' '}
                  <ProvisionalTag due={c.clocks.promisedDueAt} show={c.clocks.provisional} />
                </>
              ),
            },
            ...form.map((f) => ({ key: f.key, label: f.label, children: f.text })),
          ]}
        />
      </Card>
      {closed && (
        <Alert
          type="warning"
          showIcon
          data-testid="case-closed"
          title={t(caseStatusKey(c))}
          description={t(
            c.closure?.closing === 'terminate'
              ? 'approval.closedHint.terminate'
              : 'approval.closedHint.withdraw',
          )}
        />
      )}
      {c.status === 'returned' && (
        <Alert
          type="info"
          showIcon
          data-testid="case-returned"
          title={t(caseStatusKey(c))}
          description={t('approval.returnedHint')}
        />
      )}
      <CaseMaterialsCard id={c.applicationNo} />
      {task && !closed && (
        <TaskPanel task={task} materials={caseMaterialChoices(c.materials)} onDone={reload} />
      )}
      <Card title={<h2 className="card-title">{t('approval.tasks')}</h2>}>
        <List
          size="small"
          dataSource={c.tasks}
          rowKey="id"
          renderItem={(x) => (
            <List.Item>
              <span>
                {x.departmentName}（{taskRoleLabel(t, x.role)}）· {taskStatusLabel(t, x.status)}
              </span>
              {x.status !== 'closed' && <DeadlineTag deadline={x.deadline} />}
            </List.Item>
          )}
        />
      </Card>
      <SpecialProceduresCard c={c} onDone={reload} />
      <Card title={<h2 className="card-title">{t('approval.opinions')}</h2>}>
        {c.opinions.length === 0 ? (
          <Empty description={t('approval.noOpinions')} />
        ) : (
          <List
            size="small"
            dataSource={c.opinions}
            rowKey={(o) => `${o.taskId}-${o.at}`}
            renderItem={(o) => (
              <List.Item className="opinion">
                <div>
                  <strong>{o.departmentName}</strong>{' '}
                  <Tag>{t(`approval.verdict.${o.verdict}` as MessageKey)}</Tag>
                  <span className="muted">{date(o.at)}</span>
                  <p>{o.opinion}</p>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
      {!closed && c.status !== 'returned' && <DecidePanel c={c} onDone={reload} />}
    </div>
  );
}

function applicantName(a: unknown): string {
  return typeof a === 'object' && a !== null && 'name' in a && typeof a.name === 'string' ? a.name : '—';
}
