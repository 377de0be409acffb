/** 通知中心 (/me/notifications): the signed-in user's messages, newest first, paged; unread ones can be marked read. */
import { App, Button, Empty, List, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { INBOX_PAGE_SIZE, notificationsApi, type NotificationItem } from '../api/notifications.api.js';
import { useAuth } from '../auth/auth.js';
import { AsyncView } from '../components/async-view.js';
import { useErrorText } from '../components/error-alert.js';
import { NOTIFICATIONS_CHANGED } from '../components/notification-bell.js';
import { usePagedList } from '../components/use-paged-list.js';
import { useDate } from '../components/work.js';
import { useI18n } from '../i18n/i18n.js';

export function NotificationsPage() {
  const { t } = useI18n();
  const date = useDate();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const list = usePagedList(
    async (page, signal) => ({
      ...(await notificationsApi.inbox({ page, pageSize: INBOX_PAGE_SIZE, unreadOnly }, signal)),
      pageSize: INBOX_PAGE_SIZE,
    }),
    [unreadOnly],
  );
  const markRead = async (n: NotificationItem) => {
    setBusy(n.id);
    try {
      await notificationsApi.read(n.id);
      void message.success(t('notif.marked'));
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      list.reload();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  // Messages are about the applicant's own applications: the number links to 我的办件 for applicants.
  const applicant = hasRole('applicant');
  return (
    <div className="page">
      <Typography.Title level={1} className="page-title">
        {t('notif.title')}
      </Typography.Title>
      <label className="inline-switch">
        <Switch checked={unreadOnly} onChange={setUnreadOnly} data-testid="notif-unread-only" />{' '}
        {t('notif.unreadOnly')}
      </label>
      <AsyncView state={list.state} onRetry={list.reload}>
        {(data) => (
          <>
            <p className="muted" data-testid="notif-summary">
              {t('notif.unreadSummary', { total: data.total, unread: data.unread })}
            </p>
            <List
              className="result-list"
              locale={{
                emptyText: <Empty description={t(unreadOnly ? 'notif.emptyUnread' : 'notif.empty')} />,
              }}
              dataSource={data.items}
              rowKey="id"
              pagination={list.pagination(data)}
              renderItem={(n) => (
                <List.Item
                  className={`notification-row${n.readAt ? '' : ' unread'}`}
                  data-id={n.id}
                  data-read={n.readAt ? 'true' : 'false'}
                  actions={
                    n.readAt
                      ? []
                      : [
                          <Button
                            key="read"
                            size="small"
                            loading={busy === n.id}
                            onClick={() => void markRead(n)}
                          >
                            {t('notif.markRead')}
                          </Button>,
                        ]
                  }
                >
                  <List.Item.Meta
                    title={
                      <>
                        {!n.readAt && <Tag color="red">{t('notif.unread')}</Tag>}
                        {n.title}
                      </>
                    }
                    description={
                      <>
                        <p className="notification-body">{n.body}</p>
                        <span>
                          {applicant ? (
                            <Link to={`/me/applications/${encodeURIComponent(n.applicationNo)}`}>
                              {t('notif.application', { no: n.applicationNo })}
                            </Link>
                          ) : (
                            t('notif.application', { no: n.applicationNo })
                          )}{' '}
                          · {date(n.createdAt)}
                        </span>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </>
        )}
      </AsyncView>
    </div>
  );
}
