/**
 * 电子监察 worklists: 督办 records (签收并下发督办意见 / 办结督办), anomalies, the risk ranking (超期风险), a case's
 * timeline as Gantt-like bars per step with pauses shaded, and the working-day calendar editor.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { DEPARTMENTS, nameOf } from '../api/catalog-codes.js';
import {
  supervisionApi,
  type AlertRecord,
  type AlertStatus,
  type AnomalyRecord,
  type CalendarYear,
  type CaseRisk,
  type Pause,
  type SupervisorCaseTimeline,
  type WarningType,
} from '../api/supervision.api.js';
import { downloadCsv } from '../components/csv.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { ProvisionalTag } from '../components/provisional-tag.js';
import { useAsync } from '../components/use-async.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { SupervisionNav } from './supervisor-nav.js';

const LEVEL_TAG = { green: 'green', yellow: 'gold', red: 'red' } as const;
const caseLink = (no: string) => <Link to={`/supervision/cases/${encodeURIComponent(no)}`}>{no}</Link>;

function useDept(): (code: string) => string {
  const { locale } = useI18n();
  return (code) => nameOf(DEPARTMENTS, code, locale);
}

// ---------------------------------------------------------------------------------------------------------
// 督办 worklist

type AlertAction = { kind: 'ack' | 'resolve'; alert: AlertRecord };

export function AlertsPage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const filters = useMemo(
    () => ({
      level: (params.get('level') ?? undefined) as 'yellow' | 'red' | undefined,
      warningType: (params.get('warningType') ?? undefined) as WarningType | undefined,
      status: (params.get('status') ?? undefined) as AlertStatus | undefined,
      applicationNo: params.get('applicationNo') ?? undefined,
    }),
    [params],
  );
  const [state, reload] = useAsync(
    (signal) => supervisionApi.alerts({ ...filters, page, pageSize: 20 }, signal),
    [filters, page],
  );
  const [action, setAction] = useState<AlertAction | null>(null);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const exportCsv = (items: readonly AlertRecord[]) =>
    downloadCsv(
      'supervision-alerts.csv',
      [
        t('sup.supervisionNo'),
        t('sup.caseNo'),
        t('sup.item'),
        t('sup.rule'),
        t('sup.warningType'),
        t('sup.content'),
        t('sup.department'),
        t('sup.raisedAt'),
        t('sup.status'),
        t('sup.result'),
      ],
      items.map((a) => [
        a.supervisionNo,
        a.caseNo,
        a.itemName,
        a.ruleNo,
        t(`sup.warning.${a.warningType}`),
        a.content,
        dept(a.responsibleDepartment),
        date(a.raisedAt),
        t(`sup.alertStatus.${a.status}`),
        a.result,
      ]),
    );
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.alerts')}</h1>
      <SupervisionNav />
      <Form layout="inline" className="filters stack-xs">
        <Form.Item label={t('sup.level')} htmlFor="alert-level">
          <Select
            id="alert-level"
            allowClear
            className="filter-select"
            value={filters.level}
            placeholder={t('common.all')}
            onChange={(v?: string) => set('level', v)}
            options={[
              { value: 'yellow', label: t('sup.card.yellow') },
              { value: 'red', label: t('sup.card.red') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('sup.warningType')} htmlFor="alert-type">
          <Select
            id="alert-type"
            allowClear
            className="filter-select"
            value={filters.warningType}
            placeholder={t('common.all')}
            onChange={(v?: string) => set('warningType', v)}
            options={(['yellow-card', 'red-card', 'anomaly'] as const).map((w) => ({
              value: w,
              label: t(`sup.warning.${w}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('sup.status')} htmlFor="alert-status">
          <Select
            id="alert-status"
            allowClear
            className="filter-select"
            value={filters.status}
            placeholder={t('sup.alertStatus.pending')}
            onChange={(v?: string) => set('status', v)}
            options={(['open', 'acknowledged', 'resolved', 'cleared'] as const).map((s) => ({
              value: s,
              label: t(`sup.alertStatus.${s}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('sup.caseNo')} htmlFor="alert-no">
          <Input.Search
            id="alert-no"
            allowClear
            defaultValue={filters.applicationNo}
            onSearch={(v) => set('applicationNo', v.trim() || undefined)}
            enterButton={t('common.query')}
          />
        </Form.Item>
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          <div className="table-toolbar">
            <span className="muted" data-testid="alerts-total">
              {t('sup.totalN', { n: state.data.total })}
            </span>
            <Button onClick={() => exportCsv(state.data.items)} disabled={state.data.items.length === 0}>
              {t('sup.exportVisible')}
            </Button>
          </div>
          <div className="scroll-x">
            <Table<AlertRecord>
              rowKey="id"
              size="small"
              dataSource={state.data.items}
              data-testid="alerts-table"
              locale={{ emptyText: <Empty description={t('sup.noAlerts')} /> }}
              pagination={
                state.data.total > state.data.pageSize
                  ? {
                      current: page,
                      pageSize: state.data.pageSize,
                      total: state.data.total,
                      onChange: (p) => {
                        const next = new URLSearchParams(params);
                        next.set('page', String(p));
                        setParams(next);
                      },
                    }
                  : false
              }
              columns={[
                { title: t('sup.supervisionNo'), dataIndex: 'supervisionNo', key: 'no' },
                { title: t('sup.caseNo'), key: 'case', render: (_, a) => caseLink(a.caseNo) },
                { title: t('sup.item'), dataIndex: 'itemName', key: 'item' },
                {
                  title: t('sup.warningType'),
                  key: 'type',
                  render: (_, a) => (
                    <Tag color={LEVEL_TAG[a.level]} data-level={a.level}>
                      {a.ruleNo} · {t(`sup.warning.${a.warningType}`)}
                    </Tag>
                  ),
                },
                { title: t('sup.content'), dataIndex: 'content', key: 'content' },
                { title: t('sup.department'), key: 'dept', render: (_, a) => dept(a.responsibleDepartment) },
                { title: t('sup.raisedAt'), key: 'at', render: (_, a) => date(a.raisedAt) },
                {
                  title: t('sup.status'),
                  key: 'status',
                  render: (_, a) => (
                    <>
                      <Tag data-status={a.status}>{t(`sup.alertStatus.${a.status}`)}</Tag>
                      {a.result && <div className="muted">{a.result}</div>}
                    </>
                  ),
                },
                {
                  title: t('sup.actions'),
                  key: 'actions',
                  render: (_, a) => (
                    <Space wrap>
                      {a.status === 'open' && (
                        <Button
                          size="small"
                          type="primary"
                          onClick={() => setAction({ kind: 'ack', alert: a })}
                          aria-label={`${t('sup.issue')} ${a.supervisionNo}`}
                        >
                          {t('sup.issue')}
                        </Button>
                      )}
                      {(a.status === 'open' || a.status === 'acknowledged') && (
                        <Button
                          size="small"
                          onClick={() => setAction({ kind: 'resolve', alert: a })}
                          aria-label={`${t('sup.resolve')} ${a.supervisionNo}`}
                        >
                          {t('sup.resolve')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </div>
        </>
      )}
      {action && <AlertActionModal action={action} onClose={() => setAction(null)} onDone={reload} />}
    </div>
  );
}

function AlertActionModal({
  action,
  onClose,
  onDone,
}: {
  action: AlertAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ack = action.kind === 'ack';
  const submit = async () => {
    if (text.trim() === '') return setError(t(ack ? 'sup.noticeRequired' : 'sup.resultRequired'));
    setBusy(true);
    setError(null);
    try {
      if (ack) await supervisionApi.acknowledge(action.alert.id, text.trim());
      else await supervisionApi.resolve(action.alert.id, text.trim());
      void message.success(ack ? t('sup.issued') : t('sup.resolved'));
      onClose();
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${ack ? t('sup.issueTitle') : t('sup.resolveTitle')} · ${action.alert.supervisionNo}`}
      okText={ack ? t('sup.issue') : t('sup.resolve')}
      cancelText={t('sup.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <p>
        {action.alert.caseNo} · {action.alert.itemName}
      </p>
      <p className="muted">{action.alert.content}</p>
      <label htmlFor="alert-text" className="field-label">
        {ack ? t('sup.noticeText') : t('sup.resultText')}
      </label>
      <Input.TextArea
        id="alert-text"
        rows={4}
        maxLength={ack ? 2000 : 4000}
        value={text}
        autoFocus
        status={error ? 'error' : undefined}
        aria-describedby="alert-text-error"
        onChange={(e) => setText(e.target.value)}
      />
      <div id="alert-text-error" className="error-text" role={error ? 'alert' : undefined}>
        {error}
      </div>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Anomalies

export function AnomaliesPage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const [rule, setRule] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync(
    (signal) => supervisionApi.anomalies({ rule, page, pageSize: 20 }, signal),
    [rule, page],
  );
  const rules = state.status === 'ok' ? state.data.rules : {};
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.anomalies')}</h1>
      <SupervisionNav />
      <Form layout="inline" className="filters stack-xs">
        <Form.Item label={t('sup.rule')} htmlFor="anomaly-rule">
          <Select
            id="anomaly-rule"
            allowClear
            className="filter-select wide"
            value={rule}
            placeholder={t('common.all')}
            onChange={(v?: string) => {
              setRule(v);
              setPage(1);
            }}
            options={Object.entries(rules).map(([k, v]) => ({ value: k, label: `${k} ${v}` }))}
          />
        </Form.Item>
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          <div className="table-toolbar">
            <span className="muted">{t('sup.totalN', { n: state.data.total })}</span>
            <Button
              disabled={state.data.items.length === 0}
              onClick={() =>
                downloadCsv(
                  'supervision-anomalies.csv',
                  [t('sup.rule'), t('sup.caseNo'), t('sup.content'), t('sup.department'), t('sup.raisedAt')],
                  state.data.items.map((a) => [
                    `${a.ruleNo} ${a.title}`,
                    a.applicationNo,
                    a.detail,
                    dept(a.departmentCode),
                    date(a.at),
                  ]),
                )
              }
            >
              {t('sup.exportVisible')}
            </Button>
          </div>
          <div className="scroll-x">
            <Table<AnomalyRecord>
              rowKey="id"
              size="small"
              dataSource={state.data.items}
              data-testid="anomalies-table"
              locale={{ emptyText: <Empty description={t('sup.noAnomalies')} /> }}
              pagination={
                state.data.total > state.data.pageSize
                  ? {
                      current: page,
                      pageSize: state.data.pageSize,
                      total: state.data.total,
                      onChange: setPage,
                    }
                  : false
              }
              columns={[
                {
                  title: t('sup.rule'),
                  key: 'rule',
                  render: (_, a) => <Tag color="volcano">{`${a.ruleNo} ${a.title}`}</Tag>,
                },
                { title: t('sup.caseNo'), key: 'case', render: (_, a) => caseLink(a.applicationNo) },
                { title: t('sup.content'), dataIndex: 'detail', key: 'detail' },
                { title: t('sup.department'), key: 'dept', render: (_, a) => dept(a.departmentCode) },
                { title: t('sup.raisedAt'), key: 'at', render: (_, a) => date(a.at) },
                {
                  title: t('sup.actions'),
                  key: 'act',
                  render: (_, a) => (
                    <Link
                      to={`/supervision/alerts?warningType=anomaly&applicationNo=${encodeURIComponent(a.applicationNo)}`}
                    >
                      {t('sup.toSupervise')}
                    </Link>
                  ),
                },
              ]}
            />
          </div>
        </>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Risk ranking

export function RiskPage() {
  const { t } = useI18n();
  const dept = useDept();
  const [min, setMin] = useState<number | undefined>();
  const [state, reload] = useAsync(
    (signal) => supervisionApi.risk({ minProbability: min, limit: 100 }, signal),
    [min],
  );
  const percent = (p: number) => Math.round(p * 1000) / 10;
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.risk')}</h1>
      <SupervisionNav />
      <p className="muted">{t('sup.riskHint')}</p>
      <Form layout="inline" className="filters stack-xs">
        <Form.Item label={t('sup.minProbability')} htmlFor="risk-min">
          <Select
            id="risk-min"
            allowClear
            className="filter-select"
            value={min}
            placeholder={t('common.all')}
            onChange={(v?: number) => setMin(v)}
            options={[0.2, 0.5, 0.8].map((p) => ({ value: p, label: `≥ ${p * 100}%` }))}
          />
        </Form.Item>
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          <div className="table-toolbar">
            <span className="muted">{t('sup.totalN', { n: state.data.total })}</span>
            <Button
              disabled={state.data.items.length === 0}
              onClick={() =>
                downloadCsv(
                  'supervision-risk.csv',
                  [
                    t('sup.rank'),
                    t('sup.caseNo'),
                    t('sup.item'),
                    t('sup.department'),
                    t('sup.probability'),
                    t('sup.remainingDays'),
                    t('sup.reasons'),
                  ],
                  state.data.items.map((r, i) => [
                    i + 1,
                    r.applicationNo,
                    r.itemName,
                    dept(r.departmentCode),
                    `${percent(r.probability)}%`,
                    r.remainingWorkingDays,
                    r.reasons.join('；'),
                  ]),
                )
              }
            >
              {t('sup.exportVisible')}
            </Button>
          </div>
          <div className="scroll-x">
            <Table<CaseRisk>
              rowKey="applicationNo"
              size="small"
              dataSource={state.data.items}
              data-testid="risk-table"
              pagination={false}
              locale={{ emptyText: <Empty description={t('sup.noRisk')} /> }}
              expandable={{
                expandedRowRender: (r) => (
                  <ul className="reasons">
                    {r.reasons.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                ),
              }}
              columns={[
                { title: t('sup.rank'), key: 'rank', render: (_, __, i) => i + 1 },
                { title: t('sup.caseNo'), key: 'case', render: (_, r) => caseLink(r.applicationNo) },
                { title: t('sup.item'), dataIndex: 'itemName', key: 'item' },
                { title: t('sup.department'), key: 'dept', render: (_, r) => dept(r.departmentCode) },
                {
                  title: t('sup.probability'),
                  key: 'p',
                  render: (_, r) => (
                    <Progress
                      percent={percent(r.probability)}
                      size="small"
                      status={r.probability >= 0.8 ? 'exception' : 'normal'}
                      strokeColor={
                        r.probability >= 0.8 ? '#dc2626' : r.probability >= 0.5 ? '#d97706' : '#16a34a'
                      }
                      aria-label={`${t('sup.probability')} ${percent(r.probability)}%`}
                      format={(v) => `${v ?? 0}%`}
                    />
                  ),
                },
                {
                  title: t('sup.remainingDays'),
                  dataIndex: 'remainingWorkingDays',
                  key: 'rem',
                  align: 'right',
                },
              ]}
            />
          </div>
        </>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Case timeline (Gantt-like)

interface Bar {
  key: string;
  label: string;
  start: number;
  end: number;
  open: boolean;
  level?: string;
  pauses: Array<{ start: number; end: number }>;
  detail: string;
}

const ms = (v: string | null | undefined): number | null => (v ? new Date(v).getTime() : null);

function barsOf(
  tl: SupervisorCaseTimeline,
  now: number,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  dept: (c: string) => string,
): Bar[] {
  const c = tl.case;
  const pausesOf = (list: readonly Pause[] | undefined) =>
    (list ?? []).map((p) => ({
      start: new Date(p.start).getTime(),
      end: p.end ? new Date(p.end).getTime() : now,
    }));
  const bars: Bar[] = [];
  const received = ms(c.receivedAt);
  const accepted = ms(c.acceptedAt);
  if (received !== null) {
    bars.push({
      key: 'acceptance',
      label: t('sup.bar.acceptance'),
      start: received,
      end: accepted ?? now,
      open: accepted === null,
      pauses: [],
      detail: t('sup.bar.acceptanceDetail'),
    });
  }
  const clock = tl.clocks.find((k) => k.subject === 'case');
  if (accepted !== null) {
    const stop = ms(clock?.stoppedAt) ?? ms(c.decidedAt) ?? ms(c.completedAt) ?? ms(c.closedAt);
    bars.push({
      key: 'case',
      label: t('sup.bar.case'),
      start: accepted,
      end: stop ?? now,
      open: stop === null,
      level: clock?.level ?? c.cardLevel,
      pauses: pausesOf(clock?.pauses ?? c.pauses.map((p) => ({ start: p.startedAt, end: p.endedAt }))),
      detail: t('sup.bar.limit', {
        n: c.promisedLimitDays + c.extensionDays,
        used: clock?.usedDays ?? c.workingDaysUsed ?? 0,
      }),
    });
  }
  for (const task of tl.tasks) {
    const k = tl.clocks.find((x) => x.subject === `task:${task.taskId}`);
    const end = ms(task.completedAt);
    bars.push({
      key: task.taskId,
      label: `${task.departmentName || dept(task.departmentCode)}（${task.role === 'lead' ? t('sup.lead') : t('sup.co')}）`,
      start: new Date(task.startedAt).getTime(),
      end: end ?? now,
      open: end === null,
      level: k?.level,
      pauses: pausesOf(k?.pauses),
      detail: `${t('sup.bar.limit', { n: task.limitDays, used: k?.usedDays ?? task.workingDaysUsed ?? 0 })}${task.verdict ? ` · ${task.verdict}` : ''}`,
    });
  }
  const delivered = ms(c.deliveredAt);
  const completed = ms(c.completedAt);
  if (completed !== null)
    bars.push({
      key: 'delivery',
      label: t('sup.bar.delivery'),
      start: completed,
      end: delivered ?? now,
      open: delivered === null,
      pauses: [],
      detail: '',
    });
  return bars;
}

export function CaseLookupPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.caseTimeline')}</h1>
      <SupervisionNav />
      <Form
        layout="vertical"
        className="narrow-form"
        onFinish={(v: { no: string }) =>
          void navigate(`/supervision/cases/${encodeURIComponent(v.no.trim())}`)
        }
      >
        <Form.Item
          label={t('sup.caseNo')}
          name="no"
          htmlFor="case-no"
          rules={[{ required: true, whitespace: true, message: t('sup.caseNoRequired') }]}
        >
          <Input id="case-no" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.query')}
        </Button>
      </Form>
    </div>
  );
}

export function CaseTimelinePage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const { no = '' } = useParams();
  const [state, reload] = useAsync((signal) => supervisionApi.timeline(no, signal), [no]);
  return (
    <div className="page">
      <h1 className="page-title">
        {t('sup.caseTimeline')} · {no}
      </h1>
      <SupervisionNav />
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.data.view === 'supervisor' && (
        <CaseGantt tl={state.data} date={date} dept={dept} />
      )}
    </div>
  );
}

function CaseGantt({
  tl,
  date,
  dept,
}: {
  tl: SupervisorCaseTimeline;
  date: (v: string | null | undefined) => string;
  dept: (c: string) => string;
}) {
  const { t } = useI18n();
  const now = ms(tl.readAt) ?? Date.now();
  const bars = barsOf(tl, now, t, dept);
  const min = Math.min(...bars.map((b) => b.start), now);
  const max = Math.max(...bars.map((b) => b.end), min + 1);
  const pos = (v: number) => `${(((v - min) / (max - min)) * 100).toFixed(2)}%`;
  const width = (a: number, b: number) => `${Math.max(0.8, ((b - a) / (max - min)) * 100).toFixed(2)}%`;
  const c = tl.case;
  return (
    <>
      <Card size="small">
        <p>
          <strong>{c.itemName}</strong> · {dept(c.departmentCode)} ·{' '}
          <Tag color={LEVEL_TAG[c.cardLevel]}>{t(`sup.card.${c.cardLevel}`)}</Tag>
        </p>
        <p className="muted">
          {t('sup.receivedAt')} {date(c.receivedAt)} · {t('sup.promisedDue')} {date(c.promisedDueAt)}{' '}
          <ProvisionalTag due={c.promisedDueAt} show={c.provisional} />
        </p>
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('sup.gantt')}</h2>}>
        {bars.length === 0 ? (
          <Empty description={t('sup.noSteps')} />
        ) : (
          <div className="gantt" aria-hidden="true" data-testid="gantt">
            {bars.map((b) => (
              <div className="gantt-row" key={b.key}>
                <div className="gantt-label">{b.label}</div>
                <div className="gantt-track">
                  <div
                    className={`gantt-bar level-${b.level ?? 'none'}${b.open ? ' open' : ''}`}
                    style={{ left: pos(b.start), width: width(b.start, b.end) }}
                  />
                  {b.pauses.map((p, i) => (
                    <div
                      key={i}
                      className="gantt-pause"
                      style={{ left: pos(p.start), width: width(p.start, p.end) }}
                      data-testid="gantt-pause"
                    />
                  ))}
                </div>
              </div>
            ))}
            <div className="gantt-axis">
              <span>{date(new Date(min).toISOString())}</span>
              <span>{date(new Date(max).toISOString())}</span>
            </div>
          </div>
        )}
        <p className="muted gantt-legend">{t('sup.ganttLegend')}</p>
        <div className="scroll-x">
          <Table<Bar>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={bars}
            data-testid="gantt-table"
            caption={<span className="sr-only">{t('sup.gantt')}</span>}
            columns={[
              { title: t('sup.step'), dataIndex: 'label', key: 'label' },
              {
                title: t('sup.start'),
                key: 'start',
                render: (_, b) => date(new Date(b.start).toISOString()),
              },
              {
                title: t('sup.end'),
                key: 'end',
                render: (_, b) => (b.open ? t('sup.running') : date(new Date(b.end).toISOString())),
              },
              { title: t('sup.limitUsed'), dataIndex: 'detail', key: 'detail' },
              {
                title: t('sup.pauses'),
                key: 'pauses',
                render: (_, b) =>
                  b.pauses.length === 0
                    ? '—'
                    : b.pauses
                        .map(
                          (p) =>
                            `${date(new Date(p.start).toISOString())} – ${date(new Date(p.end).toISOString())}`,
                        )
                        .join('；'),
              },
            ]}
          />
        </div>
      </Card>
      {tl.anomalies.length > 0 && (
        <Card size="small" title={<h2 className="card-title">{t('sup.anomalies')}</h2>}>
          <ul>
            {tl.anomalies.map((a) => (
              <li key={a.id}>
                <Tag color="volcano">{a.ruleNo}</Tag> {a.title} — {a.detail}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card size="small" title={<h2 className="card-title">{t('sup.events')}</h2>}>
        <Timeline
          items={tl.entries.map((e) => ({
            key: e.eventId,
            content: (
              <>
                <strong>{e.label}</strong> <span className="muted">{date(e.occurredAt)}</span>
                {e.actor?.name && <span className="muted"> · {e.actor.name}</span>}
                {e.traceId && (
                  <div className="trace-id">
                    <span className="muted">{t('sup.traceId')}</span>{' '}
                    <Typography.Text code copyable={{ text: e.traceId }} data-testid="trace-id">
                      {e.traceId}
                    </Typography.Text>
                  </div>
                )}
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Working-day calendar editor

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [years] = useState(() => Array.from({ length: 6 }, (_, i) => new Date().getFullYear() - 1 + i));
  const [state, reload] = useAsync((signal) => supervisionApi.calendar(year, signal), [year]);
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.calendar')}</h1>
      <SupervisionNav />
      <p className="muted">{t('sup.calendarHint')}</p>
      <div className="year-pick">
        <label htmlFor="cal-year">{t('sup.year')}</label>
        <select
          id="cal-year"
          className="native-select"
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.data.provisional === true && (
        <Alert
          type="warning"
          showIcon
          className="stack-xs"
          title={t('sup.calendarProvisionalYear', { year })}
        />
      )}
      {state.status === 'ok' && (
        <CalendarEditor key={`${year}-${state.data.updatedAt ?? ''}`} data={state.data} onSaved={reload} />
      )}
    </div>
  );
}

/** Day of the week of an ISO date (0 = Sunday), independent of the browser's time zone. */
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();

function DayList(props: {
  id: string;
  label: string;
  days: string[];
  other: string[];
  weekendOnly?: boolean;
  onChange: (d: string[]) => void;
  year: number;
}) {
  const { id, label, days, other, weekendOnly = false, onChange, year } = props;
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!ISO_DAY.test(value) || !value.startsWith(`${year}-`)) return setError(t('sup.dayInYear', { year }));
    if (days.includes(value)) return setError(t('sup.dayDuplicate'));
    if (other.includes(value)) return setError(t('sup.dayInBoth'));
    if (weekendOnly && weekday(value) !== 0 && weekday(value) !== 6) return setError(t('sup.workdayWeekend'));
    setError(null);
    onChange([...days, value].sort());
    setValue('');
  };
  return (
    <Card size="small" title={<h2 className="card-title">{label}</h2>}>
      <div className="day-tags" data-testid={`${id}-days`}>
        {days.length === 0 && <span className="muted">{t('sup.noDays')}</span>}
        {days.map((d) => (
          <Tag
            key={d}
            closable
            onClose={() => onChange(days.filter((x) => x !== d))}
            closeIcon={<span aria-label={t('sup.removeDay', { day: d })}>×</span>}
          >
            {d}
          </Tag>
        ))}
      </div>
      <Space.Compact className="top-gap">
        <label htmlFor={`${id}-input`} className="sr-only">
          {t('sup.addDayLabel', { list: label })}
        </label>
        <Input
          id={`${id}-input`}
          type="date"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          status={error ? 'error' : undefined}
          aria-describedby={`${id}-error`}
        />
        <Button onClick={add}>{t('sup.addDay')}</Button>
      </Space.Compact>
      <div id={`${id}-error`} className="error-text" role={error ? 'alert' : undefined}>
        {error}
      </div>
    </Card>
  );
}

function CalendarEditor({ data, onSaved }: { data: CalendarYear; onSaved: () => void }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const [holidays, setHolidays] = useState(data.holidays);
  const [workdays, setWorkdays] = useState(data.workdays);
  const [source, setSource] = useState(data.source ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = () =>
    modal.confirm({
      title: t('sup.calendarConfirm', { year: data.year }),
      content: t('sup.calendarConfirmHint'),
      okText: t('sup.save'),
      cancelText: t('sup.cancel'),
      onOk: async () => {
        try {
          const saved = await supervisionApi.saveCalendar(data.year, {
            holidays,
            workdays,
            ...(source.trim() ? { source: source.trim() } : {}),
          });
          setError(null);
          void message.success(t('sup.calendarSaved', { n: saved.reevaluatedCases ?? 0 }));
          onSaved();
        } catch (err) {
          setError(err);
          void message.error(errorText(err));
        }
      },
    });
  return (
    <>
      <p className="muted">
        {data.overridden
          ? t('sup.calendarOverridden', { by: data.updatedBy ?? '' })
          : data.hasData
            ? t('sup.calendarShipped')
            : t('sup.calendarNoData')}
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <div className="card-grid">
        <DayList
          id="holidays"
          label={t('sup.holidays')}
          days={holidays}
          other={workdays}
          onChange={setHolidays}
          year={data.year}
        />
        <DayList
          id="workdays"
          label={t('sup.workdays')}
          days={workdays}
          other={holidays}
          weekendOnly
          onChange={setWorkdays}
          year={data.year}
        />
      </div>
      <Form layout="vertical" className="narrow-form">
        <Form.Item label={t('sup.calendarSource')} htmlFor="cal-source">
          <Input id="cal-source" value={source} maxLength={500} onChange={(e) => setSource(e.target.value)} />
        </Form.Item>
        <Button type="primary" onClick={() => void save()}>
          {t('sup.save')}
        </Button>
      </Form>
    </>
  );
}
