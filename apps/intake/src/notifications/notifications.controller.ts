import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '@hall/auth';
import { NotificationInbox, NotificationInboxQuery, NotificationRead } from '@hall/contracts';
import { ApiZodResponse, AppError, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import type { Clock } from '@hall/calendar';
import { iso, isoOrNull } from '../shared/instant.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';
import { NotificationRepository } from './notification.repository.js';

@ApiTags('notifications 站内信')
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  @Authenticated()
  @Get()
  @ApiOperation({ summary: 'My inbox: a message for every status change of my applications, newest first' })
  @ApiZodResponse(200, NotificationInbox)
  async list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(NotificationInboxQuery) q: NotificationInboxQuery,
  ): Promise<NotificationInbox> {
    const { total, unread, rows } = await this.notifications.inbox(user.id, {
      unreadOnly: q.unread !== undefined,
      page: q.page,
      pageSize: q.pageSize,
    });
    return {
      total,
      unread,
      items: rows.map((n) => ({
        id: n.id,
        applicationNo: n.applicationNo,
        kind: n.kind,
        title: n.title,
        body: n.body,
        createdAt: iso(n.createdAt),
        readAt: isoOrNull(n.readAt),
      })),
    };
  }

  @Authenticated()
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my messages read' })
  @ApiZodResponse(200, NotificationRead)
  async read(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
  ): Promise<NotificationRead> {
    if (!(await this.notifications.markRead(user.id, id, this.clock.now())))
      throw AppError.notFound('notification', id);
    return { id, read: true as const };
  }
}
