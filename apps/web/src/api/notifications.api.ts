/**
 * 站内信 (intake service): the signed-in user's inbox — one message per status change of their applications and per
 * special procedure — newest first, with the count of unread messages; marking one read. Types are the service's
 * HTTP contract (`@hall/contracts/api`); responses are checked against it in development builds.
 */
import type { NotificationInbox, NotificationRead } from '@hall/contracts/api';
import { apiCall } from './http.js';

export type { NotificationInbox, NotificationRead } from '@hall/contracts/api';
export type NotificationItem = NotificationInbox['items'][number];

const BASE = '/api/intake/notifications';
/** The service's default page size (NotificationInboxQuery); the inbox answer does not repeat it. */
export const INBOX_PAGE_SIZE = 20;

export const notificationsApi = {
  inbox(
    q: { page?: number; pageSize?: number; unreadOnly?: boolean },
    signal?: AbortSignal,
  ): Promise<NotificationInbox> {
    return apiCall('NotificationInbox', BASE, {
      query: { page: q.page, pageSize: q.pageSize, unread: q.unreadOnly ? '1' : undefined },
      signal,
    });
  },
  read(id: string): Promise<NotificationRead> {
    return apiCall('NotificationRead', `${BASE}/${encodeURIComponent(id)}/read`, { method: 'POST' });
  },
};
