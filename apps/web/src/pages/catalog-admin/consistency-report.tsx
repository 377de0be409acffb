/** The consistency report (三级四同) of a base item: how its implementations differ from it, region by region. */
import { Alert, Card, Empty, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { catalogAdminApi, type ConsistencyReport } from '../../api/catalog-admin.api.js';
import { LEVELS, nameOf } from '../../api/catalog-codes.js';
import { useRegionName } from '../region-picker.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { StatusTag } from './catalog-nav.js';

export function ConsistencyView({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const [state, reload] = useAsync((signal) => catalogAdminApi.consistency(code, signal), [code]);
  return (
    <Card
      size="small"
      title={<h2 className="card-title">{t('cat.consistency')}</h2>}
      data-testid="consistency"
    >
      <AsyncView state={state} onRetry={reload}>
        {(data) => <ConsistencyBody report={data} locale={locale} />}
      </AsyncView>
    </Card>
  );
}

function ConsistencyBody({ report, locale }: { report: ConsistencyReport; locale: 'zh-CN' | 'en-US' }) {
  const { t } = useI18n();
  const regionName = useRegionName();
  const ok = report.deviations.length === 0;
  return (
    <>
      <Alert
        type={ok ? 'success' : 'warning'}
        showIcon
        title={
          ok
            ? t('cat.consistent', { n: report.implementations.length })
            : t('cat.inconsistent', { n: report.deviations.length })
        }
        className="bottom-gap"
      />
      <div className="scroll-x" tabIndex={0}>
        <Table
          rowKey="implementationCode"
          size="small"
          pagination={false}
          dataSource={report.implementations}
          locale={{ emptyText: <Empty description={t('cat.noImplementations')} /> }}
          columns={[
            {
              title: t('cat.implCode'),
              key: 'code',
              render: (_, i) => (
                <Link to={`/catalog-admin/implementations/${encodeURIComponent(i.implementationCode)}`}>
                  {i.implementationCode}
                </Link>
              ),
            },
            { title: t('cat.level'), key: 'level', render: (_, i) => nameOf(LEVELS, i.level, locale) },
            {
              title: t('cat.region'),
              key: 'region',
              render: (_, i) => regionName(i.regionCode),
            },
            { title: t('cat.status'), key: 'status', render: (_, i) => <StatusTag status={i.status} /> },
            { title: t('cat.version'), dataIndex: 'currentVersion', key: 'v' },
            {
              title: t('cat.consistencyCol'),
              key: 'ok',
              render: (_, i) =>
                i.consistent ? <Tag color="green">{t('cat.yes')}</Tag> : <Tag color="red">{t('cat.no')}</Tag>,
            },
          ]}
        />
      </div>
      {!ok && (
        <>
          <h3 className="sub-title">{t('cat.deviations')}</h3>
          <div className="scroll-x" tabIndex={0}>
            <Table
              rowKey={(d) => `${d.implementationCode}-${d.element}`}
              size="small"
              pagination={false}
              dataSource={report.deviations}
              columns={[
                { title: t('cat.implCode'), dataIndex: 'implementationCode', key: 'c' },
                { title: t('cat.element'), dataIndex: 'element', key: 'e' },
                { title: t('cat.expected'), dataIndex: 'expected', key: 'x' },
                { title: t('cat.actual'), dataIndex: 'actual', key: 'a' },
              ]}
            />
          </div>
        </>
      )}
    </>
  );
}
