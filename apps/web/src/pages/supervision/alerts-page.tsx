/** 督办 worklist (/supervision/alerts): 签收并下发督办意见 / 办结督办, filtered and exported as CSV. */
import { App, Button, Form, Input, Modal, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import * as z from 'zod/mini';
import {
  supervisionApi,
  type AlertRecord,
  type AlertStatus,
  type WarningType,
} from '../../api/supervision.api.js';
import { downloadCsv } from '../../components/csv.js';
import { ExportToolbar } from '../../components/export-toolbar.js';
import { FilterSelect } from '../../components/filter-select.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { ResponsiveTable } from '../../components/responsive-table.js';
import { useAsync } from '../../components/use-async.js';
import { pageParam } from '../../components/url-schema.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';
import { LEVEL_TAG, alertSubjectLink, useDept } from './labels.js';

type AlertAction = { kind: 'ack' | 'resolve'; alert: AlertRecord };

const LEVELS = ['yellow', 'red'] as const satisfies readonly AlertRecord['level'][];
const WARNING_TYPES = ['yellow-card', 'red-card', 'anomaly'] as const satisfies readonly WarningType[];
const STATUSES = ['open', 'acknowledged', 'resolved', 'cleared'] as const satisfies readonly AlertStatus[];

/** The worklist's filters and page live in the URL (links from the anomalies and the dashboard set them). */
const ALERTS_URL = z.object({
  level: z.optional(z.enum(LEVELS)),
  warningType: z.optional(z.enum(WARNING_TYPES)),
  status: z.optional(z.enum(STATUSES)),
  applicationNo: z.optional(z.string()),
  page: pageParam,
});

export function AlertsPage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const [filters, update] = useSearchParamsSchema(ALERTS_URL);
  const [state, reload] = useAsync(
    (signal) => supervisionApi.alerts({ ...filters, pageSize: 20 }, signal),
    [filters],
  );
  const [action, setAction] = useState<AlertAction | null>(null);
  /** A filter changed: back to the first page. */
  const set = (key: 'level' | 'warningType' | 'status' | 'applicationNo', value: string | undefined) =>
    update({ [key]: value, page: undefined });
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
        <FilterSelect
          id="alert-level"
          label={t('sup.level')}
          value={filters.level}
          placeholder={t('common.all')}
          onChange={(v) => set('level', v)}
          options={[
            { value: 'yellow', label: t('sup.card.yellow') },
            { value: 'red', label: t('sup.card.red') },
          ]}
        />
        <FilterSelect
          id="alert-type"
          label={t('sup.warningType')}
          value={filters.warningType}
          placeholder={t('common.all')}
          onChange={(v) => set('warningType', v)}
          options={WARNING_TYPES.map((w) => ({
            value: w,
            label: t(`sup.warning.${w}`),
          }))}
        />
        <FilterSelect
          id="alert-status"
          label={t('sup.status')}
          value={filters.status}
          placeholder={t('sup.alertStatus.pending')}
          onChange={(v) => set('status', v)}
          options={STATUSES.map((s) => ({
            value: s,
            label: t(`sup.alertStatus.${s}`),
          }))}
        />
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
          <ExportToolbar
            total={state.data.total}
            empty={state.data.items.length === 0}
            onExport={() => exportCsv(state.data.items)}
            totalTestId="alerts-total"
          />
          <ResponsiveTable<AlertRecord>
            rows={state.data.items}
            rowKey={(a) => a.id}
            testId="alerts-table"
            label={t('sup.alerts')}
            empty={t('sup.noAlerts')}
            pagination={
              state.data.total > state.data.pageSize
                ? {
                    current: filters.page,
                    pageSize: state.data.pageSize,
                    total: state.data.total,
                    onChange: (p) => update({ page: p }),
                  }
                : false
            }
            columns={[
              {
                // Both numbers in one column (the 督办 above its case): one column less to squeeze at 1366 px.
                key: 'no',
                title: `${t('sup.supervisionNo')} / ${t('sup.caseNo')}`,
                render: (a) => (
                  <>
                    <div>{a.supervisionNo}</div>
                    <div>{alertSubjectLink(a)}</div>
                  </>
                ),
              },
              { key: 'item', title: t('sup.item'), render: (a) => a.itemName, textWidth: 140 },
              {
                key: 'type',
                title: t('sup.warningType'),
                render: (a) => (
                  <Tag color={LEVEL_TAG[a.level]} data-level={a.level}>
                    {a.ruleNo} · {t(`sup.warning.${a.warningType}`)}
                  </Tag>
                ),
              },
              { key: 'content', title: t('sup.content'), render: (a) => a.content, textWidth: 240 },
              { key: 'dept', title: t('sup.department'), render: (a) => dept(a.responsibleDepartment) },
              { key: 'at', title: t('sup.raisedAt'), render: (a) => date(a.raisedAt) },
              {
                key: 'status',
                title: t('sup.status'),
                textWidth: 120,
                render: (a) => <StatusTag a={a} />,
              },
              {
                key: 'actions',
                title: t('sup.actions'),
                render: (a) => (
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
        </>
      )}
      {action && <AlertActionModal action={action} onClose={() => setAction(null)} onDone={reload} />}
    </div>
  );
}

/** The 督办's status, with the result once it is resolved. */
function StatusTag({ a }: { a: AlertRecord }) {
  const { t } = useI18n();
  return (
    <>
      <Tag data-status={a.status}>{t(`sup.alertStatus.${a.status}`)}</Tag>
      {a.result && <div className="muted text-cell">{a.result}</div>}
    </>
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
