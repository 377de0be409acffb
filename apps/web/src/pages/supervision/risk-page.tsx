/** 超期风险 (/supervision/risk): the open cases ranked by how close they are to their legal deadline. */
import { Alert, Form, Progress } from 'antd';
import { useState } from 'react';
import { supervisionApi, type CaseRisk } from '../../api/supervision.api.js';
import { downloadCsv } from '../../components/csv.js';
import { ExportToolbar } from '../../components/export-toolbar.js';
import { FilterSelect } from '../../components/filter-select.js';
import { AsyncView } from '../../components/async-view.js';
import { ResponsiveTable } from '../../components/responsive-table.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';
import { caseLink, useDept } from './labels.js';

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
        <FilterSelect
          id="risk-min"
          label={t('sup.minProbability')}
          value={min}
          placeholder={t('common.all')}
          onChange={setMin}
          options={[0.2, 0.5, 0.8].map((p) => ({ value: p, label: `≥ ${p * 100}%` }))}
        />
      </Form>
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <>
            <ExportToolbar
              total={data.total}
              empty={data.items.length === 0}
              onExport={() =>
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
                  data.items.map((r, i) => [
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
            />
            {data.items.length > 0 && data.items.every((r) => r.probability === 0) && (
              <Alert
                type="info"
                showIcon
                className="stack-xs"
                data-testid="risk-all-zero"
                title={t('lists.riskAllZero')}
              />
            )}
            <ResponsiveTable<CaseRisk>
              rows={data.items}
              rowKey={(r) => r.applicationNo}
              testId="risk-table"
              label={t('sup.risk')}
              empty={t('sup.noRisk')}
              expanded={(r) => (
                <ul className="reasons">
                  {r.reasons.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              )}
              columns={[
                { key: 'case', title: t('sup.caseNo'), render: (r) => caseLink(r.applicationNo) },
                { key: 'rank', title: t('sup.rank'), render: (_, i) => i + 1, align: 'right' },
                { key: 'item', title: t('sup.item'), render: (r) => r.itemName, textWidth: 200 },
                { key: 'dept', title: t('sup.department'), render: (r) => dept(r.departmentCode) },
                {
                  key: 'p',
                  title: t('sup.probability'),
                  render: (r) => (
                    <Progress
                      className="risk-progress"
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
                  key: 'rem',
                  title: t('sup.remainingDays'),
                  render: (r) => r.remainingWorkingDays,
                  align: 'right',
                },
              ]}
            />
          </>
        )}
      </AsyncView>
    </div>
  );
}
