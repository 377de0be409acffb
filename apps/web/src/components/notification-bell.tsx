/** 通知中心 entry in the header: a bell with the number of unread messages, linking to /me/notifications. */
import { Badge } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { isAbort } from '../api/http.js';
import { notificationsApi } from '../api/notifications.api.js';
import { useI18n } from '../i18n/i18n.js';

/** Fired (on window) when the notification page changed what is read, so the bell counts again at once. */
export const NOTIFICATIONS_CHANGED = 'hall:notifications-changed';

/**
 * The unread count is asked for again on every navigation and whenever the notification page marks a message
 * read — no polling timer: a new message shows on the next page the user opens.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    const bump = () => setChanged((n) => n + 1);
    window.addEventListener(NOTIFICATIONS_CHANGED, bump);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, bump);
  }, []);
  useEffect(() => {
    const ctrl = new AbortController();
    notificationsApi.inbox({ pageSize: 1 }, ctrl.signal).then(
      (inbox) => !ctrl.signal.aborted && setUnread(inbox.unread),
      // The bell is a hint: when the inbox cannot be read it shows no number (the page itself reports errors).
      (error: unknown) => !ctrl.signal.aborted && !isAbort(error) && setUnread(null),
    );
    return () => ctrl.abort();
  }, [pathname, changed]);
  const count = unread ?? 0;
  return (
    <Link
      to="/me/notifications"
      className="notification-bell"
      data-testid="notification-bell"
      data-unread={count}
      aria-label={count > 0 ? t('notif.bell', { count }) : t('notif.bellNone')}
    >
      <Badge count={count} size="small" overflowCount={99}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
      </Badge>
    </Link>
  );
}
