/** 异常 (/supervision/anomalies): the anomalies the supervision service found, filtered and paged. */
import { Button, Empty, Form, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { supervisionApi, type AnomalyRecord } from '../../api/supervision.api.js';
import { downloadCsv } from '../../components/csv.js';
import { AsyncView } from '../../components/async-view.js';
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
        <Form.Item label={t('sup.rule')} htmlFor="anomaly-rule">
          <Select
            id="anomaly-rule"
            allowClear
            className="filter-select wide"
            value={rule}
            placeholder={t('common.all')}
            onChange={(v?: string) => setRule(v)}
            options={Object.entries(rules).map(([k, v]) => ({ value: k, label: `${k} ${v}` }))}
          />
        </Form.Item>
      </Form>
      <AsyncView state={list.state} onRetry={list.reload}>
        {(data) => (
          <>
            <div className="table-toolbar">
              <span className="muted">{t('sup.totalN', { n: data.total })}</span>
              <Button
                disabled={data.items.length === 0}
                onClick={() =>
                  downloadCsv(
                    'supervision-anomalies.csv',
                    [
                      t('sup.rule'),
                      t('sup.caseNo'),
                      t('sup.content'),
                      t('sup.department'),
                      t('sup.raisedAt'),
                    ],
                    data.items.map((a) => [
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
            <div className="scroll-x" tabIndex={0}>
              <Table<AnomalyRecord>
                rowKey="id"
                size="small"
                dataSource={data.items}
                data-testid="anomalies-table"
                locale={{ emptyText: <Empty description={t('sup.noAnomalies')} /> }}
                pagination={list.pagination(data)}
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
      </AsyncView>
    </div>
  );
}
