/** 我的预约 (/me/appointments, applicants): my bookings, latest slot first, each cancellable until its slot starts. */
import { App, Button, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { appointmentsApi, type AppointmentView } from '../../api/appointments.api.js';
import { AsyncView } from '../../components/async-view.js';
import { useErrorText } from '../../components/error-alert.js';
import { useAsync } from '../../components/use-async.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDayLabel } from './book-page.js';

export function MyAppointmentsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [state, reload] = useAsync((signal) => appointmentsApi.mine(signal), []);
  const cancel = async (a: AppointmentView) => {
    try {
      await appointmentsApi.cancel(a.id);
      void message.success(t('appt.cancelled'));
    } catch (err) {
      void message.error(errorText(err));
    }
    reload();
  };
  return (
    <div className="page my-appointments-page">
      <Typography.Title level={1} className="page-title">
        {t('title.myAppointments')}
      </Typography.Title>
      <AsyncView
        state={state}
        onRetry={reload}
        isEmpty={(l) => l.length === 0}
        emptyText={t('appt.mineEmpty')}
      >
        {(list) => (
          <List
            dataSource={list}
            rowKey="id"
            renderItem={(a) => (
              <List.Item
                className="appointment-row"
                data-testid="appointment-row"
                actions={
                  a.cancellable
                    ? [
                        <Popconfirm
                          key="cancel"
                          title={t('appt.cancelConfirm')}
                          okText={t('appt.cancel')}
                          cancelText={t('confirm.back')}
                          onConfirm={() => void cancel(a)}
                        >
                          <Button danger>{t('appt.cancel')}</Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <AppointmentMeta a={a} />
              </List.Item>
            )}
          />
        )}
      </AsyncView>
    </div>
  );
}

export function AppointmentMeta({ a, citizen }: { a: AppointmentView; citizen?: string }) {
  const { t } = useI18n();
  const dayLabel = useDayLabel();
  return (
    <List.Item.Meta
      title={
        <Space wrap>
          <span>{a.itemName}</span>
          <Tag color={a.status === 'booked' ? 'blue' : 'default'}>{t(`appt.status.${a.status}`)}</Tag>
        </Space>
      }
      description={
        <>
          <div>{t('appt.when', { date: dayLabel(a.date), start: a.start, end: a.end })}</div>
          <div>{t('appt.where', { name: a.servicePoint.name, address: a.servicePoint.address })}</div>
          {citizen && <div>{t('appt.citizen', { name: citizen })}</div>}
        </>
      }
    />
  );
}
