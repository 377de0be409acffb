/**
 * 我的办件 (/me/applications): the applicant's applications with their progress steps and due date, filtered by
 * status, 事项名称 / 办件编号 and the days applied (filters in the URL, filtered by the intake service), paged.
 */
import { Input, List, Select, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import * as z from 'zod/mini';
import { intakeApi, APPLICATION_STATUSES } from '../../api/intake.api.js';
import { ApplicationSteps, DueLine } from '../../components/application-progress.js';
import { PagedResultList } from '../../components/paged-result-list.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { StatusTag, useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** The filters live in the URL (a bad value in a hand-edited link is dropped). */
const MINE_URL = z.object({
  status: z.optional(z.enum(APPLICATION_STATUSES)),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  from: z.optional(day),
  to: z.optional(day),
});

export function MyApplicationsPage() {
  const { t } = useI18n();
  const date = useDate();
  const [filters, update] = useSearchParamsSchema(MINE_URL);
  const { status, q, from, to } = filters;
  const list = usePagedList(
    (page, signal) => intakeApi.mine(page, { status, q, from, to }, signal),
    [status, q, from, to],
  );
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('nav.myApplications')}
      </Typography.Title>
      <div className="mine-filters" role="search" aria-label={t('mine.filters')}>
        <Input.Search
          aria-label={t('mine.search')}
          placeholder={t('mine.search')}
          defaultValue={q}
          allowClear
          maxLength={100}
          onSearch={(v) => update({ q: v.trim() })}
        />
        <Select
          aria-label={t('work.statusFilter')}
          className="status-filter"
          allowClear
          placeholder={t('work.statusFilter')}
          value={status}
          onChange={(v: string | undefined) => update({ status: v })}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))}
        />
        <fieldset className="date-range">
          <legend>{t('mine.dateRange')}</legend>
          <Input
            type="date"
            aria-label={t('mine.dateFrom')}
            value={from ?? ''}
            max={to}
            // A start after the end drops the end (the service refuses a reversed range).
            onChange={(e) => {
              const v = e.target.value;
              update({ from: v, ...(v && to && v > to ? { to: undefined } : {}) });
            }}
          />
          <span aria-hidden="true">–</span>
          <Input
            type="date"
            aria-label={t('mine.dateTo')}
            value={to ?? ''}
            min={from}
            onChange={(e) => {
              const v = e.target.value;
              update({ to: v, ...(v && from && v < from ? { from: undefined } : {}) });
            }}
          />
        </fieldset>
      </div>
      <PagedResultList
        list={list}
        rowKey="no"
        renderItem={(a) => (
          <List.Item className="application-row" data-no={a.no}>
            <div className="application-row-body">
              <div className="application-row-head">
                <Link to={`/me/applications/${encodeURIComponent(a.no)}`} className="application-row-title">
                  {a.itemName}
                </Link>
                <StatusTag status={a.status} />
              </div>
              <p className="muted application-row-facts">
                {t('work.no')}：{a.no} · {t('mine.received')}：{date(a.receivedAt)}
              </p>
              {a.servicePointName && (
                <p className="muted" data-testid="application-row-location">
                  {t('sn.here', { name: a.servicePointName })}
                  {a.handoverPending && (
                    <>
                      {' '}
                      <Tag color="orange">{t('sn.pending')}</Tag>
                    </>
                  )}
                </p>
              )}
              <ApplicationSteps status={a.status} accepted={a.acceptedAt !== null} />
              <DueLine
                status={a.status}
                promisedLimitDays={a.promisedLimitDays}
                dueBy={a.dueBy}
                provisional={a.dueByProvisional}
              />
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
