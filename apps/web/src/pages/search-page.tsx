import { Button, Col, Collapse, Grid, Row, Space, Tag } from 'antd';
// The search box alone: antd's Input index brings Password, OTP and TextArea along (issue 23 #7).
import Search from 'antd/es/input/Search.js';
import { Suspense, lazy, useEffect, useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import * as z from 'zod/mini';
import {
  AUDIENCES,
  CASE_TYPES,
  DEPARTMENTS,
  ITEM_TYPES,
  LEVELS,
  REGIONS,
  THEMES,
  nameOf,
  type CodeName,
} from '../api/catalog-codes.js';
import { catalogApi } from '../api/catalog.api.js';
import type { SearchHit, SearchQuery } from '../api/catalog.types.js';
import { LazyErrorAlert } from '../components/lazy-error-alert.js';
import { PlainSelect } from '../components/plain-select.js';
import { useAsync } from '../components/use-async.js';
import { parseSearchParams } from '../components/url-schema.js';
import { useI18n } from '../i18n/i18n.js';
import { PageLoading } from '../layout/lazy-page.js';
import { RegionPicker, rememberRegion, rememberedRegion, useRegions } from './region-picker.js';

/** antd's Pagination, loaded when the results take more than one page; its Empty, when nothing is found. */
const Pagination = lazy(async () => ({ default: (await import('antd/es/pagination/index.js')).default }));
const Empty = lazy(async () => ({ default: (await import('antd/es/empty/index.js')).default }));

const PAGE_SIZE = 20;
const FILTERS = ['q', 'region', 'level', 'type', 'dept', 'audience', 'theme', 'online'] as const;
type FilterKey = (typeof FILTERS)[number];

const text = z.optional(z.string());
/** The filters and page in the URL; an unknown online flag or a page out of 1…1000 falls back (the catalog's limits). */
const SEARCH_URL = z.object({
  q: text,
  region: text,
  level: text,
  type: text,
  dept: text,
  audience: text,
  theme: text,
  online: z.optional(z.enum(['1', '0'])),
  page: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 1),
});

const queryFrom = (params: URLSearchParams): SearchQuery => ({
  ...parseSearchParams(SEARCH_URL, params),
  pageSize: PAGE_SIZE,
});

/** Search results with filters (region, level, type, department, online); every filter lives in the URL. */
export function SearchPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFrom(params), [params]);
  const [state, reload] = useAsync((signal) => catalogApi.search(query, signal), [query]);
  const screens = Grid.useBreakpoint();
  const regions = useRegions();

  // No region in the link: the one the user last picked, if any (the choice is remembered, default all).
  useEffect(() => {
    const remembered = rememberedRegion();
    if (remembered && !params.get('region')) {
      const next = new URLSearchParams(params);
      next.set('region', remembered);
      setParams(next, { replace: true });
    }
    // Once, when the page opens: a later change of the URL is the user's own choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const setRegion = (code: string | undefined) => {
    rememberRegion(code);
    setFilter('region', code);
  };
  /** The search link of a suggested keyword, the other filters kept. */
  const searchFor = (q: string) => {
    const next = new URLSearchParams(params);
    next.set('q', q);
    next.delete('page');
    return `/search?${next.toString()}`;
  };

  const setFilter = (name: FilterKey | 'page', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
    if (name !== 'page') next.delete('page');
    setParams(next);
  };
  const options = (list: readonly CodeName[]) =>
    list.map((c) => ({ value: c.code, label: locale === 'en-US' ? c.en : c.zh }));
  const select = (name: FilterKey, label: string, list: readonly CodeName[]) => (
    <Col xs={24} sm={12} lg={6} key={name}>
      <Field label={label} htmlFor={`filter-${name}`}>
        <PlainSelect
          id={`filter-${name}`}
          placeholder={t('common.all')}
          value={params.get(name) ?? undefined}
          options={options(list)}
          onChange={(v) => setFilter(name, v)}
        />
      </Field>
    </Col>
  );
  const chips = (['audience', 'theme'] as const).filter((k) => params.get(k));
  const hasFilters = FILTERS.some((k) => k !== 'q' && params.get(k));

  const filterRow = (
    <Row gutter={16}>
      <Col xs={24} sm={12} lg={6}>
        <Field label={t('search.region')} htmlFor="filter-region">
          <RegionPicker
            id="filter-region"
            regions={regions}
            value={params.get('region') ?? undefined}
            onChange={setRegion}
          />
        </Field>
      </Col>
      {select('level', t('search.level'), LEVELS.slice(1, 4))}
      {select('type', t('search.type'), ITEM_TYPES)}
      {select('dept', t('search.dept'), DEPARTMENTS)}
      <Col xs={24} sm={12} lg={6}>
        <Field label={t('search.online')} htmlFor="filter-online">
          <PlainSelect
            id="filter-online"
            placeholder={t('common.all')}
            value={params.get('online') ?? undefined}
            options={[
              { value: '1', label: t('search.onlineYes') },
              { value: '0', label: t('search.onlineNo') },
            ]}
            onChange={(v) => setFilter('online', v)}
          />
        </Field>
      </Col>
    </Row>
  );

  return (
    <div className="page">
      <h1 className="page-title">{t('search.title')}</h1>
      <section className="plain-card filters">
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <div>
            <Field label={t('search.keyword')} htmlFor="filter-q">
              <Search
                id="filter-q"
                key={params.get('q') ?? ''}
                defaultValue={params.get('q') ?? ''}
                placeholder={t('home.searchPlaceholder')}
                enterButton={t('common.search')}
                allowClear
                onSearch={(v) => setFilter('q', v.trim())}
              />
            </Field>
            {screens.md === false ? (
              <Collapse
                ghost
                size="small"
                items={[
                  { key: 'filters', label: t('search.filters'), children: filterRow, forceRender: true },
                ]}
              />
            ) : (
              filterRow
            )}
          </div>
        </form>
        {(chips.length > 0 || hasFilters) && (
          <Space wrap>
            {chips.map((k) => (
              <Tag key={k} closable onClose={() => setFilter(k, undefined)}>
                {t(`search.${k}` as const)}：
                {k === 'audience'
                  ? nameOf(AUDIENCES, params.get(k) ?? '', locale)
                  : nameOf(THEMES, params.get(k) ?? '', locale)}
              </Tag>
            ))}
            <Button
              size="small"
              onClick={() => setParams(params.get('q') ? { q: params.get('q') ?? '' } : {})}
            >
              {t('search.clear')}
            </Button>
          </Space>
        )}
      </section>

      <section aria-labelledby="results-title" aria-busy={state.status === 'loading'} className="results">
        <h2 id="results-title" className="sr-only">
          {t('search.results')}
        </h2>
        {state.status === 'error' && <LazyErrorAlert error={state.error} onRetry={reload} />}
        {state.status === 'loading' && <PageLoading />}
        {state.status === 'ok' && state.data.total === 0 && (
          <Suspense fallback={null}>
            <Empty
              description={
                <>
                  <strong>{t('search.empty')}</strong>
                  <br />
                  {t('search.emptyHint')}
                </>
              }
            >
              {state.data.suggestions.length > 0 && (
                <p className="did-you-mean" data-testid="did-you-mean">
                  {t('search.didYouMean')}
                  {state.data.suggestions.map((s) => (
                    <Link key={s} to={searchFor(s)}>
                      {s}
                    </Link>
                  ))}
                </p>
              )}
              {params.get('region') && (
                <Button onClick={() => setRegion(undefined)}>{t('search.allRegions')}</Button>
              )}
            </Empty>
          </Suspense>
        )}
        {state.status === 'ok' && state.data.total > 0 && (
          <>
            <p className="results-total" role="status">
              {t('search.total', { n: state.data.total })}
            </p>
            {state.data.expandedBy.length > 0 && (
              <p className="results-expanded">
                {t('search.expandedBy', { aliases: state.data.expandedBy.join('、') })}
              </p>
            )}
            <ul className="result-list plain-list">
              {state.data.items.map((hit) => (
                <ResultItem
                  key={hit.implementationCode}
                  hit={hit}
                  regionName={
                    (locale === 'zh-CN' && regions.find((r) => r.code === hit.regionCode)?.name) ||
                    nameOf(REGIONS, hit.regionCode, locale)
                  }
                />
              ))}
            </ul>
            {state.data.total > state.data.pageSize && (
              <Suspense fallback={null}>
                <Pagination
                  className="result-pager"
                  current={state.data.page}
                  pageSize={state.data.pageSize}
                  total={state.data.total}
                  showSizeChanger={false}
                  align="center"
                  onChange={(p) => {
                    setFilter('page', String(p));
                    window.scrollTo({ top: 0 });
                  }}
                />
              </Suspense>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function ResultItem({ hit, regionName }: { hit: SearchHit; regionName: string }) {
  const { t, locale } = useI18n();
  const limit =
    hit.promisedDays === 0 ? t('common.immediate') : t('common.workingDays', { n: hit.promisedDays });
  return (
    <li className="result-item">
      <h3 className="result-name">
        <Link to={`/items/${encodeURIComponent(hit.implementationCode)}`}>{hit.name}</Link>
      </h3>
      <p className="result-body">
        {hit.bodyName} · {regionName}
      </p>
      <Space wrap size={[4, 4]}>
        <Tag>{nameOf(ITEM_TYPES, hit.type, locale)}</Tag>
        <Tag>{nameOf(LEVELS, hit.level, locale)}</Tag>
        <Tag>{nameOf(CASE_TYPES, hit.caseType, locale)}</Tag>
        <Tag color={hit.online ? 'green' : 'default'}>
          {hit.online ? t('search.online.tag') : t('search.window.tag')}
        </Tag>
        <Tag color="blue">{t('search.promised', { v: limit })}</Tag>
      </Space>
    </li>
  );
}

/** A labelled filter field (label above its control), the look of antd's vertical form item. */
function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="plain-field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}
