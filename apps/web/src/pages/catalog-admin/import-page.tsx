/** Catalog import (/catalog-admin/import): workbook upload, background job with progress and row errors, export. */
import { App, Alert, Button, Card, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  catalogAdminApi,
  type ImportJob,
  type ImportRowResult,
  type SheetError,
} from '../../api/catalog-admin.api.js';
import { isAbort } from '../../api/http.js';
import { ErrorAlert, useErrorText } from '../../components/error-alert.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { CatalogNav } from './catalog-nav.js';
import { useFieldLabel, useRuleText } from './server-errors.js';

type ImportState =
  | { s: 'idle' }
  | { s: 'uploading'; percent: number }
  | { s: 'running'; job: ImportJob | null; sheetErrors: SheetError[] }
  | { s: 'done'; job: ImportJob; sheetErrors: SheetError[] }
  | { s: 'error'; error: unknown };

export function CatalogImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<ImportState>({ s: 'idle' });
  // One abort controller per mount, made in the effect (not at render): React's StrictMode mounts, cleans up
  // and mounts again, and a flag set by the first cleanup must not stop the polling of the mounted page.
  const mounted = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    mounted.current = controller;
    return () => controller.abort();
  }, []);

  const poll = async (jobId: string, sheetErrors: SheetError[], signal: AbortSignal) => {
    for (;;) {
      const job = await catalogAdminApi.importJob(jobId, signal);
      if (signal.aborted) return;
      if (job.status !== 'running') return setState({ s: 'done', job, sheetErrors });
      setState({ s: 'running', job, sheetErrors });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 400);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (signal.aborted) return;
    }
  };
  const start = async () => {
    const signal = mounted.current?.signal;
    if (!file || !signal) return;
    setState({ s: 'uploading', percent: 0 });
    try {
      const started = await catalogAdminApi.startImport(file, (percent) =>
        setState({ s: 'uploading', percent }),
      );
      if (signal.aborted) return;
      setState({ s: 'running', job: null, sheetErrors: started.sheetErrors });
      await poll(started.jobId, started.sheetErrors, signal);
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      setState({ s: 'error', error: err });
    }
  };
  const busy = state.s === 'uploading' || state.s === 'running';
  return (
    <div className="page">
      <h1 className="page-title">{t('cat.importExport')}</h1>
      <CatalogNav />
      <Card size="small" title={<h2 className="card-title">{t('cat.import')}</h2>}>
        <p className="muted">{t('cat.importHint')}</p>
        <div className="file-upload">
          <label htmlFor="import-file">{t('cat.importFile')}</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button type="primary" onClick={() => void start()} disabled={!file || busy} loading={busy}>
          {t('cat.startImport')}
        </Button>
        <div aria-live="polite" className="top-gap" data-testid="import-progress">
          {state.s === 'uploading' && (
            <>
              <p>{t('cat.uploading', { percent: state.percent })}</p>
              <Progress percent={state.percent} aria-label={t('cat.uploading', { percent: state.percent })} />
            </>
          )}
          {state.s === 'running' && (
            <>
              <p>
                {state.job
                  ? t('cat.importing', { done: state.job.done, total: state.job.total })
                  : t('cat.importQueued')}
              </p>
              <Progress
                percent={
                  state.job && state.job.total > 0 ? Math.floor((state.job.done / state.job.total) * 100) : 0
                }
                status="active"
                aria-label={t('cat.importProgress')}
              />
            </>
          )}
          {state.s === 'done' && <ImportResult job={state.job} sheetErrors={state.sheetErrors} />}
          {state.s === 'error' && <ErrorAlert error={state.error} />}
        </div>
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('cat.export')}</h2>}>
        <p className="muted">{t('cat.exportHint')}</p>
        <Space wrap>
          <Button
            onClick={() =>
              void catalogAdminApi
                .exportCatalog('xlsx')
                .catch((err: unknown) => void message.error(errorText(err)))
            }
          >
            {t('cat.exportXlsx')}
          </Button>
          <Button
            onClick={() =>
              void catalogAdminApi
                .exportCatalog('json')
                .catch((err: unknown) => void message.error(errorText(err)))
            }
          >
            {t('cat.exportJson')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}

function ImportResult({ job, sheetErrors }: { job: ImportJob; sheetErrors: SheetError[] }) {
  const { t, locale } = useI18n();
  const ruleText = useRuleText();
  const fieldLabel = useFieldLabel();
  const date = useDate();
  if (job.status === 'failed')
    return (
      <Alert type="error" showIcon role="alert" title={t('cat.importFailed')} description={job.error ?? ''} />
    );
  const rows = job.report?.rows ?? [];
  const problems = rows.filter((r) => r.status === 'error' || r.status === 'deviation');
  const totals = Object.entries(job.report?.totals ?? {}).map(([kind, counts]) => ({
    kind,
    text: Object.entries(counts ?? {})
      .map(([status, n]) => `${t(`cat.rowStatus.${status}` as MessageKey)} ${n}`)
      .join('，'),
  }));
  return (
    <>
      <Progress
        percent={100}
        status={problems.length > 0 || sheetErrors.length > 0 ? 'exception' : 'success'}
        aria-label={t('cat.importProgress')}
      />
      <Alert
        type={problems.length > 0 || sheetErrors.length > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="import-done"
        title={t('cat.importDone', { total: job.total, errors: problems.length + sheetErrors.length })}
        description={job.finishedAt ? date(job.finishedAt) : undefined}
      />
      <Descriptions
        size="small"
        column={1}
        className="top-gap"
        items={totals.map((x) => ({
          key: x.kind,
          label: t(`cat.kind.${x.kind}` as MessageKey),
          children: x.text,
        }))}
      />
      {problems.length > 0 && (
        <>
          <h3 className="sub-title">{t('cat.rowErrors')}</h3>
          <div className="scroll-x" tabIndex={0}>
            <Table<ImportRowResult>
              size="small"
              rowKey={(r) => `${r.kind}-${r.index}`}
              pagination={false}
              dataSource={problems}
              data-testid="row-errors"
              columns={[
                {
                  title: t('cat.kindCol'),
                  key: 'kind',
                  render: (_, r) => t(`cat.kind.${r.kind}` as MessageKey),
                },
                { title: t('cat.rowNo'), key: 'row', render: (_, r) => r.index + 1 },
                { title: t('cat.key'), dataIndex: 'key', key: 'key' },
                {
                  title: t('cat.status'),
                  key: 'status',
                  render: (_, r) => (
                    <Tag color={r.status === 'error' ? 'red' : 'orange'}>
                      {t(`cat.rowStatus.${r.status}` as MessageKey)}
                    </Tag>
                  ),
                },
                {
                  title: t('cat.field'),
                  key: 'field',
                  render: (_, r) => (r.error?.field ? fieldLabel(r.error.field) : '—'),
                },
                {
                  title: t('cat.message'),
                  key: 'msg',
                  render: (_, r) =>
                    r.error
                      ? (ruleText(r.error.code) ??
                        (locale === 'zh-CN' ? t('cat.rowInvalid') : r.error.message))
                      : '',
                },
              ]}
            />
          </div>
        </>
      )}
      {sheetErrors.length > 0 && (
        <>
          <h3 className="sub-title">{t('cat.sheetErrors')}</h3>
          <div className="scroll-x" tabIndex={0}>
            <Table<SheetError>
              size="small"
              rowKey={(r) => `${r.sheet ?? ''}-${r.row ?? ''}-${r.field ?? ''}`}
              pagination={false}
              dataSource={sheetErrors}
              columns={[
                { title: t('cat.sheet'), dataIndex: 'sheet', key: 'sheet' },
                { title: t('cat.rowNo'), dataIndex: 'row', key: 'row' },
                { title: t('cat.field'), dataIndex: 'field', key: 'field' },
                { title: t('cat.message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          </div>
        </>
      )}
      {problems.length === 0 && sheetErrors.length === 0 && (
        <Typography.Paragraph className="top-gap">{t('cat.noRowErrors')}</Typography.Paragraph>
      )}
    </>
  );
}
