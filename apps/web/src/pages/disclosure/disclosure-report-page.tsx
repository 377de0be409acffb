/**
 * 政府信息公开工作年度报告 (/disclosure/reports, the agency's staff): pick a year; the tables of 二、三、四 as the service
 * computes them (read-only) with the manual cells of 二 as inputs marked 人工填报; the narrative sections 一、五、六 as
 * text areas; save the draft, publish (an ended year, every manual cell entered), download PDF / Excel / Word. Tables scroll
 * sideways on a phone (375 px).
 */
import { Alert, App, Button, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import * as z from 'zod/mini';
import {
  disclosureReportApi,
  type AnnualReport,
  type ManualCell,
  type ProactiveCell,
} from '../../api/disclosure-report.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: 6 }, (_, i) => thisYear - i);
const URL_SCHEMA = z.object({ year: z.optional(z.coerce.number()) });

const cell: CSSProperties = { border: '1px solid #d9d9d9', padding: '4px 6px', fontSize: 12 };
const num: CSSProperties = { ...cell, textAlign: 'center', minWidth: 44 };
const scroller: CSSProperties = { overflowX: 'auto', maxWidth: '100%', marginBottom: 8 };
const table: CSSProperties = { borderCollapse: 'collapse', minWidth: '100%' };

type Narrative = AnnualReport['narrative'];
type Manual = Partial<Record<ManualCell, number | null>>;

function manualOf(r: AnnualReport): Manual {
  const out: Manual = {};
  for (const g of r.proactive)
    for (const row of g.rows) for (const c of row.cells) if (c.manual) out[c.key as ManualCell] = c.value;
  return out;
}

export function DisclosureReportPage() {
  const { t } = useI18n();
  const [values, update] = useSearchParamsSchema(URL_SCHEMA);
  const year = values.year !== undefined && YEARS.includes(values.year) ? values.year : thisYear;
  const [state, reload] = useAsync((signal) => disclosureReportApi.get(year, signal), [year]);
  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Title level={3}>{t('title.disclosureReport')}</Typography.Title>
      <label>
        {t('disr.year')}{' '}
        <select
          aria-label={t('disr.year')}
          value={year}
          onChange={(e) => update({ year: Number(e.target.value) })}
        >
          {YEARS.map((y) => (
            <option key={y} value={y}>
              {t('disr.yearOption', { year: y })}
            </option>
          ))}
        </select>
      </label>
      <div style={{ marginTop: 12 }}>
        <AsyncView state={state} onRetry={reload}>
          {(report) => (
            <ReportEditor
              key={`${report.year}-${report.updatedAt ?? ''}-${report.status}`}
              initial={report}
            />
          )}
        </AsyncView>
      </div>
    </div>
  );
}

function ReportEditor({ initial }: { initial: AnnualReport }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const [report, setReport] = useState(initial);
  const [narrative, setNarrative] = useState<Narrative>(initial.narrative);
  const [manual, setManual] = useState<Manual>(() => manualOf(initial));
  const [busy, setBusy] = useState(false);
  const editable = report.status === 'draft';
  const title = `${report.agencyName}${report.year}年政府信息公开工作年度报告`;
  const running = new Date(report.asOf).getTime() < Date.parse(`${report.year + 1}-01-01T00:00:00+08:00`);
  const missing = Object.values(manual).filter((v) => v === null || v === undefined).length;

  const run = async (fn: () => Promise<AnnualReport | void>, done?: MessageKey) => {
    setBusy(true);
    try {
      const r = await fn();
      if (r) {
        setReport(r);
        setManual(manualOf(r));
      }
      if (done) void message.success(t(done));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(() => disclosureReportApi.save(report.year, { narrative, manual }), 'disr.saved');
  const publish = (): void => {
    void modal.confirm({
      content: t('disr.publishConfirm'),
      onOk: () =>
        run(async () => {
          await disclosureReportApi.save(report.year, { narrative, manual });
          return disclosureReportApi.publish(report.year);
        }, 'disr.published'),
    });
  };

  const text = (key: keyof Narrative, label: MessageKey) => (
    <section>
      <Typography.Title level={5}>{t(label)}</Typography.Title>
      {editable ? (
        <Input.TextArea
          aria-label={t(label)}
          value={narrative[key]}
          placeholder={t('disr.placeholder')}
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={20000}
          onChange={(e) => setNarrative({ ...narrative, [key]: e.target.value })}
        />
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{narrative[key]}</Typography.Paragraph>
      )}
    </section>
  );

  const manualInput = (c: ProactiveCell, label: string) => {
    const key = c.key as ManualCell;
    const amount = key === 'fees.amount';
    return (
      <div>
        {editable ? (
          <InputNumber
            aria-label={`${label} ${t('disr.manual')}`}
            size="small"
            min={0}
            precision={amount ? 4 : 0}
            value={manual[key] ?? null}
            placeholder={t('disr.notEntered')}
            style={{ width: 90 }}
            onChange={(v) => setManual({ ...manual, [key]: typeof v === 'number' ? v : null })}
          />
        ) : (
          <span>{c.value ?? t('disr.notEntered')}</span>
        )}
        <div>
          <Tag color="gold" style={{ marginInlineEnd: 0, fontSize: 10 }}>
            {t('disr.manual')}
          </Tag>
        </div>
      </div>
    );
  };

  const remedyHeads: MessageKey[] = [
    'disr.upheld',
    'disr.corrected',
    'disr.other',
    'disr.pending',
    'disr.total',
  ];
  const remedyCells = (c: AnnualReport['remedies']['review']) =>
    [c.upheld, c.corrected, c.other, c.pending, c.total].map((n, i) => (
      <td key={i} style={num}>
        {n}
      </td>
    ));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Tag color={editable ? 'blue' : 'green'}>{t(`disr.status.${report.status}`)}</Tag>
        <Typography.Text type="secondary">
          {t('disr.asOf', { at: new Date(report.asOf).toLocaleString(locale) })}
        </Typography.Text>
      </Space>
      {report.item && (
        <Alert
          type="success"
          showIcon
          message={t('disr.item', {
            indexNo: report.item.indexNo,
            status: t(`disr.itemStatus.${report.item.status}` as MessageKey),
          })}
        />
      )}
      {editable && running && <Alert type="info" showIcon message={t('disr.running')} />}
      <Space wrap>
        <Button onClick={() => void run(() => disclosureReportApi.pdf(report.year, title))} disabled={busy}>
          {t('disr.pdf')}
        </Button>
        <Button onClick={() => void run(() => disclosureReportApi.xlsx(report.year, title))} disabled={busy}>
          {t('disr.xlsx')}
        </Button>
        <Button onClick={() => void run(() => disclosureReportApi.docx(report.year, title))} disabled={busy}>
          {t('disr.docx')}
        </Button>
        {editable && (
          <>
            <Button onClick={() => void save()} loading={busy}>
              {t('disr.save')}
            </Button>
            <Button type="primary" onClick={publish} disabled={busy || running || missing > 0}>
              {t('disr.publish')}
            </Button>
          </>
        )}
      </Space>
      <Typography.Text type="secondary">{t('disr.noWord')}</Typography.Text>

      {text('overview', 'disr.s1')}

      <section>
        <Typography.Title level={5}>{t('disr.s2')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('disr.manualHint')}</Typography.Paragraph>
        {editable && missing > 0 && (
          <Alert type="warning" showIcon message={t('disr.missing', { n: missing })} />
        )}
        {report.proactive.map((g) => (
          <div key={g.article} style={scroller}>
            <table style={table}>
              <thead>
                <tr>
                  <th style={cell} colSpan={g.columns.length + 1}>
                    {g.article}
                  </th>
                </tr>
                <tr>
                  <th style={cell}>{t('disr.content')}</th>
                  {g.columns.map((c) => (
                    <th key={c} style={cell}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {g.rows.map((row) => (
                  <tr key={row.key}>
                    <th style={cell}>{row.label}</th>
                    {row.cells.map((c, i) => (
                      <td key={c.key} style={num}>
                        {c.manual ? manualInput(c, `${row.label} ${g.columns[i] ?? ''}`) : c.value}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section>
        <Typography.Title level={5}>{t('disr.s3')}</Typography.Title>
        <Typography.Text type="secondary">
          {t('disr.reconcile')} {t('disr.scroll')}
        </Typography.Text>
        <div style={scroller}>
          <table style={table} aria-label={t('disr.s3')}>
            <thead>
              <tr>
                <th style={cell}>{t('disr.applicant')}</th>
                {report.requests.columns.map((c) => (
                  <th key={c} style={cell}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.requests.rows.map((row) => (
                <tr key={row.key} data-row={row.key}>
                  <th style={{ ...cell, textAlign: 'left', fontWeight: 'normal', minWidth: 180 }}>
                    {row.group && !row.label.startsWith('（') ? `${row.group} ${row.label}` : row.label}
                  </th>
                  {row.counts.map((n, i) => (
                    <td key={i} style={num}>
                      {n}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <Typography.Title level={5}>{t('disr.s4')}</Typography.Title>
        <div style={scroller}>
          <table style={table} aria-label={t('disr.s4')}>
            <thead>
              <tr>
                <th style={cell} colSpan={5} rowSpan={2}>
                  {t('disr.review')}
                </th>
                <th style={cell} colSpan={10}>
                  {t('disr.litigation')}
                </th>
              </tr>
              <tr>
                <th style={cell} colSpan={5}>
                  {t('disr.direct')}
                </th>
                <th style={cell} colSpan={5}>
                  {t('disr.afterReview')}
                </th>
              </tr>
              <tr>
                {[0, 1, 2].flatMap((g) =>
                  remedyHeads.map((h) => (
                    <th key={`${g}-${h}`} style={cell}>
                      {t(h)}
                    </th>
                  )),
                )}
              </tr>
            </thead>
            <tbody>
              <tr>
                {remedyCells(report.remedies.review)}
                {remedyCells(report.remedies.litigationDirect)}
                {remedyCells(report.remedies.litigationAfterReview)}
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      {text('problems', 'disr.s5')}
      <Typography.Text>
        {report.fees.requests > 0
          ? t('disr.fees', { n: report.fees.requests, yuan: report.fees.totalYuan })
          : t('disr.feesNone')}
      </Typography.Text>
      {text('other', 'disr.s6')}
    </Space>
  );
}
