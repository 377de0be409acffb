/**
 * 预约办理 (/appointments/book?item=&itemName=&point=, applicants): from a guide's 办理网点 — choose the point, a working
 * day and a slot with places left, confirm; then 我的预约. Only points that handle the item are offered.
 */
import { Alert, App, Button, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import * as z from 'zod/mini';
import { appointmentsApi, type AppointmentSlot } from '../../api/appointments.api.js';
import { intakeApi } from '../../api/intake.api.js';
import { useAuth } from '../../auth/auth.js';
import { AsyncView } from '../../components/async-view.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useConfirm } from '../../components/confirm.js';
import { useAsync } from '../../components/use-async.js';
import { useSearchParamsSchema } from '../../components/use-url-params.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

const BOOK_URL = z.object({
  item: z.optional(z.string().check(z.maxLength(64))),
  itemName: z.optional(z.string().check(z.maxLength(200))),
  point: z.optional(z.string().check(z.maxLength(64))),
});

/** "10-08 周四" for a YYYY-MM-DD day. */
export function useDayLabel(): (date: string) => string {
  const { t } = useI18n();
  return (date) => {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return `${date.slice(5)} ${t(`appt.weekday.${weekday}` as MessageKey)}`;
  };
}

export function BookAppointmentPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [url, update] = useSearchParamsSchema(BOOK_URL);
  const item = url.item ?? '';
  const region = user?.region && /^\d{6}(\d{6})?$/.test(user.region) ? user.region : undefined;
  const [points, reloadPoints] = useAsync(
    (signal) =>
      item
        ? intakeApi.servicePoints({ implementationCode: item, ...(region ? { region } : {}) }, signal)
        : Promise.resolve([]),
    [item, region],
  );
  return (
    <div className="page appointment-book-page">
      <Typography.Title level={1} className="page-title">
        {t('title.appointmentBook')}
      </Typography.Title>
      {url.itemName && <Typography.Title level={2}>{url.itemName}</Typography.Title>}
      <p className="muted">{t('appt.intro')}</p>
      <AsyncView
        state={points}
        onRetry={reloadPoints}
        isEmpty={(list) => list.length === 0}
        emptyText={t('appt.noPoints')}
      >
        {(list) => {
          const pointId = url.point && list.some((p) => p.id === url.point) ? url.point : list[0]?.id;
          const point = list.find((p) => p.id === pointId);
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <label className="field-label">
                <span>{t('appt.point')}</span>
                <Select
                  aria-label={t('appt.point')}
                  data-testid="appointment-point"
                  style={{ width: '100%' }}
                  value={pointId}
                  placeholder={t('appt.pickPoint')}
                  onChange={(v: string) => update({ point: v })}
                  options={list.map((p) => ({ value: p.id, label: p.name }))}
                />
              </label>
              {point && <div className="muted">{t('sn.address', { address: point.address })}</div>}
              {point && <SlotPicker key={point.id} item={item} pointId={point.id} pointName={point.name} />}
            </Space>
          );
        }}
      </AsyncView>
    </div>
  );
}

function SlotPicker({ item, pointId, pointName }: { item: string; pointId: string; pointName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const dayLabel = useDayLabel();
  const [state, reload] = useAsync(
    (signal) => appointmentsApi.slots({ servicePointId: pointId, implementationCode: item }, signal),
    [pointId, item],
  );
  const [date, setDate] = useState<string | undefined>();
  const [start, setStart] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);

  return (
    <AsyncView
      state={state}
      onRetry={reload}
      isEmpty={(s) => !s.days.some((d) => d.slots.some((x) => x.bookable))}
      emptyText={t('appt.noDays')}
    >
      {(s) => {
        const days = s.days.filter((d) => d.slots.some((x) => x.bookable));
        const day = days.find((d) => d.date === date) ?? days[0];
        const slot: AppointmentSlot | undefined = day?.slots.find((x) => x.start === start && x.bookable);
        const book = () => {
          if (!day || !slot) return;
          confirm(
            {
              title: t('appt.confirmTitle'),
              consequence: t('appt.confirmText', {
                point: pointName,
                date: dayLabel(day.date),
                start: slot.start,
                end: slot.end,
              }),
              okText: t('appt.confirm'),
            },
            async () => {
              setError(null);
              try {
                await appointmentsApi.book({
                  servicePointId: pointId,
                  implementationCode: item,
                  date: day.date,
                  start: slot.start,
                });
                void message.success(t('appt.booked'));
                void navigate('/me/appointments');
              } catch (err) {
                setError(err);
                reload();
              }
            },
          );
        };
        return (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <div role="group" aria-label={t('appt.date')} data-testid="appointment-days">
              <div className="field-label">{t('appt.date')}</div>
              <Radio.Group
                optionType="button"
                value={day?.date}
                onChange={(e) => {
                  setDate(String(e.target.value));
                  setStart(undefined);
                }}
                options={days.map((d) => ({ value: d.date, label: dayLabel(d.date) }))}
              />
            </div>
            {day && (
              <div role="group" aria-label={t('appt.slot')} data-testid="appointment-slots">
                <div className="field-label">{t('appt.slot')}</div>
                <Radio.Group
                  optionType="button"
                  value={slot?.start}
                  onChange={(e) => setStart(String(e.target.value))}
                  options={day.slots.map((x) => ({
                    value: x.start,
                    disabled: !x.bookable,
                    label: `${x.start}-${x.end} ${x.available > 0 ? t('appt.left', { n: x.available }) : t('appt.full')}`,
                  }))}
                />
              </div>
            )}
            {error !== null && <ErrorAlert error={error} />}
            {!slot && <Alert type="info" showIcon message={t('appt.pickSlot')} />}
            <Button
              type="primary"
              size="large"
              disabled={!slot}
              onClick={book}
              data-testid="appointment-confirm"
            >
              {t('appt.confirm')}
            </Button>
          </Space>
        );
      }}
    </AsyncView>
  );
}
