/** A case's timeline as Gantt-like bars per step, pauses shaded. */
import { Card, Empty, Table, Tag, Timeline, Typography } from 'antd';
import type { Pause, SupervisorCaseTimeline } from '../../api/supervision.api.js';
import { ProvisionalTag } from '../../components/provisional-tag.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { LEVEL_TAG } from './labels.js';

interface Bar {
  key: string;
  label: string;
  start: number;
  end: number;
  open: boolean;
  level?: string;
  pauses: Array<{ start: number; end: number }>;
  detail: string;
}

const ms = (v: string | null | undefined): number | null => (v ? new Date(v).getTime() : null);

function barsOf(
  tl: SupervisorCaseTimeline,
  now: number,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  dept: (c: string) => string,
): Bar[] {
  const c = tl.case;
  const pausesOf = (list: readonly Pause[] | undefined) =>
    (list ?? []).map((p) => ({
      start: new Date(p.start).getTime(),
      end: p.end ? new Date(p.end).getTime() : now,
    }));
  const bars: Bar[] = [];
  const received = ms(c.receivedAt);
  const accepted = ms(c.acceptedAt);
  if (received !== null) {
    bars.push({
      key: 'acceptance',
      label: t('sup.bar.acceptance'),
      start: received,
      end: accepted ?? now,
      open: accepted === null,
      pauses: [],
      detail: t('sup.bar.acceptanceDetail'),
    });
  }
  const clock = tl.clocks.find((k) => k.subject === 'case');
  if (accepted !== null) {
    const stop = ms(clock?.stoppedAt) ?? ms(c.decidedAt) ?? ms(c.completedAt) ?? ms(c.closedAt);
    bars.push({
      key: 'case',
      label: t('sup.bar.case'),
      start: accepted,
      end: stop ?? now,
      open: stop === null,
      level: clock?.level ?? c.cardLevel,
      pauses: pausesOf(clock?.pauses ?? c.pauses.map((p) => ({ start: p.startedAt, end: p.endedAt }))),
      detail: t('sup.bar.limit', {
        n: c.promisedLimitDays + c.extensionDays,
        used: clock?.usedDays ?? c.workingDaysUsed ?? 0,
      }),
    });
  }
  for (const task of tl.tasks) {
    const k = tl.clocks.find((x) => x.subject === `task:${task.taskId}`);
    const end = ms(task.completedAt);
    bars.push({
      key: task.taskId,
      label: `${task.departmentName || dept(task.departmentCode)}（${task.role === 'lead' ? t('sup.lead') : t('sup.co')}）`,
      start: new Date(task.startedAt).getTime(),
      end: end ?? now,
      open: end === null,
      level: k?.level,
      pauses: pausesOf(k?.pauses),
      detail: `${t('sup.bar.limit', { n: task.limitDays, used: k?.usedDays ?? task.workingDaysUsed ?? 0 })}${task.verdict ? ` · ${task.verdict}` : ''}`,
    });
  }
  const delivered = ms(c.deliveredAt);
  const completed = ms(c.completedAt);
  if (completed !== null)
    bars.push({
      key: 'delivery',
      label: t('sup.bar.delivery'),
      start: completed,
      end: delivered ?? now,
      open: delivered === null,
      pauses: [],
      detail: '',
    });
  return bars;
}

export function CaseGantt({
  tl,
  date,
  dept,
}: {
  tl: SupervisorCaseTimeline;
  date: (v: string | null | undefined) => string;
  dept: (c: string) => string;
}) {
  const { t } = useI18n();
  const now = ms(tl.readAt) ?? Date.now();
  const bars = barsOf(tl, now, t, dept);
  const min = Math.min(...bars.map((b) => b.start), now);
  const max = Math.max(...bars.map((b) => b.end), min + 1);
  const pos = (v: number) => `${(((v - min) / (max - min)) * 100).toFixed(2)}%`;
  const width = (a: number, b: number) => `${Math.max(0.8, ((b - a) / (max - min)) * 100).toFixed(2)}%`;
  const c = tl.case;
  return (
    <>
      <Card size="small">
        <p>
          <strong>{c.itemName}</strong> · {dept(c.departmentCode)} ·{' '}
          <Tag color={LEVEL_TAG[c.cardLevel]}>{t(`sup.card.${c.cardLevel}`)}</Tag>
        </p>
        <p className="muted">
          {t('sup.receivedAt')} {date(c.receivedAt)} · {t('sup.promisedDue')} {date(c.promisedDueAt)}{' '}
          <ProvisionalTag due={c.promisedDueAt} show={c.provisional} />
        </p>
      </Card>
      <Card size="small" title={<h2 className="card-title">{t('sup.gantt')}</h2>}>
        {bars.length === 0 ? (
          <Empty description={t('sup.noSteps')} />
        ) : (
          <div className="gantt" aria-hidden="true" data-testid="gantt">
            {bars.map((b) => (
              <div className="gantt-row" key={b.key}>
                <div className="gantt-label">{b.label}</div>
                <div className="gantt-track">
                  <div
                    className={`gantt-bar level-${b.level ?? 'none'}${b.open ? ' open' : ''}`}
                    style={{ left: pos(b.start), width: width(b.start, b.end) }}
                  />
                  {b.pauses.map((p, i) => (
                    <div
                      key={i}
                      className="gantt-pause"
                      style={{ left: pos(p.start), width: width(p.start, p.end) }}
                      data-testid="gantt-pause"
                    />
                  ))}
                </div>
              </div>
            ))}
            <div className="gantt-axis">
              <span>{date(new Date(min).toISOString())}</span>
              <span>{date(new Date(max).toISOString())}</span>
            </div>
          </div>
        )}
        <p className="muted gantt-legend">{t('sup.ganttLegend')}</p>
        <div className="scroll-x" tabIndex={0}>
          <Table<Bar>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={bars}
            data-testid="gantt-table"
            caption={<span className="sr-only">{t('sup.gantt')}</span>}
            columns={[
              { title: t('sup.step'), dataIndex: 'label', key: 'label' },
              {
                title: t('sup.start'),
                key: 'start',
                render: (_, b) => date(new Date(b.start).toISOString()),
              },
              {
                title: t('sup.end'),
                key: 'end',
                render: (_, b) => (b.open ? t('sup.running') : date(new Date(b.end).toISOString())),
              },
              { title: t('sup.limitUsed'), dataIndex: 'detail', key: 'detail' },
              {
                title: t('sup.pauses'),
                key: 'pauses',
                render: (_, b) =>
                  b.pauses.length === 0
                    ? '—'
                    : b.pauses
                        .map(
                          (p) =>
                            `${date(new Date(p.start).toISOString())} – ${date(new Date(p.end).toISOString())}`,
                        )
                        .join('；'),
              },
            ]}
          />
        </div>
      </Card>
      {tl.case.handover !== null && (
        <Card
          size="small"
          title={<h2 className="card-title">{t('nd.handover')}</h2>}
          data-testid="case-handover"
        >
          <p>
            {t('nd.handoverFromTo', { from: tl.case.handover.from.name, to: tl.case.handover.to.name })}{' '}
            <span className="muted">{date(tl.case.handover.handedOverAt)}</span>
          </p>
          {tl.case.handover.waitWorkingHours !== null && (
            <p>
              {t('nd.wait', {
                days: tl.case.handover.waitWorkingDays ?? 0,
                hours: tl.case.handover.waitWorkingHours,
              })}
            </p>
          )}
          <p>
            {tl.case.handover.acceptWorkingHours !== null
              ? t('nd.accept', {
                  days: tl.case.handover.acceptWorkingDays ?? 0,
                  hours: tl.case.handover.acceptWorkingHours,
                })
              : t('nd.notAccepted')}
          </p>
        </Card>
      )}
      {tl.anomalies.length > 0 && (
        <Card size="small" title={<h2 className="card-title">{t('sup.anomalies')}</h2>}>
          <ul>
            {tl.anomalies.map((a) => (
              <li key={a.id}>
                <Tag color="volcano">{a.ruleNo}</Tag> {a.title} — {a.detail}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card size="small" title={<h2 className="card-title">{t('sup.events')}</h2>}>
        <Timeline
          items={tl.entries.map((e) => ({
            key: e.eventId,
            content: (
              <>
                <strong>{e.label}</strong> <span className="muted">{date(e.occurredAt)}</span>
                {e.actor?.name && <span className="muted"> · {e.actor.name}</span>}
                {e.traceId && (
                  <div className="trace-id">
                    <span className="muted">{t('sup.traceId')}</span>{' '}
                    <Typography.Text code copyable={{ text: e.traceId }} data-testid="trace-id">
                      {e.traceId}
                    </Typography.Text>
                  </div>
                )}
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Working-day calendar editor
