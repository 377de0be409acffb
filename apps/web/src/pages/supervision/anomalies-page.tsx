/** 异常 (/supervision/anomalies): the anomalies the supervision service found, filtered and paged. */
import { Form, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { supervisionApi, type AnomalyRecord } from '../../api/supervision.api.js';
import { downloadCsv } from '../../components/csv.js';
import { ExportToolbar } from '../../components/export-toolbar.js';
import { FilterSelect } from '../../components/filter-select.js';
import { AsyncView } from '../../components/async-view.js';
import { ResponsiveTable } from '../../components/responsive-table.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { SupervisionNav } from './supervision-nav.js';
import { caseLink, useDept } from './labels.js';

export function AnomaliesPage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const [rule, setRule] = useState<string | undefined>();
  const list = usePagedList(
    (page, signal) => supervisionApi.anomalies({ rule, page, pageSize: 20 }, signal),
    [rule],
  );
  const rules = list.state.status === 'ok' ? list.state.data.rules : {};
  return (
    <div className="page">
      <h1 className="page-title">{t('sup.anomalies')}</h1>
      <SupervisionNav />
      <Form layout="inline" className="filters stack-xs">
        <FilterSelect
          id="anomaly-rule"
          label={t('sup.rule')}
          value={rule}
          placeholder={t('common.all')}
          onChange={setRule}
          options={Object.entries(rules).map(([k, v]) => ({ value: k, label: `${k} ${v}` }))}
          wide
        />
      </Form>
      <AsyncView state={list.state} onRetry={list.reload}>
        {(data) => (
          <>
            <ExportToolbar
              total={data.total}
              empty={data.items.length === 0}
              onExport={() =>
                downloadCsv(
                  'supervision-anomalies.csv',
                  [t('sup.rule'), t('sup.caseNo'), t('sup.content'), t('sup.department'), t('sup.raisedAt')],
                  data.items.map((a) => [
                    `${a.ruleNo} ${a.title}`,
                    a.applicationNo,
                    a.detail,
                    dept(a.departmentCode),
                    date(a.at),
                  ]),
                )
              }
            />
            <ResponsiveTable<AnomalyRecord>
              rows={data.items}
              rowKey={(a) => a.id}
              testId="anomalies-table"
              label={t('sup.anomalies')}
              empty={t('sup.noAnomalies')}
              pagination={list.pagination(data)}
              columns={[
                {
                  key: 'rule',
                  title: t('sup.rule'),
                  render: (a) => <Tag color="volcano">{`${a.ruleNo} ${a.title}`}</Tag>,
                },
                { key: 'case', title: t('sup.caseNo'), render: (a) => caseLink(a.applicationNo) },
                { key: 'detail', title: t('sup.content'), render: (a) => a.detail, textWidth: 320 },
                { key: 'dept', title: t('sup.department'), render: (a) => dept(a.departmentCode) },
                { key: 'at', title: t('sup.raisedAt'), render: (a) => date(a.at) },
                {
                  key: 'act',
                  title: t('sup.actions'),
                  render: (a) => (
                    <Link
                      to={`/supervision/alerts?warningType=anomaly&applicationNo=${encodeURIComponent(a.applicationNo)}`}
                    >
                      {t('sup.toSupervise')}
                    </Link>
                  ),
                },
              ]}
            />
          </>
        )}
      </AsyncView>
    </div>
  );
}
