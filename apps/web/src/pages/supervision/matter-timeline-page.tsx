/** One request's or enquiry's timeline (/supervision/matters/view?no=…): its clock, its pauses and every step. */
import { Alert, Descriptions, Tag, Timeline } from 'antd';
import * as z from 'zod/mini';
import { supervisionApi, type MatterTimeline } from '../../api/supervision.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useDate } from '../../components/work.js';
import { useI18n } from '../../i18n/i18n.js';
import { LEVEL_TAG, useDept } from './labels.js';
import { levelKey, outcomeKey, statusKey, subKindKey } from './matter-labels.js';
import { SupervisionNav } from './supervision-nav.js';

const MATTER_URL = z.object({ no: z._default(z.string(), '') });

export function MatterTimelinePage() {
  const { t } = useI18n();
  const [{ no }] = useSearchParamsSchema(MATTER_URL);
  const [state, reload] = useAsync((signal) => supervisionApi.matterTimeline(no, signal), [no]);
  return (
    <div className="page">
      <h1 className="page-title">
        {t('matters.timelineTitle')} · {no}
      </h1>
      <SupervisionNav />
      <AsyncView state={state} onRetry={reload}>
        {(tl) => <MatterView tl={tl} />}
      </AsyncView>
    </div>
  );
}

function MatterView({ tl }: { tl: MatterTimeline }) {
  const { t } = useI18n();
  const date = useDate();
  const dept = useDept();
  const m = tl.matter;
  const outcome = outcomeKey(m.outcome);
  return (
    <>
      {m.provisional && (
        <Alert type="warning" showIcon className="stack-xs" title={t('matters.provisional')} />
      )}
      <h2>{t('matters.clock')}</h2>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        data-testid="matter-clock"
        items={[
          { key: 'kind', label: t('matters.kind'), children: t(subKindKey(m.subKind)) },
          {
            key: 'dept',
            label: t('matters.department'),
            children: m.departmentCode === null ? t('matters.unrouted') : dept(m.departmentCode),
          },
          { key: 'status', label: t('matters.status'), children: t(statusKey(m.status)) },
          {
            key: 'level',
            label: t('matters.level'),
            children: <Tag color={LEVEL_TAG[m.level]}>{t(levelKey(m.level))}</Tag>,
          },
          { key: 'received', label: t('matters.receivedAt'), children: date(m.receivedAt) },
          { key: 'start', label: t('matters.startedAt'), children: date(m.startedAt) },
          { key: 'due', label: t('matters.due'), children: date(m.dueAt) },
          {
            key: 'used',
            label: t('matters.used'),
            children: t('matters.usedOf', { used: m.usedDays, limit: m.limitDays }),
          },
          { key: 'ext', label: t('matters.extension'), children: t('matters.days', { n: m.extensionDays }) },
          {
            key: 'paused',
            label: t('matters.pausedDays'),
            children: <span data-testid="matter-paused-days">{t('matters.days', { n: m.pausedDays })}</span>,
          },
          {
            key: 'onTime',
            label: t('matters.onTime'),
            children: m.onTime === null ? '—' : t(m.onTime ? 'matters.onTime.true' : 'matters.onTime.false'),
          },
          { key: 'outcome', label: t('matters.outcome'), children: outcome === null ? '—' : t(outcome) },
        ]}
      />
      {m.pauses.length > 0 && (
        <>
          <h2>{t('matters.pauses')}</h2>
          <ul className="reasons" data-testid="matter-pauses">
            {m.pauses.map((p) => (
              <li key={`${p.kind}-${p.startedAt}`}>
                {t(`matters.pause.${p.kind}`)}：
                {t('matters.pauseRange', {
                  from: date(p.startedAt),
                  to: p.endedAt === null ? t('matters.pauseOpen') : date(p.endedAt),
                })}
                ，{t('matters.days', { n: p.workingDays })}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('matters.steps')}</h2>
      <Timeline
        data-testid="matter-steps"
        items={tl.entries.map((e) => ({
          key: e.eventId,
          content: (
            <div>
              <strong>{e.label}</strong>
              <div className="muted">
                {date(e.occurredAt)}
                {e.actor?.name !== undefined && ` · ${t('matters.actor')}：${e.actor.name}`}
              </div>
              {e.pausedDays !== null && (
                <Tag color="blue">{t('matters.stepPaused', { n: e.pausedDays })}</Tag>
              )}
            </div>
          ),
        }))}
      />
    </>
  );
}
