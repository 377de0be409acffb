/**
 * 诉求统计 (/enquiries/stats, supervisors and the service centre): per department and type — received, answered, on
 * time, overdue, ratings, satisfaction and the most asked-about items — for a window of China days, with the
 * questions the suggestions answered, and CSV / Excel export of the same figures.
 */
import { App, Button, Input, Space, Table, Typography } from 'antd';
import { DEPARTMENTS, nameOf } from '../../api/catalog-codes.js';
import { enquiriesApi, type EnquiryStatsRow } from '../../api/enquiries.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import * as z from 'zod/mini';
import { useI18n } from '../../i18n/i18n.js';
import { typeKey } from './labels.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATS_URL = z.object({
  from: z.optional(z.string().check(z.regex(DAY))),
  to: z.optional(z.string().check(z.regex(DAY))),
});

type Line = Omit<EnquiryStatsRow, 'departmentCode' | 'type'> &
  Partial<Pick<EnquiryStatsRow, 'departmentCode' | 'type'>>;

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function EnquiryStatsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [url, update] = useSearchParamsSchema(STATS_URL);
  const query = { ...(url.from ? { from: url.from } : {}), ...(url.to ? { to: url.to } : {}) };
  const [state, reload] = useAsync(
    (signal) =>
      enquiriesApi.stats(
        { ...(url.from ? { from: url.from } : {}), ...(url.to ? { to: url.to } : {}) },
        signal,
      ),
    [url.from, url.to],
  );
  const download = (format: 'csv' | 'xlsx') =>
    void enquiriesApi.exportStats(query, format).catch((err: unknown) => void message.error(errorText(err)));

  const columns = [
    {
      title: t('enq.department'),
      key: 'dept',
      render: (r: Line) =>
        r.type === undefined
          ? t('enq.stats.total')
          : r.departmentCode
            ? nameOf(DEPARTMENTS, r.departmentCode, locale)
            : t('enq.status.submitted'),
    },
    { title: t('enq.typeLabel'), key: 'type', render: (r: Line) => (r.type ? t(typeKey(r.type)) : '') },
    { title: t('enq.stats.received'), dataIndex: 'received' },
    { title: t('enq.stats.answered'), dataIndex: 'answered' },
    { title: t('enq.stats.onTime'), dataIndex: 'answeredOnTime' },
    { title: t('enq.stats.onTimeRate'), key: 'otr', render: (r: Line) => percent(r.onTimeRate) },
    { title: t('enq.stats.overdue'), dataIndex: 'overdue' },
    { title: t('enq.stats.rated'), dataIndex: 'rated' },
    { title: t('enq.stats.satisfaction'), key: 'sat', render: (r: Line) => percent(r.satisfactionRate) },
    {
      title: t('enq.stats.topTopics'),
      key: 'topics',
      render: (r: Line) => r.topTopics.map((x) => `${x.label}（${x.count}）`).join('；'),
    },
  ];

  return (
    <div className="page enquiry-stats-page">
      <Typography.Title level={1} className="page-title">
        {t('title.enquiryStats')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <label>
          {t('enq.stats.from')}{' '}
          <Input
            type="date"
            aria-label={t('enq.stats.from')}
            value={url.from ?? ''}
            onChange={(e) => update({ from: e.target.value })}
            style={{ width: 160 }}
          />
        </label>
        <label>
          {t('enq.stats.to')}{' '}
          <Input
            type="date"
            aria-label={t('enq.stats.to')}
            value={url.to ?? ''}
            onChange={(e) => update({ to: e.target.value })}
            style={{ width: 160 }}
          />
        </label>
        <Button onClick={() => download('csv')}>{t('enq.stats.csv')}</Button>
        <Button onClick={() => download('xlsx')}>{t('enq.stats.xlsx')}</Button>
      </Space>
      <AsyncView state={state} onRetry={reload}>
        {(stats) => (
          <>
            <Table<Line>
              size="small"
              rowKey={(r) => `${r.departmentCode ?? ''}|${r.type ?? 'total'}`}
              columns={columns}
              dataSource={[...stats.rows, stats.total]}
              pagination={false}
              scroll={{ x: 'max-content' }}
            />
            <Typography.Paragraph style={{ marginTop: 16 }}>
              {t('enq.stats.deflected')}：
              {stats.deflected.map((d) => `${t(typeKey(d.type))} ${d.count}`).join('；')}
            </Typography.Paragraph>
          </>
        )}
      </AsyncView>
    </div>
  );
}
