/** 审批: the department queue with deadline colours, a task with the case and other departments' opinions, the lead's decision. */
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Segmented,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  approvalApi,
  type CaseView,
  type ReturnItemInput,
  type TaskQueueStatus,
  type TaskView,
  type Verdict,
} from '../api/approval.api.js';
import { useAuth } from '../auth/auth.js';
import { CaseMaterialsCard } from '../components/case-materials.js';
import { useConfirm } from '../components/confirm.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { ProvisionalTag } from '../components/provisional-tag.js';
import { useAsync } from '../components/use-async.js';
import { formEntries, useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { SpecialProceduresCard } from './special-procedures.js';

/** Green: more than 3 working days left; yellow: 3 or fewer; red: overdue. */
export function deadlineColour(d: TaskView['deadline']): 'green' | 'gold' | 'red' {
  if (d.overdue || d.workingDaysLeft < 0) return 'red';
  return d.workingDaysLeft <= 3 ? 'gold' : 'green';
}

function DeadlineTag({ task }: { task: TaskView }) {
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

const taskStatusLabel = (t: (k: MessageKey) => string, s: string) =>
  t(`approval.taskStatus.${s}` as MessageKey);

const VERDICTS = ['approve', 'deny', 'return', 'promise'] as const;
/** The first official's verdict in words (同意 / 不同意 / 退回补正 / 承诺), for the co-signer. */
const verdictLabel = (t: (k: MessageKey) => string, v: string | null | undefined) =>
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

const CASE_STATUS_COLOURS: Readonly<Record<string, string>> = {
  returned: 'orange',
  suspended: 'gold',
  decided: 'cyan',
  closed: 'default',
};

/** The materials the case was accepted with (materialId and name), for the 退回补正 items. */
function caseMaterialChoices(materials: unknown): { materialId: string; name: string }[] {
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

export function ApprovalCasePage() {
  const { no = '' } = useParams();
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
                {x.departmentName}（{x.role === 'lead' ? t('approval.lead') : t('approval.co')}）·{' '}
                {taskStatusLabel(t, x.status)}
              </span>
              {x.status !== 'closed' && <DeadlineTag task={x} />}
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

/** A 退回补正 item as the form holds it: a material of the case, or OTHER with a name. */
interface ReturnItemField {
  pick?: string;
  name?: string;
  problem?: string;
}
const OTHER = 'other';

interface TaskForm {
  verdict: Verdict;
  opinion: string;
  items?: ReturnItemField[];
}

function returnItems(fields: readonly ReturnItemField[] | undefined): ReturnItemInput[] {
  return (fields ?? []).flatMap((f): ReturnItemInput[] => {
    const problem = f.problem?.trim() ?? '';
    if (!f.pick || !problem) return [];
    if (f.pick === OTHER) return f.name?.trim() ? [{ name: f.name.trim(), problem }] : [];
    return [{ materialId: f.pick, problem }];
  });
}

/** 退回补正: what the applicant must supply or correct, item by item (a material of the case or a named thing). */
function ReturnItemsField({ materials }: { materials: readonly { materialId: string; name: string }[] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<TaskForm>();
  return (
    <fieldset className="return-items" data-testid="return-items">
      <legend>{t('approval.returnItems')}</legend>
      <p className="muted">{t('approval.returnItemsHint')}</p>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, n) => (
              <div key={field.key} className="return-item" data-item={n}>
                <strong>{t('approval.returnItemNo', { n: n + 1 })}</strong>
                <Form.Item
                  name={[field.name, 'pick']}
                  label={t('approval.returnItemMaterial')}
                  rules={[{ required: true }]}
                >
                  <Select
                    options={[
                      ...materials.map((m) => ({ value: m.materialId, label: m.name })),
                      { value: OTHER, label: t('approval.returnItemOther') },
                    ]}
                  />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() =>
                    form.getFieldValue(['items', field.name, 'pick']) === OTHER && (
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('approval.returnItemName')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                    )
                  }
                </Form.Item>
                <Form.Item
                  name={[field.name, 'problem']}
                  label={t('approval.returnItemProblem')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input maxLength={1000} />
                </Form.Item>
                <Button size="small" onClick={() => remove(field.name)}>
                  {t('approval.returnItemRemove')}
                </Button>
              </div>
            ))}
            <Button onClick={() => add({})} disabled={fields.length >= 30}>
              {t('approval.returnItemAdd')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

function TaskPanel({
  task,
  materials,
  onDone,
}: {
  task: TaskView;
  materials: readonly { materialId: string; name: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      void message.success(t('work.done'));
      onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const mine = task.assignee?.userId === user?.id;
  const [form] = Form.useForm<TaskForm>();
  const verdict = Form.useWatch('verdict', form);
  return (
    <Card
      title={<h2 className="card-title">{`${task.departmentName} · ${taskStatusLabel(t, task.status)}`}</h2>}
      className="highlight-card"
    >
      {task.status === 'pending' && (
        <Button
          type="primary"
          loading={busy}
          onClick={() => void run(() => approvalApi.claim(task.id, task.version))}
        >
          {t('approval.claim')}
        </Button>
      )}
      {task.status === 'cosign' && mine && (
        <p>{t('approval.cosignHint', { verdict: verdictLabel(t, task.pendingVerdict) })}</p>
      )}
      {((task.status === 'claimed' && mine) || (task.status === 'cosign' && !mine)) && (
        <Form<TaskForm>
          form={form}
          layout="vertical"
          initialValues={{
            verdict: task.status === 'cosign' ? (task.pendingVerdict ?? 'approve') : 'approve',
          }}
          onFinish={(v) => {
            const items = v.verdict === 'return' ? returnItems(v.items) : [];
            void run(() =>
              approvalApi.complete(task.id, {
                verdict: v.verdict,
                opinion: v.opinion,
                ...(items.length > 0 ? { items } : {}),
                version: task.version,
              }),
            );
          }}
        >
          {task.status === 'cosign' && (
            <p>{t('approval.cosignHint', { verdict: verdictLabel(t, task.pendingVerdict) })}</p>
          )}
          <Form.Item name="verdict" label={t('approval.verdict')}>
            <Radio.Group
              options={(['approve', 'deny', 'return'] as const).map((v) => ({
                value: v,
                label: t(`approval.verdict.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="opinion"
            label={t('approval.opinion')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea maxLength={4000} rows={3} />
          </Form.Item>
          {verdict === 'return' && task.status === 'claimed' && <ReturnItemsField materials={materials} />}
          <div className="button-row">
            <Button type="primary" htmlType="submit" loading={busy}>
              {task.status === 'cosign' ? t('approval.cosign') : t('approval.submit')}
            </Button>
            {task.status === 'claimed' && (
              <Button onClick={() => void run(() => approvalApi.release(task.id, task.version))}>
                {t('approval.release')}
              </Button>
            )}
          </div>
        </Form>
      )}
    </Card>
  );
}

/** The lead's decision (准予 / 不予), once every department has given its opinion. */
function DecidePanel({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const confirm = useConfirm();
  if (c.decision) {
    return (
      <Card>
        <p data-testid="decision">
          {t('approval.decided', {
            outcome: c.decision.outcome === 'approved' ? t('approval.approved') : t('approval.denied'),
          })}
        </p>
      </Card>
    );
  }
  const allDone =
    c.tasks.length > 0 && c.tasks.every((x) => x.status === 'completed' || x.status === 'closed');
  if (!allDone) return null;
  return (
    <Card title={<h2 className="card-title">{t('approval.decide')}</h2>}>
      <p>{t('approval.decideHint')}</p>
      <Form<{ outcome: 'approved' | 'denied'; reasons: string }>
        layout="vertical"
        initialValues={{ outcome: 'approved', reasons: '符合法定条件、标准，准予许可。' }}
        onFinish={(v) => {
          const approved = v.outcome === 'approved';
          confirm(
            {
              title: t(approved ? 'approval.confirmApprove' : 'approval.confirmDeny'),
              summary: (
                <>
                  <p>{c.applicationNo}</p>
                  <p>
                    {t('approval.reasons')}：{v.reasons}
                  </p>
                </>
              ),
              consequence: t(approved ? 'approval.approveConsequence' : 'approval.denyConsequence'),
              okText: t(approved ? 'approval.confirmApproveOk' : 'approval.confirmDenyOk'),
              danger: !approved,
            },
            async () => {
              setBusy(true);
              try {
                await approvalApi.decide(c.applicationNo, {
                  outcome: v.outcome,
                  reasons: v.reasons,
                  version: c.version,
                });
                void message.success(t('work.done'));
                onDone();
              } catch (err) {
                void message.error(errorText(err));
              } finally {
                setBusy(false);
              }
            },
          );
        }}
      >
        <Form.Item name="outcome" label={t('approval.outcome')}>
          <Radio.Group
            options={[
              { value: 'approved', label: t('approval.approved') },
              { value: 'denied', label: t('approval.denied') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reasons"
          label={t('approval.reasons')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea maxLength={3000} rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('approval.decide')}
        </Button>
      </Form>
    </Card>
  );
}
