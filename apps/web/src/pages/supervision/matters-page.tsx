/** 依申请公开与咨询投诉监察 (/supervision/matters): counts per department and kind, and the list with its filters. */
import { Form, Tag } from 'antd';
import * as z from 'zod/mini';
import { supervisionApi, type MatterSummaryRow, type SupervisedMatter } from '../../api/supervision.api.js';
import { AsyncView } from '../../components/async-view.js';
import { FilterSelect } from '../../components/filter-select.js';
import { ResponsiveTable } from '../../components/responsive-table.js';
import { useAsync } from '../../components/use-async.js';
import { pageParam } from '../../components/url-schema.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { LEVEL_TAG, matterLink, useDept } from './labels.js';
import { kindKey, levelKey, statusKey, subKindKey } from './matter-labels.js';
import { SupervisionNav } from './supervision-nav.js';

const KINDS = ['disclosure-request', 'disclosure-item', 'enquiry'] as const;
const LEVELS = ['green', 'yellow', 'red'] as const;
const OPEN = ['true', 'false'] as const;

const MATTERS_URL = z.object({
  kind: z.optional(z.enum(KINDS)),
  level: z.optional(z.enum(LEVELS)),
  open: z.optional(z.enum(OPEN)),
  page: pageParam,
});

export function MattersPage() {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const [filters, update] = useSearchParamsSchema(MATTERS_URL);
  const [summary, reloadSummary] = useAsync((signal) => supervisionApi.matterSummary(signal), []);
  const [state, reload] = useAsync(
    (signal) => supervisionApi.matters({ ...filters, pageSize: 20 }, signal),
    [filters],
  );
  const deptOf = (code: string | null) => (code === null ? t('matters.unrouted') : dept(code));
  return (
    <div className="page">
      <h1 className="page-title">{t('matters.title')}</h1>
      <SupervisionNav />
      <p className="muted">{t('matters.intro')}</p>
      <h2>{t('matters.summary')}</h2>
      <AsyncView state={summary} onRetry={reloadSummary}>
        {(data) => (
          <ResponsiveTable<MatterSummaryRow>
            rows={data.rows}
            rowKey={(r) => `${r.departmentCode ?? ''}|${r.kind}|${r.subKind}`}
            testId="matter-summary"
            label={t('matters.summary')}
            empty={t('matters.none')}
            columns={[
              { key: 'dept', title: t('matters.department'), render: (r) => deptOf(r.departmentCode) },
              { key: 'kind', title: t('matters.kind'), render: (r) => t(subKindKey(r.subKind)) },
              { key: 'total', title: t('matters.total'), render: (r) => r.total, align: 'right' },
              { key: 'open', title: t('matters.count.open'), render: (r) => r.open, align: 'right' },
              { key: 'paused', title: t('matters.count.paused'), render: (r) => r.paused, align: 'right' },
              { key: 'yellow', title: t('matters.count.yellow'), render: (r) => r.yellow, align: 'right' },
              { key: 'red', title: t('matters.count.red'), render: (r) => r.red, align: 'right' },
              {
                key: 'answered',
                title: t('matters.count.answered'),
                render: (r) => r.answered,
                align: 'right',
              },
              {
                key: 'onTime',
                title: t('matters.count.onTime'),
                render: (r) => r.answeredOnTime,
                align: 'right',
              },
            ]}
          />
        )}
      </AsyncView>
      <h2>{t('matters.list')}</h2>
      <Form layout="inline" className="filters stack-xs">
        <FilterSelect
          id="matters-kind"
          label={t('matters.kind')}
          value={filters.kind}
          placeholder={t('common.all')}
          onChange={(v) => update({ kind: v, page: undefined })}
          options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
        />
        <FilterSelect
          id="matters-level"
          label={t('matters.level')}
          value={filters.level}
          placeholder={t('common.all')}
          onChange={(v) => update({ level: v, page: undefined })}
          options={LEVELS.map((l) => ({ value: l, label: t(levelKey(l)) }))}
        />
        <FilterSelect
          id="matters-open"
          label={t('matters.open')}
          value={filters.open}
          placeholder={t('common.all')}
          onChange={(v) => update({ open: v, page: undefined })}
          options={OPEN.map((o) => ({ value: o, label: t(`matters.open.${o}`) }))}
        />
      </Form>
      <AsyncView state={state} onRetry={reload}>
        {(data) => (
          <ResponsiveTable<SupervisedMatter>
            rows={data.items}
            rowKey={(m) => m.matterNo}
            testId="matter-table"
            label={t('matters.list')}
            empty={t('matters.none')}
            pagination={{
              current: data.page,
              pageSize: data.pageSize,
              total: data.total,
              onChange: (page) => update({ page }),
            }}
            columns={[
              { key: 'no', title: t('matters.no'), render: (m) => matterLink(m.matterNo), textWidth: 200 },
              { key: 'kind', title: t('matters.kind'), render: (m) => t(subKindKey(m.subKind)) },
              { key: 'dept', title: t('matters.department'), render: (m) => deptOf(m.departmentCode) },
              { key: 'status', title: t('matters.status'), render: (m) => t(statusKey(m.status)) },
              {
                key: 'level',
                title: t('matters.level'),
                render: (m) => <Tag color={LEVEL_TAG[m.level]}>{t(levelKey(m.level))}</Tag>,
              },
              { key: 'due', title: t('matters.due'), render: (m) => date(m.dueAt) },
              {
                key: 'used',
                title: t('matters.used'),
                render: (m) => t('matters.usedOf', { used: m.usedDays, limit: m.limitDays }),
              },
              {
                key: 'paused',
                title: t('matters.pausedDays'),
                render: (m) => t('matters.days', { n: m.pausedDays }),
              },
            ]}
          />
        )}
      </AsyncView>
    </div>
  );
}
