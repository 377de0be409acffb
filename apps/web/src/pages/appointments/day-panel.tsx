/**
 * 今日预约 on the window's queue (/desk): the day's bookings at the service points of the clerk's region, by slot.
 * `?apptDate=YYYY-MM-DD` shows another day (default today, China time).
 */
import { Collapse, List } from 'antd';
import { appointmentsApi } from '../../api/appointments.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { AppointmentMeta } from './my-appointments-page.js';

export function AppointmentDayPanel({ date }: { date?: string | undefined }) {
  const { t } = useI18n();
  const [state, reload] = useAsync((signal) => appointmentsApi.day(date ? { date } : {}, signal), [date]);
  const n = state.status === 'ok' ? state.data.items.length : '…';
  const title = date ? t('appt.dayOf', { date }) : t('appt.today');
  return (
    <Collapse
      className="bottom-gap"
      data-testid="appointment-day"
      defaultActiveKey={['day']}
      items={[
        {
          key: 'day',
          label: `${title}（${n}）`,
          children: (
            <AsyncView
              state={state}
              onRetry={reload}
              isEmpty={(d) => d.items.length === 0}
              emptyText={t('appt.dayEmpty')}
            >
              {(d) => (
                <List
                  dataSource={d.items}
                  rowKey="id"
                  renderItem={(a) => (
                    <List.Item className="appointment-row" data-testid="appointment-day-row">
                      <AppointmentMeta a={a} citizen={a.citizenName} />
                    </List.Item>
                  )}
                />
              )}
            </AsyncView>
          ),
        },
      ]}
    />
  );
}
