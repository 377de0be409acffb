import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '@hall/auth';
import { NotificationInbox, NotificationInboxQuery, NotificationRead } from '@hall/contracts';
import { ApiZodResponse, AppError, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import type { Clock } from '@hall/calendar';
import { IntakeStore } from '../intake.store.js';
import { iso, isoOrNull } from '../shared/instant.js';
import { INTAKE_CLOCK } from '../shared/tokens.js';

@ApiTags('notifications 站内信')
@Controller('notifications')
export class NotificationsController {
  constructor(
    @Inject(IntakeStore) private readonly store: IntakeStore,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  @Authenticated()
  @Get()
  @ApiOperation({ summary: 'My inbox: a message for every status change of my applications, newest first' })
  @ApiZodResponse(200, NotificationInbox)
  async list(@CurrentUser() user: CurrentUser, @ZodQuery(NotificationInboxQuery) q: NotificationInboxQuery): Promise<NotificationInbox> {
    const where = { userId: user.id, ...(q.unread ? { readAt: null } : {}) };
    const [total, unread, rows] = await Promise.all([
      this.store.prisma.notification.count({ where }),
      this.store.prisma.notification.count({ where: { userId: user.id, readAt: null } }),
      this.store.prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    return {
      total,
      unread,
      items: rows.map((n) => ({ id: n.id, applicationNo: n.applicationNo, kind: n.kind, title: n.title, body: n.body, createdAt: iso(n.createdAt), readAt: isoOrNull(n.readAt) })),
    };
  }

  @Authenticated()
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my messages read' })
  @ApiZodResponse(200, NotificationRead)
  async read(@CurrentUser() user: CurrentUser, @ZodParam('id', z.uuid()) id: string): Promise<NotificationRead> {
    const res = await this.store.prisma.notification.updateMany({ where: { id, userId: user.id }, data: { readAt: this.clock.now() } });
    if (res.count === 0) throw AppError.notFound('notification', id);
    return { id, read: true as const };
  }
}
