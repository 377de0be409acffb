/** 超期风险 (/supervision/risk): the open cases ranked by how close they are to their legal deadline. */
import { Button, Empty, Form, Progress, Select, Table } from 'antd';
import { useState } from 'react';
import { supervisionApi, type CaseRisk } from '../../api/supervision.api.js';
import { downloadCsv } from '../../components/csv.js';
import { AsyncView } from '../../components/async-view.js';
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
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <>
            <div className="table-toolbar">
              <span className="muted">{t('sup.totalN', { n: data.total })}</span>
              <Button
                disabled={data.items.length === 0}
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
              >
                {t('sup.exportVisible')}
              </Button>
            </div>
            <div className="scroll-x" tabIndex={0}>
              <Table<CaseRisk>
                rowKey="applicationNo"
                size="small"
                dataSource={data.items}
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
      </AsyncView>
    </div>
  );
}
