/**
 * 双公示 (/decisions): the published licensing decisions (准予 / 不予), applicant masked; by region and outcome, paged.
 * A public page, so its first visit stays within the JavaScript budget (issue 23 #7): plain markup for the list and
 * the outcome filter (a native select), antd's Pagination, the error box and the 「暂定」 tag loaded only when
 * shown.
 */
import { Button, Form, Space, Tag } from 'antd';
// The plain input alone: antd's Input index brings Search, Password, OTP and TextArea along.
import Input from 'antd/es/input/Input.js';
import { Suspense, lazy, useState } from 'react';
import { intakeApi } from '../api/intake.api.js';
import { dateText } from '../components/date-text.js';
import { LazyErrorAlert } from '../components/lazy-error-alert.js';
import { PlainSelect } from '../components/plain-select.js';
import { usePagedList } from '../components/use-paged-list.js';
import { useI18n } from '../i18n/i18n.js';
import { PageLoading } from '../layout/lazy-page.js';

const Pagination = lazy(async () => ({ default: (await import('antd/es/pagination/index.js')).default }));
const ProvisionalTag = lazy(async () => ({
  default: (await import('../components/provisional-tag.js')).ProvisionalTag,
}));

type Outcome = 'approved' | 'denied';
interface Filters {
  region?: string;
  outcome?: Outcome;
}

const REGION = /^\d{6}$/;
const isOutcome = (v: string | undefined): v is Outcome => v === 'approved' || v === 'denied';

export function DecisionsPage() {
  const { t, locale } = useI18n();
  const date = (v: string | null) => (v === null ? '—' : (dateText(v, locale) ?? v));
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const { region, outcome } = filters;
  const list = usePagedList(
    (page, signal) => intakeApi.decisions({ region, outcome, page }, signal),
    [region, outcome],
  );
  const search = (v: Filters) =>
    setFilters({ region: v.region?.trim() || undefined, outcome: v.outcome ?? undefined });
  const { state } = list;
  return (
    <div className="page">
      <h1 className="page-title">{t('decisions.title')}</h1>
      <p className="muted">{t('decisions.intro')}</p>
      <Form
        form={form}
        name="decisions"
        layout="inline"
        className="decision-filters"
        onFinish={search}
        role="search"
      >
        <Form.Item
          name="region"
          label={t('decisions.region')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || REGION.test(value.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('decisions.regionInvalid'))),
            },
          ]}
        >
          <Input placeholder={t('decisions.regionHint')} inputMode="numeric" maxLength={6} allowClear />
        </Form.Item>
        <Form.Item
          name="outcome"
          label={t('decisions.outcome')}
          getValueFromEvent={(v: string | undefined) => (isOutcome(v) ? v : undefined)}
        >
          <OutcomeSelect
            placeholder={t('decisions.outcomeAll')}
            options={[
              { value: 'approved', label: t('decisions.approved') },
              { value: 'denied', label: t('decisions.denied') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('decisions.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('decisions.reset')}
          </Button>
        </Space>
      </Form>
      <section aria-busy={state.status === 'loading'} aria-label={t('decisions.title')}>
        {state.status === 'loading' && <PageLoading />}
        {state.status === 'error' && <LazyErrorAlert error={state.error} onRetry={list.reload} />}
        {state.status === 'ok' && state.data.total === 0 && (
          <p className="plain-empty" role="status">
            {t('decisions.empty')}
          </p>
        )}
        {state.status === 'ok' && state.data.total > 0 && (
          <>
            <ul className="result-list plain-list">
              {state.data.items.map((d) => (
                <li
                  key={d.applicationNo}
                  className="result-item decision-row"
                  data-no={d.applicationNo}
                  data-outcome={d.outcome ?? ''}
                >
                  <h2 className="result-name decision-name">
                    <Tag color={d.outcome === 'approved' ? 'green' : 'red'}>
                      {t(d.outcome === 'approved' ? 'decisions.approved' : 'decisions.denied')}
                    </Tag>
                    {d.itemName}
                  </h2>
                  <dl className="decision-facts">
                    <dt>{t('decisions.no')}</dt>
                    <dd>{d.applicationNo}</dd>
                    <dt>{t('decisions.applicant')}</dt>
                    <dd>{d.applicant.name}</dd>
                    <dt>{t('decisions.body')}</dt>
                    <dd>{d.implementingBody}</dd>
                    <dt>{t('decisions.decidedAt')}</dt>
                    <dd>{date(d.decidedAt)}</dd>
                    <dt>{t('decisions.publishBy')}</dt>
                    <dd>
                      {date(d.publishBy)}{' '}
                      {d.publishByProvisional && (
                        <Suspense fallback={null}>
                          <ProvisionalTag due={d.publishBy} show />
                        </Suspense>
                      )}
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
            {state.data.total > state.data.pageSize && (
              <Suspense fallback={null}>
                <Pagination
                  className="result-pager"
                  current={list.page}
                  pageSize={state.data.pageSize}
                  total={state.data.total}
                  showSizeChanger={false}
                  align="center"
                  onChange={(p) => {
                    list.setPage(p);
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

/** The outcome filter as a native select; Form.Item passes its id (for the label), value and onChange. */
function OutcomeSelect(props: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder: string;
  options: { value: Outcome; label: string }[];
}) {
  return (
    <PlainSelect
      id={props.id ?? 'decisions_outcome'}
      value={props.value}
      placeholder={props.placeholder}
      options={props.options}
      onChange={(v) => props.onChange?.(v)}
    />
  );
}
