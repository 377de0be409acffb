/**
 * 差评整改 worklist of the supervisor: every bad rating's rectification with its deadline; 回访 (callback), then
 * 整改结果 (result, shown to the applicant), and 复核 of an applicant's 申诉 (appeal): upheld reopens the
 * rectification for a new round, dismissed closes it. The service refuses a step out of order (409, shown).
 */
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { DEPARTMENTS, nameOf } from '../api/catalog-codes.js';
import {
  CALLBACK_METHODS,
  RECTIFICATION_STATUSES,
  rectificationsApi,
  type CallbackMethod,
  type RectificationRecord,
  type RectificationStatus,
} from '../api/rectifications.api.js';
import { ErrorAlert, useErrorText } from '../components/error-alert.js';
import { FilterSelect } from '../components/filter-select.js';
import { useAsync } from '../components/use-async.js';
import { useSearchParamsSchema } from '../components/use-url-params.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { SupervisionNav } from './supervision/supervision-nav.js';

type Action = { kind: 'callback' | 'result' | 'review'; r: RectificationRecord };

const STATUS_COLOR: Readonly<Record<RectificationStatus, string>> = {
  open: 'red',
  'called-back': 'orange',
  rectified: 'blue',
  appealed: 'purple',
  closed: 'green',
};

const STATUSES = [
  'open',
  'called-back',
  'rectified',
  'appealed',
  'closed',
] as const satisfies readonly RectificationStatus[];
/** The status filter lives in the URL (the dashboard links to it). */
const RECTIFICATIONS_URL = z.object({ status: z.optional(z.enum(STATUSES)) });

export function RectificationsPage() {
  const { t, locale } = useI18n();
  const date = useDate();
  const [{ status }, update] = useSearchParamsSchema(RECTIFICATIONS_URL);
  const [state, reload] = useAsync((signal) => rectificationsApi.list({ status }, signal), [status]);
  const [action, setAction] = useState<Action | null>(null);
  // Phones get one card per rectification (a nine-column table does not fit 375 px).
  const wide = Grid.useBreakpoint().md === true;
  const setStatus = (value?: string) => update({ status: value });
  const statusLabel = (s: RectificationStatus) => t(`rect.status.${s}` as MessageKey);
  const cell = {
    no: (r: RectificationRecord) => (
      <Link to={`/supervision/cases/${encodeURIComponent(r.applicationNo)}`}>{r.applicationNo}</Link>
    ),
    item: (r: RectificationRecord) => r.rating?.itemName ?? '—',
    rating: (r: RectificationRecord) =>
      r.rating ? (
        <>
          <Tag color="red">{t(`sup.rating.${r.rating.level}` as MessageKey)}</Tag>
          {r.rating.comment && <div className="muted">{r.rating.comment}</div>}
        </>
      ) : (
        '—'
      ),
    dept: (r: RectificationRecord) => nameOf(DEPARTMENTS, r.departmentCode, locale),
    due: (r: RectificationRecord) => (
      <>
        {date(r.dueAt)}
        {r.overdue && (
          <div>
            <Tag color="red">{t('rect.overdue')}</Tag>
          </div>
        )}
      </>
    ),
    status: (r: RectificationRecord) => (
      <>
        <Tag color={STATUS_COLOR[r.status]} data-status={r.status}>
          {statusLabel(r.status)}
        </Tag>
        {r.round > 1 && <div className="muted">{t('rect.round', { n: r.round })}</div>}
      </>
    ),
    progress: (r: RectificationRecord) => <Progress r={r} />,
    actions: (r: RectificationRecord) => (
      <Space wrap>
        {(r.status === 'open' || r.status === 'called-back') && (
          <Button
            size="small"
            type={r.status === 'open' ? 'primary' : 'default'}
            aria-label={`${t('rect.callback')} ${r.applicationNo}`}
            onClick={() => setAction({ kind: 'callback', r })}
          >
            {t('rect.callback')}
          </Button>
        )}
        {r.status === 'called-back' && (
          <Button
            size="small"
            type="primary"
            aria-label={`${t('rect.result')} ${r.applicationNo}`}
            onClick={() => setAction({ kind: 'result', r })}
          >
            {t('rect.result')}
          </Button>
        )}
        {r.status === 'appealed' && (
          <Button
            size="small"
            type="primary"
            aria-label={`${t('rect.review')} ${r.applicationNo}`}
            onClick={() => setAction({ kind: 'review', r })}
          >
            {t('rect.review')}
          </Button>
        )}
      </Space>
    ),
  };
  const columns = [
    ['no', 'rect.caseNo'],
    ['item', 'rect.item'],
    ['rating', 'rect.rating'],
    ['dept', 'rect.department'],
    ['due', 'rect.due'],
    ['status', 'rect.status'],
    ['progress', 'rect.progress'],
    ['actions', 'rect.actions'],
  ] as const;
  return (
    <div className="page">
      <h1 className="page-title">{t('rect.title')}</h1>
      <SupervisionNav />
      <p className="muted">{t('rect.intro')}</p>
      <Form layout="inline" className="filters stack-xs">
        <FilterSelect
          id="rect-status"
          label={t('rect.statusFilter')}
          value={status}
          placeholder={t('common.all')}
          onChange={setStatus}
          options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
      </Form>
      {state.status === 'loading' && <Skeleton active />}
      {state.status === 'error' && <ErrorAlert error={state.error} onRetry={reload} />}
      {state.status === 'ok' && wide && (
        <div className="scroll-x" tabIndex={0}>
          <Table<RectificationRecord>
            rowKey="id"
            size="small"
            dataSource={state.data.items}
            data-testid="rectifications-table"
            pagination={state.data.items.length > 20 ? { pageSize: 20 } : false}
            locale={{ emptyText: <Empty description={t('rect.none')} /> }}
            columns={columns.map(([key, title]) => ({
              key,
              title: t(title),
              render: (_: unknown, r: RectificationRecord) => cell[key](r),
            }))}
          />
        </div>
      )}
      {state.status === 'ok' && !wide && (
        <div data-testid="rectifications-list">
          {state.data.items.length === 0 ? (
            <Empty description={t('rect.none')} />
          ) : (
            <ul className="rect-cards">
              {state.data.items.map((r) => (
                <li key={r.id}>
                  <Card size="small" title={cell.no(r)} extra={cell.status(r)}>
                    <Descriptions
                      size="small"
                      column={1}
                      items={columns
                        .filter(([key]) => key !== 'no' && key !== 'status' && key !== 'actions')
                        .map(([key, title]) => ({ key, label: t(title), children: cell[key](r) }))}
                    />
                    <div className="top-gap">{cell.actions(r)}</div>
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {action && <RectificationModal action={action} onClose={() => setAction(null)} onDone={reload} />}
    </div>
  );
}

/** The callbacks, result, appeal and review of one rectification, as short lines. */
function Progress({ r }: { r: RectificationRecord }) {
  const { t } = useI18n();
  const last = r.callbacks.at(-1);
  return (
    <div className="rect-progress">
      {r.callbacks.length > 0 && (
        <div>
          {t('rect.callbackN', { n: r.callbacks.length })}
          {last && <span className="muted">：{last.summary}</span>}
        </div>
      )}
      {r.result && (
        <div>
          {t('rect.result')}：{r.result}
        </div>
      )}
      {r.appealReason && (
        <div>
          {t('rect.appealReason')}：{r.appealReason}
        </div>
      )}
      {r.reviewOutcome && (
        <div>
          {t(`rect.reviewed.${r.reviewOutcome}` as MessageKey)}
          {r.reviewConclusion && <span className="muted">：{r.reviewConclusion}</span>}
        </div>
      )}
    </div>
  );
}

function RectificationModal({
  action,
  onClose,
  onDone,
}: {
  action: Action;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const textId = useId();
  const errorId = useId();
  const [method, setMethod] = useState<CallbackMethod>('phone');
  const [reached, setReached] = useState(true);
  const [upheld, setUpheld] = useState<boolean | undefined>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { kind, r } = action;
  const titles = {
    callback: 'rect.callbackTitle',
    result: 'rect.resultTitle',
    review: 'rect.reviewTitle',
  } as const;
  const labels = { callback: 'rect.summary', result: 'rect.resultText', review: 'rect.conclusion' } as const;
  const required = {
    callback: 'rect.summaryRequired',
    result: 'rect.resultRequired',
    review: 'rect.conclusionRequired',
  } as const;
  const done = {
    callback: 'rect.callbackDone',
    result: 'rect.resultDone',
    review: 'rect.reviewDone',
  } as const;
  const submit = async () => {
    if (kind === 'review' && upheld === undefined) return setError(t('rect.outcomeRequired'));
    if (text.trim() === '') return setError(t(required[kind]));
    setBusy(true);
    setError(null);
    try {
      if (kind === 'callback')
        await rectificationsApi.callback(r.id, { method, reached, summary: text.trim() });
      else if (kind === 'result') await rectificationsApi.result(r.id, text.trim());
      else await rectificationsApi.review(r.id, upheld === true, text.trim());
      void message.success(t(done[kind]));
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
      title={t(titles[kind], { no: r.applicationNo })}
      okText={t('rect.submit')}
      cancelText={t('rect.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      {r.rating && (
        <p>
          {r.rating.itemName} · {t(`sup.rating.${r.rating.level}` as MessageKey)}
          {r.rating.comment && <span className="muted">：{r.rating.comment}</span>}
        </p>
      )}
      {kind === 'callback' && (
        <>
          <Radio.Group
            aria-label={t('rect.method')}
            value={method}
            onChange={(e) => setMethod(e.target.value as CallbackMethod)}
            options={CALLBACK_METHODS.map((m) => ({ value: m, label: t(`rect.method.${m}` as MessageKey) }))}
          />
          <div className="top-gap">
            <Checkbox checked={reached} onChange={(e) => setReached(e.target.checked)}>
              {t('rect.reached')}
            </Checkbox>
          </div>
        </>
      )}
      {kind === 'result' && r.callbacks.length > 0 && <p className="muted">{r.callbacks.at(-1)?.summary}</p>}
      {kind === 'review' && (
        <>
          <p>
            {t('rect.result')}：{r.result ?? '—'}
          </p>
          <p>
            {t('rect.appealReason')}：{r.appealReason ?? '—'}
          </p>
          <Radio.Group
            aria-label={t('rect.outcome')}
            className="vertical-checks"
            value={upheld}
            onChange={(e) => setUpheld(e.target.value === true)}
            options={[
              { value: true, label: t('rect.upheld') },
              { value: false, label: t('rect.dismissed') },
            ]}
          />
        </>
      )}
      <label htmlFor={textId} className="field-label">
        {t(labels[kind])}
      </label>
      <Input.TextArea
        id={textId}
        rows={4}
        maxLength={kind === 'result' ? 4000 : 2000}
        value={text}
        status={error ? 'error' : undefined}
        aria-describedby={errorId}
        onChange={(e) => setText(e.target.value)}
      />
      <div id={errorId} className="error-text" role={error ? 'alert' : undefined}>
        {error}
      </div>
    </Modal>
  );
}
