/**
 * 政务公开 (/disclosure): published government information for everyone — search (Chinese words of the title or
 * text, pinyin in full or initials), by 发布机构, 五公开 category and key area. With an agency chosen it shows that
 * agency's 政府信息公开目录 (and links its 指南); with a key area, it is that area's 政府信息公开专栏. Filters live in the URL. Plain markup, native selects and a lazy
 * pager keep it within the public pages' script budget (antd Form, Select and List are not loaded).
 */
import { Button, Space, Tag } from 'antd';
import Input from 'antd/es/input/Input.js';
import { Suspense, lazy, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { disclosureApi, KEY_AREAS, OPEN_CATEGORIES, type PublicItemPage } from '../../api/disclosure.api.js';
import { LazyErrorAlert } from '../../components/lazy-error-alert.js';
import { PlainSelect } from '../../components/plain-select.js';
import { useAsync } from '../../components/use-async.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import { PageLoading } from '../../layout/lazy-page.js';
import { areaKey, categoryKey, kindKey } from './labels.js';

/** antd's Pagination and Empty, loaded only when shown (public pages' script budget), like the catalog search. */
const Pagination = lazy(async () => ({ default: (await import('antd/es/pagination/index.js')).default }));
const Empty = lazy(async () => ({ default: (await import('antd/es/empty/index.js')).default }));

const DISCLOSURE_URL = z.object({
  q: z.optional(z.string()),
  agency: z.optional(z.string().check(z.regex(/^[a-z-]{2,40}$/))),
  category: z.optional(z.enum(OPEN_CATEGORIES)),
  keyArea: z.optional(z.enum(KEY_AREAS)),
});

const FILTER_GRID = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
  columnGap: 16,
} as const;

export function DisclosurePage() {
  const { t } = useI18n();
  const [filters, update] = useSearchParamsSchema(DISCLOSURE_URL);
  const { q, agency, category, keyArea } = filters;
  const [keyword, setKeyword] = useState(q ?? '');
  const [agencies] = useAsync((signal) => disclosureApi.agencies(signal), []);
  const [catalogue] = useAsync(
    (signal) => (agency ? disclosureApi.catalogue(agency, signal) : Promise.resolve(undefined)),
    [agency],
  );
  const list = usePagedList(
    (page, signal) => disclosureApi.publicItems({ q, agency, category, keyArea, page }, signal),
    [q, agency, category, keyArea],
  );
  const agencyOptions =
    agencies.status === 'ok'
      ? agencies.data.agencies.map((a) => ({ value: a.departmentCode, label: a.departmentName }))
      : [];
  const results = (data: PublicItemPage) => {
    const pager = list.pagination(data);
    return (
      <>
        <ul className="result-list plain-list">
          {data.items.map((item) => (
            <li key={item.id} className="disclosure-row" data-id={item.id}>
              <div>
                <Tag>{t(categoryKey(item.openCategory))}</Tag>
                {item.kind !== 'general' && <Tag color="purple">{t(kindKey(item.kind))}</Tag>}
                <Link to={`/disclosure/items/${item.id}`}>{item.title}</Link>
              </div>
              <div className="guide-meta" style={{ margin: '4px 0 0' }}>
                {`${item.departmentName} · ${t('dis.publishedOn')} ${item.publishedOn} · ${t('dis.indexNo')} ${item.indexNo}`}
              </div>
            </li>
          ))}
        </ul>
        {pager && (
          <Suspense fallback={null}>
            <Pagination
              className="result-pager"
              current={pager.current}
              pageSize={pager.pageSize}
              total={pager.total}
              showSizeChanger={false}
              align="center"
              onChange={(p) => {
                pager.onChange(p);
                window.scrollTo({ top: 0 });
              }}
            />
          </Suspense>
        )}
      </>
    );
  };
  return (
    <div className="page disclosure-page">
      <h1 className="page-title">
        {keyArea ? t('dis.column', { area: t(areaKey(keyArea)) }) : t('dis.title')}
      </h1>
      <p className="guide-meta">{t('dis.intro')}</p>
      {agencies.status === 'ok' && (
        <nav aria-label={t('disg.guides')} className="disclosure-guides" style={{ marginBottom: 12 }}>
          <span className="guide-meta">{t('disg.guides')}：</span>
          <Space wrap size={[12, 4]}>
            {agencies.data.agencies.map((a) => (
              <Link
                key={a.departmentCode}
                to={`/disclosure/agencies/${encodeURIComponent(a.departmentCode)}/guide`}
              >
                {a.departmentName}
              </Link>
            ))}
          </Space>
        </nav>
      )}
      <section className="plain-card filters" style={{ marginBottom: 12 }}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: keyword.trim() || undefined });
          }}
        >
          <div className="disclosure-filters" style={FILTER_GRID}>
            <Field label={t('dis.q')} htmlFor="dis-q">
              <Input
                id="dis-q"
                value={keyword}
                placeholder={t('dis.qHint')}
                allowClear
                maxLength={80}
                onChange={(e) => setKeyword(e.target.value)}
              />
            </Field>
            <Field label={t('dis.agency')} htmlFor="dis-agency">
              <PlainSelect
                id="dis-agency"
                placeholder={t('dis.all')}
                value={agency}
                options={agencyOptions}
                onChange={(v) => update({ agency: v })}
              />
            </Field>
            <Field label={t('dis.category')} htmlFor="dis-category">
              <PlainSelect
                id="dis-category"
                placeholder={t('dis.all')}
                value={category}
                options={OPEN_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
                onChange={(v) => update({ category: v })}
              />
            </Field>
            <Field label={t('dis.keyArea')} htmlFor="dis-keyArea">
              <PlainSelect
                id="dis-keyArea"
                placeholder={t('dis.all')}
                value={keyArea}
                options={KEY_AREAS.map((a) => ({ value: a, label: t(areaKey(a)) }))}
                onChange={(v) => update({ keyArea: v })}
              />
            </Field>
          </div>
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" htmlType="submit">
              {t('dis.search')}
            </Button>
            <Button
              onClick={() => {
                setKeyword('');
                update({ q: undefined, agency: undefined, category: undefined, keyArea: undefined });
              }}
            >
              {t('dis.reset')}
            </Button>
          </Space>
        </form>
      </section>
      {catalogue.status === 'ok' && catalogue.data && (
        <section className="plain-card disclosure-catalogue" style={{ marginBottom: 12 }}>
          <h2 style={{ fontSize: 16, fontWeight: 600, margin: '0 0 8px' }}>
            {t('dis.catalogue', { agency: catalogue.data.departmentName })}
            <Link
              to={`/disclosure/agencies/${encodeURIComponent(catalogue.data.departmentCode)}/guide`}
              style={{ fontSize: 14, fontWeight: 400, marginInlineStart: 12, textDecoration: 'underline' }}
            >
              {t('disg.guideLink')}
            </Link>
          </h2>
          <Space wrap>
            {catalogue.data.categories.map((c) => (
              <Button key={c.category} size="small" onClick={() => update({ category: c.category })}>
                {t('dis.catalogueCount', { label: t(categoryKey(c.category)), n: c.count })}
              </Button>
            ))}
          </Space>
        </section>
      )}
      <nav aria-label={t('dis.columns')} style={{ marginBottom: 12 }}>
        <Space wrap>
          {KEY_AREAS.map((a) => (
            <Link key={a} to={`/disclosure?keyArea=${a}`}>
              <Tag color={a === keyArea ? 'blue' : undefined}>{t(areaKey(a))}</Tag>
            </Link>
          ))}
        </Space>
      </nav>
      <section aria-busy={list.state.status === 'loading'} className="results">
        {list.state.status === 'error' && <LazyErrorAlert error={list.state.error} onRetry={list.reload} />}
        {list.state.status === 'loading' && <PageLoading />}
        {list.state.status === 'ok' && list.state.data.total === 0 && (
          <Suspense fallback={null}>
            <Empty description={t('dis.empty')} />
          </Suspense>
        )}
        {list.state.status === 'ok' && list.state.data.total > 0 && results(list.state.data)}
      </section>
    </div>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="plain-field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}
