/** 综合窗口 queue (/desk): the region's applications by status, with counts. */
import { Button, List, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { intakeApi } from '../../api/intake.api.js';
import { PagedResultList } from '../../components/paged-result-list.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useAsync } from '../../components/use-async.js';
import { StatusTag, useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import * as z from 'zod/mini';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { AppointmentDayPanel } from '../appointments/day-panel.js';

/** `apptDate`: the day of the appointment panel (default today). */
const DESK_URL = z.object({ apptDate: z.optional(z.iso.date()) });

const QUEUE_STATUSES = ['submitted', 'supplemented', 'supplement-requested', 'completed'] as const;

export function DeskQueuePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const date = useDate();
  const [status, setStatus] = useState<string>('all');
  const [url] = useSearchParamsSchema(DESK_URL);
  const [counts] = useAsync(async (signal) => {
    const totals = await Promise.all(
      QUEUE_STATUSES.map((s) => intakeApi.queue(1, s, signal).then((p) => [s, p.total] as const)),
    );
    return Object.fromEntries(totals);
  }, []);
  const list = usePagedList(
    (page, signal) => intakeApi.queue(page, status === 'all' ? undefined : status, signal),
    [status],
  );
  const n = (s: string) => (counts.status === 'ok' ? (counts.data[s] ?? 0) : '…');
  const all = counts.status === 'ok' ? Object.values(counts.data).reduce((a, b) => a + b, 0) : '…';
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('desk.title')}
      </Typography.Title>
      <div className="button-row bottom-gap">
        <Button type="primary" onClick={() => void navigate('/desk/apply')}>
          {t('agent.open')}
        </Button>
      </div>
      <AppointmentDayPanel date={url.apptDate} />
      <div className="scroll-x" tabIndex={0}>
        <Segmented
          aria-label={t('work.statusFilter')}
          value={status}
          onChange={(v) => setStatus(String(v))}
          options={[
            { value: 'all', label: t('desk.count', { label: t('common.all'), n: all }) },
            ...QUEUE_STATUSES.map((s) => ({
              value: s,
              label: t('desk.count', { label: t(`status.${s}` as MessageKey), n: n(s) }),
            })),
          ]}
        />
      </div>
      <PagedResultList
        list={list}
        rowKey="no"
        renderItem={(a) => (
          <List.Item className="application-row" data-no={a.no}>
            <List.Item.Meta
              title={<Link to={`/desk/${encodeURIComponent(a.no)}`}>{a.itemName}</Link>}
              description={
                <>
                  {a.no} · {a.applicantName} · {date(a.receivedAt)}
                </>
              }
            />
            <StatusTag status={a.status} />
          </List.Item>
        )}
      />
    </div>
  );
}
