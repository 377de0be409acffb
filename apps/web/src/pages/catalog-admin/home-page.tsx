/** 事项目录管理 home (/catalog-admin): the base items (基本目录) and a finder for implementations (实施清单). */
import { Empty, Form, Input, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { catalogAdminApi, type BaseItem } from '../../api/catalog-admin.api.js';
import { ITEM_TYPES, LEVELS, nameOf } from '../../api/catalog-codes.js';
import { useRegionName } from '../region-picker.js';
import { catalogApi } from '../../api/catalog.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { CatalogNav } from './catalog-nav.js';

export function CatalogAdminHomePage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.catalogAdmin')}</h1>
      <CatalogNav />
      <Tabs
        items={[
          { key: 'base', label: t('cat.baseItems'), children: <BaseItemList /> },
          { key: 'impl', label: t('cat.implementations'), children: <ImplementationFinder /> },
        ]}
      />
    </div>
  );
}

function BaseItemList() {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const [state, reload] = useAsync(
    (signal) => catalogAdminApi.baseItems({ q: q || undefined, page, pageSize }, signal),
    [q, page],
  );
  return (
    <>
      <Form layout="inline" className="filters">
        <Form.Item label={t('cat.searchBase')} htmlFor="base-q">
          <Input.Search
            id="base-q"
            allowClear
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Form.Item>
      </Form>
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <div className="scroll-x" tabIndex={0}>
            <Table<BaseItem>
              rowKey="code"
              size="small"
              dataSource={data}
              data-testid="base-items"
              locale={{ emptyText: <Empty description={t('cat.noBaseItems')} /> }}
              pagination={{
                current: page,
                pageSize,
                total: (page - 1) * pageSize + data.length + (data.length === pageSize ? 1 : 0),
                onChange: setPage,
                simple: true,
              }}
              columns={[
                { title: t('cat.code'), dataIndex: 'code', key: 'code' },
                {
                  title: t('cat.name'),
                  key: 'name',
                  render: (_, b) => (
                    <Link to={`/catalog-admin/base-items/${encodeURIComponent(b.code)}`}>{b.name}</Link>
                  ),
                },
                { title: t('cat.type'), key: 'type', render: (_, b) => nameOf(ITEM_TYPES, b.type, locale) },
                {
                  title: t('cat.legalLimit'),
                  key: 'limit',
                  render: (_, b) =>
                    b.legalLimitDays === null ? '—' : t('common.workingDays', { n: b.legalLimitDays }),
                },
                { title: t('cat.version'), dataIndex: 'version', key: 'version' },
              ]}
            />
          </div>
        )}
      </AsyncView>
    </>
  );
}

function ImplementationFinder() {
  const { t, locale } = useI18n();
  const regionName = useRegionName();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync(
    (signal) => catalogApi.search({ q: q || undefined, page, pageSize: 20 }, signal),
    [q, page],
  );
  return (
    <>
      <p className="muted">{t('cat.implHint')}</p>
      <Form layout="inline" className="filters stack-xs">
        <Form.Item label={t('cat.searchImpl')} htmlFor="impl-q">
          <Input.Search
            id="impl-q"
            allowClear
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </Form.Item>
        <Form.Item label={t('cat.openByCode')} htmlFor="impl-code">
          <Input.Search
            id="impl-code"
            allowClear
            enterButton={t('cat.open')}
            onSearch={(v) =>
              v.trim() && void navigate(`/catalog-admin/implementations/${encodeURIComponent(v.trim())}`)
            }
          />
        </Form.Item>
      </Form>
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <div className="scroll-x" tabIndex={0}>
            <Table
              rowKey="implementationCode"
              size="small"
              dataSource={data.items}
              data-testid="implementations"
              locale={{ emptyText: <Empty description={t('cat.noImplementations')} /> }}
              pagination={
                data.total > data.pageSize
                  ? { current: page, pageSize: data.pageSize, total: data.total, onChange: setPage }
                  : false
              }
              columns={[
                {
                  title: t('cat.name'),
                  key: 'name',
                  render: (_, i) => (
                    <Link to={`/catalog-admin/implementations/${encodeURIComponent(i.implementationCode)}`}>
                      {i.name}
                    </Link>
                  ),
                },
                { title: t('cat.implCode'), dataIndex: 'implementationCode', key: 'code' },
                { title: t('cat.level'), key: 'level', render: (_, i) => nameOf(LEVELS, i.level, locale) },
                {
                  title: t('cat.region'),
                  key: 'region',
                  render: (_, i) => regionName(i.regionCode),
                },
                { title: t('cat.body'), dataIndex: 'bodyName', key: 'body' },
                { title: t('cat.version'), dataIndex: 'version', key: 'version' },
              ]}
            />
          </div>
        )}
      </AsyncView>
    </>
  );
}
